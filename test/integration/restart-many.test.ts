import { afterAll, describe, expect, it } from 'vitest';
import type { StepHandler } from '../../functions/steps';
import type { LocalRuntime, LocalRuntimeOptions } from '../../infra/local/runtime';
import { inProcessScanner } from '../../shared/review';
import { ApiClient, DEMO_METADATA, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

/**
 * Many documents in flight when the runtime stops — most waiting for their sign-off, some stopped
 * in the automated steps — all come back where they belong after a restart, resumed in bounded
 * batches. Counts, not times (`tsx infra/local/bench/restart.ts` does 1,000 and prints the seconds).
 */
const WAITING = 40;
const MOVING = 8;
const BATCH = 5;

describe('restarting the local runtime with many documents in flight', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime | undefined;

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  it(`resumes ${WAITING + MOVING} documents, ${BATCH} executions at a time, each back to its sign-off`, async () => {
    // Scans in this process: the restart is under test, not the scanner's workers.
    const quiet: Partial<LocalRuntimeOptions> = { scanner: inProcessScanner, sweep: { everyMs: 3_600_000 } };
    runtime = await startTestRuntime(data.dir, quiet);
    const uploader = await new ApiClient(runtime.url).login('zhang.wei');
    const uploadAll = (count: number, from: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          upload(uploader, `各学校：重启测试第${from + i}份通知。`, { ...DEMO_METADATA, title: `重启测试${from + i}` }),
        ),
      );
    const waiting = await uploadAll(WAITING, 0);
    for (const id of waiting) await waitForStatus(uploader, id, 'AWAITING_SIGNOFF', 120_000);
    await runtime.workflow.settled(120_000);
    // The rest stop mid-flow: claimed by an execution, not yet waiting for a person.
    const first = runtime;
    const moving = await uploadAll(MOVING, WAITING);
    for (;;) {
      const docs = await Promise.all(moving.map((id) => first.deps.documents.get(id)));
      if (docs.every((d) => d?.executionId)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await runtime.stop();
    runtime = undefined;

    // How many resumed executions run a step at the same time.
    let running = 0;
    let mostAtOnce = 0;
    const wrapStep =
      (_step: string, handler: StepHandler): StepHandler =>
      async (input) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          return await handler(input);
        } finally {
          running--;
        }
      };
    runtime = await startTestRuntime(data.dir, { ...quiet, resumeBatch: BATCH, wrapStep });
    const ids = [...waiting, ...moving];
    expect(runtime.resumed).toBe(ids.length);
    // The first batch came back before the runtime served; the rest follow, a batch at a time.
    await runtime.resumption;
    expect(mostAtOnce).toBeGreaterThan(0);
    expect(mostAtOnce).toBeLessThanOrEqual(BATCH);

    // Each is waiting for its sign-off again, with one execution waiting on one open task.
    const docs = await Promise.all(ids.map((id) => runtime?.deps.documents.get(id)));
    expect(docs.map((d) => d?.status)).toEqual(ids.map(() => 'AWAITING_SIGNOFF'));
    const executions = [...runtime.workflow.executions.values()];
    expect(executions.filter((e) => e.status === 'RUNNING')).toHaveLength(ids.length);
    expect(executions.filter((e) => e.status === 'FAILED')).toEqual([]);
    for (const doc of docs) {
      const task = doc?.openTaskId ? await runtime.deps.tasks.getTask(doc.openTaskId) : undefined;
      expect(task, `${doc?.id}'s sign-off`).toMatchObject({ kind: 'signoff', status: 'open' });
      const history = await runtime.deps.documents.history(doc?.id ?? '');
      expect(history.filter((e) => e.to === 'AWAITING_SIGNOFF')).toHaveLength(1);
    }

    // A resumed execution carries on: the leader's approval publishes.
    const leader = await new ApiClient(runtime.url).login('li.na');
    const taskId = docs[0]?.openTaskId ?? '';
    expect((await leader.post(`/api/tasks/${taskId}/decision`, { decision: 'approve' })).status).toBe(200);
    await waitForStatus(leader, ids[0] ?? '', 'PUBLISHED', 60_000);
  }, 400_000);
});
