import { afterAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { ApiClient, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

/**
 * The local engine keeps executions in memory; what DynamoDB recorded must be enough to carry a
 * document to the end after a restart.
 */
describe('restarting the local runtime', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime | undefined;

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  it('a document awaiting sign-off when the runtime stopped is signed off and published afterwards', async () => {
    runtime = await startTestRuntime(data.dir);
    const id = await upload(await new ApiClient(runtime.url).login('zhang.wei'), '各学校：关于期末考试安排的通知。');
    await waitForStatus(await new ApiClient(runtime.url).login('zhang.wei'), id, 'AWAITING_SIGNOFF');
    await runtime.stop();

    runtime = await startTestRuntime(data.dir);
    expect(runtime.resumed).toBe(1);
    const leader = await new ApiClient(runtime.url).login('li.na');
    const tasks = (await leader.get('/api/tasks')).body.entries.filter(
      (t: { documentId: string }) => t.documentId === id,
    );
    expect(tasks).toHaveLength(1);
    const decided = await leader.post(`/api/tasks/${tasks[0].id}/decision`, { decision: 'approve' });
    expect(decided.status).toBe(200);

    const published = await waitForStatus(leader, id, 'PUBLISHED');
    expect(published.indexNumber).toMatch(/^0201-02-\d{4}-000001$/);
    // One sign-off task, one sign-off, one publication: the resumed run repeated nothing.
    expect(published.history.filter((e: { to: string }) => e.to === 'AWAITING_SIGNOFF')).toHaveLength(1);
    expect(published.history.filter((e: { to: string }) => e.to === 'PUBLISHED')).toHaveLength(1);
  });
});
