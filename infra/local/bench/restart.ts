import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { inProcessScanner } from '../../../shared/review';
import { ApiClient } from '../demo/api-client';
import { type LocalRuntime, startLocalRuntime } from '../runtime';
import { benchMetadata } from './metadata';

export interface RestartResult {
  /** Documents mid-flow when the runtime stopped. */
  inFlight: number;
  /** From the start of the restart until it serves (it has resumed the first batch of documents). */
  readySeconds: number;
  /** From the start of the restart until every resumed document waits where it belongs. */
  resumedSeconds: number;
  /** The restart threw, an execution failed, or a document did not come back to where it belongs. */
  crashed: boolean;
  /** Documents resumed, and where they wait afterwards. */
  resumed: number;
  statuses: Record<string, number>;
  /** Executions running after the restart (each waits for its leader's sign-off). */
  waiting: number;
}

const METADATA = benchMetadata('重启测试通知', 'restart.txt');

async function statusCounts(runtime: LocalRuntime, ids: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const id of ids) {
    const status = (await runtime.deps.documents.get(id))?.status ?? 'missing';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** Uploads `count` documents, `parallel` at a time; returns their ids. */
async function uploadMany(runtime: LocalRuntime, count: number, parallel = 16): Promise<string[]> {
  const uploader = await new ApiClient(runtime.url).login('zhang.wei');
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) {
        ids.push(
          await uploader.upload({ ...METADATA, title: `${METADATA.title}${i}` }, `各学校：重启测试第${i}份通知。`),
        );
      }
    }),
  );
  return ids;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `n` documents in flight when the runtime stops — most waiting for their leader's sign-off, a
 * tenth of them stopped in the automated steps (claimed, not yet waiting) — then a restart on
 * the same data folder (its own temp folder and ports): how long until it serves, and whether every
 * document is back where it belongs with an execution waiting for it.
 */
export async function measureRestart(n = 1000, options: { port?: number } = {}): Promise<RestartResult> {
  const port = options.port ?? 4000;
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-restart-'));
  // Scans in this process: what is measured is the restart, not 1,000 worker threads scanning.
  const quiet = { port, dataDir, sweep: { everyMs: 3_600_000 }, scanner: inProcessScanner };
  let runtime: LocalRuntime | undefined = await startLocalRuntime(quiet);
  try {
    const moving = Math.floor(n / 10);
    const waiting = await uploadMany(runtime, n - moving);
    const first = runtime;
    await until(
      async () => (await statusCounts(first, waiting)).AWAITING_SIGNOFF === waiting.length,
      `${waiting.length} documents awaiting sign-off`,
    );
    await first.workflow.settled(600_000);
    // The last tenth is stopped mid-flow: claimed by an execution, not yet waiting for a person.
    const mid = await uploadMany(runtime, moving);
    await until(
      async () => (await Promise.all(mid.map((id) => first.deps.documents.get(id)))).every((d) => d?.executionId),
      'the last uploads claimed',
    );
    await runtime.stop();
    runtime = undefined;

    const ids = [...waiting, ...mid];
    const started = performance.now();
    let crashed = false;
    try {
      runtime = await startLocalRuntime(quiet);
    } catch {
      crashed = true;
    }
    const readySeconds = (performance.now() - started) / 1000;
    if (!runtime)
      return {
        inFlight: ids.length,
        readySeconds,
        resumedSeconds: Number.NaN,
        crashed,
        resumed: 0,
        statuses: {},
        waiting: 0,
      };
    const restarted = runtime;
    await restarted.resumption;
    const running = () => [...restarted.workflow.executions.values()].filter((e) => e.status === 'RUNNING').length;
    await until(
      async () => (await statusCounts(restarted, ids)).AWAITING_SIGNOFF === ids.length && running() === ids.length,
      'every document waiting for its sign-off again',
      300_000,
    ).catch(() => {
      crashed = true;
    });
    await restarted.workflow.settled(300_000).catch(() => {
      crashed = true;
    });
    const resumedSeconds = (performance.now() - started) / 1000;
    const failed = [...restarted.workflow.executions.values()].some((e) => e.status === 'FAILED');
    const statuses = await statusCounts(restarted, ids);
    return {
      inFlight: ids.length,
      readySeconds: Math.round(readySeconds * 10) / 10,
      resumedSeconds: Math.round(resumedSeconds * 10) / 10,
      crashed: crashed || failed || statuses.AWAITING_SIGNOFF !== ids.length,
      resumed: restarted.resumed,
      statuses,
      waiting: running(),
    };
  } finally {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 1000);
  console.log(JSON.stringify(await measureRestart(n), null, 2));
  process.exit(0);
}
