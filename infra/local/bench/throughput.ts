import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { STEP_HANDLERS } from '../../../functions/steps';
import { UPLOAD_PREFIX } from '../../../shared/model/object-keys';
import { ApiClient } from '../demo/api-client';
import { toObjectCreatedEvents } from '../events';
import { type LocalRuntime, startLocalRuntime } from '../runtime';
import { benchMetadata } from './metadata';

export interface ThroughputFigures {
  /** Documents a round, uploaded together. */
  readonly perRound: number;
  readonly rounds: number;
  /** Upload → AWAITING_SIGNOFF through the flow: S3 event, the state machine, its tasks. Median docs/s. */
  readonly pipelineDocsPerSecond: number;
  /** The same registrations, PUTs and step handlers (so the same reads and transactions), called in a row: no event, no engine. */
  readonly floorDocsPerSecond: number;
  readonly ratio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const metadata = (n: number) => benchMetadata(`吞吐量基准测试通知（第${n}号）`);

async function statusOf(runtime: LocalRuntime, id: string): Promise<string | undefined> {
  return (await runtime.deps.documents.get(id))?.status;
}

/** Until every document is AWAITING_SIGNOFF (polling the table, as a caller of the API would). */
async function allAwaitingSignOff(runtime: LocalRuntime, ids: readonly string[]): Promise<void> {
  const pending = new Set(ids);
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const status = await statusOf(runtime, id);
      if (status === 'AWAITING_SIGNOFF') pending.delete(id);
      else if (status === 'FAILED' || status === 'IN_REVIEW')
        throw new Error(`${id} is ${status}, not on the happy path`);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The automated part of the flow (upload → intake → review → the leader's sign-off opened), through
 * the state machine and as the raw floor — the same uploads and step handlers, called directly —
 * alternating rounds in one runtime, so both see the same machine and the same table.
 */
export async function measureThroughput(options: { perRound?: number; rounds?: number; port?: number } = {}) {
  const perRound = options.perRound ?? 20;
  const rounds = options.rounds ?? 5;
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-throughput-'));
  const runtime = await startLocalRuntime({ port: options.port ?? 4100, dataDir });
  try {
    const uploader = await new ApiClient(runtime.url).login('zhang.wei');
    const callbacks = { succeed: async () => {}, fail: async () => {} };
    const steps = {
      intake: STEP_HANDLERS.intake(runtime.deps, { callbacks }),
      review: STEP_HANDLERS.review(runtime.deps, { callbacks }),
      openTask: STEP_HANDLERS.openTask(runtime.deps, { callbacks }),
    };
    // The floor's own listener: each upload's event goes straight to the handlers, in the flow's order.
    let floor: Promise<unknown>[] | undefined;
    runtime.s3.onObjectCreated((notification) => {
      for (const event of toObjectCreatedEvents(notification)) {
        const key = (event.detail.object as { key?: string } | undefined)?.key ?? '';
        if (!floor || !key.startsWith(UPLOAD_PREFIX)) continue;
        floor.push(
          (async () => {
            const executionId = `floor-${event.id}`;
            const intake = (await steps.intake({ event, executionId })) as { documentId: string; next: string };
            if (intake.next !== 'review') throw new Error(`floor: intake said ${intake.next}`);
            const review = (await steps.review({
              documentId: intake.documentId,
              taskToken: executionId,
              executionId,
            })) as {
              decision: string;
            };
            if (review.decision !== 'clear') throw new Error(`floor: review said ${review.decision}`);
            await steps.openTask({
              documentId: intake.documentId,
              kind: 'signoff',
              taskToken: executionId,
              executionId,
            });
          })(),
        );
      }
    });

    let n = 0;
    const round = async (through: 'pipeline' | 'floor') => {
      runtime.setUploadsStartFlow(through === 'pipeline');
      floor = through === 'floor' ? [] : undefined;
      const started = performance.now();
      const ids = await Promise.all(
        Array.from({ length: perRound }, () => {
          n += 1;
          return uploader.upload(metadata(n), `各学校：吞吐量基准测试第${n}份通知，请按时报送材料。`);
        }),
      );
      if (floor) {
        while (floor.length < perRound) await new Promise((r) => setTimeout(r, 5));
        await Promise.all(floor);
      }
      await allAwaitingSignOff(runtime, ids);
      return perRound / ((performance.now() - started) / 1000);
    };
    await round('pipeline'); // warm-up: the engine, the workers, the JIT
    await round('floor');
    const pipeline: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < rounds; r++) {
      pipeline.push(await round('pipeline'));
      raw.push(await round('floor'));
    }
    runtime.setUploadsStartFlow(true);
    const pipelineDocsPerSecond = Math.round(median(pipeline) * 10) / 10;
    const floorDocsPerSecond = Math.round(median(raw) * 10) / 10;
    return {
      perRound,
      rounds,
      pipelineDocsPerSecond,
      floorDocsPerSecond,
      ratio: Math.round((median(pipeline) / median(raw)) * 100) / 100,
    } satisfies ThroughputFigures;
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureThroughput());
}
