import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { ApiClient, DEMO_METADATA, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

/**
 * The sign-off timeout path of the synthesized state machine, with the stack's sign-off timeout
 * set to 5 seconds: a lapsed sign-off escalates once, and a second lapse fails the document.
 */
describe('EXPAND-2 sign-off timeouts', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  let uploader: ApiClient;
  let leader: ApiClient;
  let office: ApiClient;

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir, { signOffTimeoutSeconds: 5 });
    uploader = await new ApiClient(runtime.url).login('zhang.wei');
    leader = await new ApiClient(runtime.url).login('li.na');
    office = await new ApiClient(runtime.url).login('zhou.qiang');
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  async function taskOf(client: ApiClient, documentId: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const tasks = (await client.get('/api/tasks')).body.entries as Array<{
        id: string;
        documentId: string;
        escalated?: boolean;
      }>;
      const task = tasks.find((t) => t.documentId === documentId);
      if (task) return task;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no task for ${documentId}`);
  }

  it('EXPAND-2 a sign-off the leader lets lapse goes to the head (here the disclosure office), who can sign it off', async () => {
    const id = await upload(uploader, '各学校：关于寒假安全的通知。', { ...DEMO_METADATA, title: '寒假安全通知' });
    await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    const first = await taskOf(leader, id, 2_000);
    // 区教育局's head is the leader who let it lapse, so the district disclosure office takes it.
    const escalated = await taskOf(office, id, 10_000);
    expect(escalated.escalated).toBe(true);
    expect((await office.post(`/api/tasks/${escalated.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    expect(published.history.find((e: { to: string }) => e.to === 'SIGNED_OFF').actor).toBe('zhou.qiang');
    // The lapsed task is closed: its leader can no longer decide it.
    expect((await leader.post(`/api/tasks/${first.id}/decision`, { decision: 'approve' })).status).toBe(409);
  });

  it('EXPAND-2 when the escalated sign-off lapses too, the document fails with the step and the error', async () => {
    const id = await upload(uploader, '各学校：关于春季开学的通知。', { ...DEMO_METADATA, title: '春季开学通知' });
    const failed = await waitForStatus(uploader, id, 'FAILED', 25_000);
    expect(failed.failure).toMatchObject({ step: 'Escalated sign-off', error: 'States.Timeout' });
    expect(
      (await office.get('/api/tasks')).body.entries.map((t: { documentId: string }) => t.documentId),
    ).not.toContain(id);
  });
});
