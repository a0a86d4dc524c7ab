import { afterAll, describe, expect, it } from 'vitest';
import type { RuntimePorts } from '../../infra/local/ports';
import type { LocalRuntime } from '../../infra/local/runtime';
import { alive, startRuntimeProcess, until } from './processes';
import {
  ApiClient,
  DEMO_METADATA,
  runtimePorts,
  startTestRuntime,
  tempDataDir,
  upload,
  waitForStatus,
} from './support';

/** How many documents are signed off at once before the crash. */
const DOCUMENTS = 9;

/**
 * A decision the API acknowledged survives a crash of the whole local runtime — the node
 * process and DynamoDB Local's Java process killed with SIGKILL the moment the approvals answered,
 * while the flows they resumed are routing and publishing — and the restarted runtime carries the
 * documents on to publication.
 */
/** Each test starts (and kills) whole runtimes: a guard against hangs, not a speed limit. */
const SPAWNS_RUNTIMES = 240_000;

describe('a crash of the local runtime (kill -9)', () => {
  const data = tempDataDir();
  /** Every process this test started, killed in afterAll whatever happened. */
  const pids = new Set<number>();
  /** Runtimes started in this process, stopped in afterAll. */
  const runtimes: LocalRuntime[] = [];
  const restart = async (dataDir: string, ports: RuntimePorts) => {
    const runtime = await startTestRuntime(dataDir, ports);
    runtimes.push(runtime);
    return runtime;
  };

  afterAll(async () => {
    for (const pid of pids) {
      try {
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      } catch {}
    }
    await Promise.allSettled(runtimes.map((r) => r.stop()));
    data.remove();
  });

  it(
    `keeps ${DOCUMENTS} acknowledged sign-offs decided at once, and publishes them after the restart`,
    async () => {
      const ports = await runtimePorts();
      const first = await startRuntimeProcess(ports, data.dir, pids);

      const uploader = await new ApiClient(first.url).login('zhang.wei');
      const ids = await Promise.all(
        Array.from({ length: DOCUMENTS }, (_, i) =>
          upload(uploader, `各学校：关于第${i + 1}批期末考试安排的通知。`, {
            ...DEMO_METADATA,
            title: `关于第${i + 1}批期末考试安排的通知`,
            documentNumber: `台教发〔2026〕${40 + i}号`,
          }),
        ),
      );
      for (const id of ids) await waitForStatus(uploader, id, 'AWAITING_SIGNOFF', 60_000);

      const leader = await new ApiClient(first.url).login('li.na');
      const open = (await leader.get('/api/tasks')).body.entries as Array<{
        id: string;
        documentId: string;
        kind: string;
      }>;
      const tasks = ids.map((id) => {
        const task = open.find((t) => t.documentId === id && t.kind === 'signoff');
        if (!task) throw new Error(`no sign-off task for ${id}`);
        return task;
      });
      const decided = await Promise.all(
        tasks.map((t) => leader.post(`/api/tasks/${t.id}/decision`, { decision: 'approve' })),
      );
      // The crash: both processes, the moment the last approval was acknowledged.
      process.kill(first.pid, 'SIGKILL');
      if (first.javaPid) process.kill(first.javaPid, 'SIGKILL');
      expect(decided.map((d) => d.status)).toEqual(tasks.map(() => 200));
      await first.exited;
      await until(() => !alive(first.javaPid), `DynamoDB Local (pid ${first.javaPid}) to die`);

      // The same ports and data, as `npm start` again would.
      const runtime = await restart(data.dir, ports);
      for (const [i, id] of ids.entries()) {
        const doc = await runtime.deps.documents.get(id);
        expect(doc?.status, `document ${id} after the restart`).not.toBe('AWAITING_SIGNOFF');
        expect(doc?.signedOffSha256, `the sign-off of ${id}`).toBeDefined();
        const task = await runtime.deps.tasks.getTask(tasks[i]?.id ?? '');
        expect(task, `the sign-off task of ${id}`).toMatchObject({ status: 'closed', decision: 'approve' });
      }
      const after = await new ApiClient(runtime.url).login('li.na');
      const stillOpen = (await after.get('/api/tasks')).body.entries as Array<{ documentId: string }>;
      expect(stillOpen.filter((t) => ids.includes(t.documentId))).toEqual([]);

      for (const id of ids) {
        const published = await waitForStatus(after, id, 'PUBLISHED', 60_000);
        const to = (status: string) => published.history.filter((e: { to: string }) => e.to === status);
        expect(to('AWAITING_SIGNOFF'), id).toHaveLength(1);
        expect(to('SIGNED_OFF'), id).toHaveLength(1);
        expect(to('PUBLISHED'), id).toHaveLength(1);
      }
    },
    SPAWNS_RUNTIMES,
  );

  it(
    'a runtime killed on its own leaves its DynamoDB Local running: the next start says so rather than use it',
    async () => {
      const orphaned = tempDataDir();
      try {
        const ports = await runtimePorts();
        const first = await startRuntimeProcess(ports, orphaned.dir, pids);
        process.kill(first.pid, 'SIGKILL');
        await first.exited;
        expect(alive(first.javaPid), 'the Java child outlives a killed runtime').toBe(true);

        await expect(restart(orphaned.dir, ports)).rejects.toThrow(/already in use/);
        process.kill(first.javaPid, 'SIGKILL');
        await until(() => !alive(first.javaPid), `DynamoDB Local (pid ${first.javaPid}) to die`);
        // The failed start released what it had started: the same ports serve again.
        const restarted = await restart(orphaned.dir, ports);
        expect((await new ApiClient(restarted.url).get('/api/health')).status).toBe(200);
      } finally {
        orphaned.remove();
      }
    },
    SPAWNS_RUNTIMES,
  );
});
