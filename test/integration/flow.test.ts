import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { ApiClient, DEMO_METADATA, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

/**
 * The walking skeleton end to end, over the real local runtime: DynamoDB Local, s3rver, the
 * synthesized state machine on aws-local-stepfunctions and the HTTP API.
 */
describe('the disclosure flow on the local runtime', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  let uploader: ApiClient;
  let leader: ApiClient;
  let otherLeader: ApiClient;
  let anonymous: ApiClient;
  /** The states each execution entered, in order (what Step Functions bills as transitions). */
  const entered = new Map<string, string[]>();

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
    runtime.workflow.onStateEntered = (execution, state) => {
      entered.set(execution, [...(entered.get(execution) ?? []), state]);
    };
    uploader = await new ApiClient(runtime.url).login('zhang.wei');
    leader = await new ApiClient(runtime.url).login('li.na');
    otherLeader = await new ApiClient(runtime.url).login('chen.min');
    anonymous = new ApiClient(runtime.url);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  async function signOffTaskFor(documentId: string) {
    const tasks = await leader.get('/api/tasks');
    const task = tasks.body.entries.find((t: { documentId: string }) => t.documentId === documentId);
    expect(task, `a sign-off task for ${documentId}`).toBeDefined();
    return task as { id: string; kind: string; dueAt: string };
  }

  it('EXPAND-2 REVIEW-4.3 upload → review → AWAITING_SIGNOFF → approve → PUBLISHED with a catalogue entry (COORD-1, FIVE-3)', async () => {
    const id = await upload(uploader, '各学校：请做好冬季供暖保障工作。联系电话：0632-6611234。');
    const waiting = await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    expect(waiting.sha256).toMatch(/^[0-9a-f]{64}$/);

    const task = await signOffTaskFor(id);
    expect(task.kind).toBe('signoff');
    expect(task.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const decided = await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' });
    expect(decided.status).toBe(200);

    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    expect(published.indexNumber).toMatch(/^0201-02-\d{4}-\d{6}$/);
    const path = published.history.map((e: { from: string | null; to: string }) => `${e.from}→${e.to}`);
    expect(path).toEqual([
      'null→DRAFT',
      'DRAFT→RECEIVED',
      'RECEIVED→CLEARED',
      'CLEARED→AWAITING_SIGNOFF',
      'AWAITING_SIGNOFF→SIGNED_OFF',
      'SIGNED_OFF→ROUTED',
      'ROUTED→PUBLISHED',
    ]);
    // Five billed transitions, every stage in the history: no Choice state after a step or a person.
    const execution = (await runtime.deps.documents.get(id))?.executionId ?? '';
    expect(entered.get(execution.split(':').at(-1) ?? '')).toEqual([
      'Intake',
      'Confidentiality review',
      'Leader sign-off',
      'Routing',
      'Publication',
    ]);
    const signOff = published.history.find((e: { to: string }) => e.to === 'SIGNED_OFF');
    expect(signOff, 'the SIGNED_OFF transition').toBeDefined();
    expect(signOff).toMatchObject({ actor: 'li.na', rules: ['EXPAND-2'] });
    const routed = published.history.find((e: { to: string }) => e.to === 'ROUTED');
    expect(routed, 'the ROUTED transition').toBeDefined();
    expect(routed.rules).toEqual(['COORD-1']);

    const year = published.indexNumber.slice(8, 12);
    const catalog = await anonymous.get(`/api/catalog?year=${year}&q=${encodeURIComponent('供暖')}`);
    expect(catalog.status).toBe(200);
    // An empty (or non-list) catalogue must fail here, not pass the look-up below vacuously.
    expect(Array.isArray(catalog.body.entries)).toBe(true);
    expect(catalog.body.entries.length).toBeGreaterThan(0);
    const entry = catalog.body.entries.find((e: { documentId: string }) => e.documentId === id);
    expect(entry, `the catalogue entry of ${id}`).toBeDefined();
    expect(entry).toMatchObject({ indexNumber: published.indexNumber, title: DEMO_METADATA.title, agency: 'edu' });
    const copy = await fetch(`${runtime.url}${entry.url}`);
    expect(await copy.text()).toContain('冬季供暖保障');
  });

  it('EXPAND-2 a leader who rejects ends the document REJECTED, not in the catalogue', async () => {
    const id = await upload(uploader, '各学校：关于调整作息时间的通知。', {
      ...DEMO_METADATA,
      title: '关于调整作息时间的通知',
    });
    await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    const task = await signOffTaskFor(id);
    const noComment = await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'reject' });
    expect(noComment.status).toBe(400);
    const rejected = await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'reject', comment: '内容需完善' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.flowResumed).toBe(true);
    const doc = await waitForStatus(uploader, id, 'REJECTED');
    expect(doc.indexNumber).toBeUndefined();
    // The rejection reached the flow as the task's failure Decided.reject, which its Catch took to
    // "Stopped by a decision": the execution succeeded, the failure path never ran.
    await runtime.workflow.settled();
    const { executionId } = (await runtime.deps.documents.get(id)) ?? {};
    const execution = [...runtime.workflow.executions.values()].find((e) => e.arn === executionId);
    expect(execution?.status).toBe('SUCCEEDED');
    expect((await uploader.get(`/api/documents/${id}`)).body.status).toBe('REJECTED');
    const year = new Date().getFullYear();
    const catalog = await anonymous.get(`/api/catalog?year=${year}`);
    expect(catalog.status).toBe(200);
    expect(Array.isArray(catalog.body.entries)).toBe(true);
    expect(catalog.body.entries.map((e: { documentId: string }) => e.documentId)).not.toContain(id);
  });

  it('the same S3 event delivered twice starts one execution', async () => {
    const before = runtime.workflow.executions.size;
    const id = await upload(uploader, '各学校：关于开展安全检查的通知。', {
      ...DEMO_METADATA,
      title: '关于开展安全检查的通知',
    });
    await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    const started = [...runtime.workflow.executions.values()].slice(before);
    expect(started).toHaveLength(1);
    const event = started[0]?.input as Parameters<LocalRuntime['deliver']>[0];

    // EventBridge delivers at least once: the same event again is not a second run.
    expect(runtime.deliver(event)).toBe(false);
    // Even under another execution name, Intake's conditional claim stops a second run.
    const second = runtime.workflow.start('redelivered-under-another-name', event);
    expect(second).toBe(true);
    await runtime.workflow.settled();
    expect(runtime.workflow.executions.get('redelivered-under-another-name')?.output).toMatchObject({
      intake: { documentId: id, next: 'duplicate' },
    });
    const doc = await uploader.get(`/api/documents/${id}`);
    expect(doc.body.status).toBe('AWAITING_SIGNOFF');
    expect(doc.body.history.filter((e: { to: string }) => e.to === 'RECEIVED')).toHaveLength(1);
    const tasks = (await leader.get('/api/tasks')).body.entries.filter(
      (t: { documentId: string }) => t.documentId === id,
    );
    expect(tasks).toHaveLength(1);
  });

  it('a second decision on a closed task is a 409, not a second transition', async () => {
    const id = await upload(uploader, '各学校：关于寒假安排的通知。', {
      ...DEMO_METADATA,
      title: '关于寒假安排的通知',
    });
    await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    const task = await signOffTaskFor(id);
    const [first, second] = await Promise.all([
      leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' }),
      leader.post(`/api/tasks/${task.id}/decision`, { decision: 'reject', comment: '重复' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const again = await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    await runtime.workflow.settled();
    const doc = (await uploader.get(`/api/documents/${id}`)).body;
    const decisions = doc.history.filter((e: { from: string }) => e.from === 'AWAITING_SIGNOFF');
    expect(decisions).toHaveLength(1);
  });

  it('only the assigned leader may decide; the public sees only the catalogue', async () => {
    const id = await upload(uploader, '各学校：关于教师培训的通知。', {
      ...DEMO_METADATA,
      title: '关于教师培训的通知',
    });
    await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    const task = await signOffTaskFor(id);
    expect((await otherLeader.get('/api/tasks')).body.entries.map((t: { id: string }) => t.id)).not.toContain(task.id);
    const stolen = await otherLeader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' });
    expect(stolen.status).toBe(403);
    expect((await uploader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(403);
    expect((await anonymous.get('/api/tasks')).status).toBe(401);
    expect((await anonymous.get(`/api/documents/${id}`)).status).toBe(401);
    expect((await otherLeader.get(`/api/documents/${id}`)).status).toBe(404);
    const forOtherAgency = await uploader.post('/api/documents', { ...DEMO_METADATA, agency: 'health' });
    expect(forOtherAgency.status).toBe(403);
    expect((await anonymous.get('/api/catalog')).status).toBe(200);
  });

  it('FIVE-1 bad metadata is refused with a clear error; not-disclosed needs a legal reason', async () => {
    const missing = await uploader.post('/api/documents', { ...DEMO_METADATA, title: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_input');
    expect(missing.body.error.message).toContain('title');
    const noReason = await uploader.post('/api/documents', { ...DEMO_METADATA, disclosure: 'not-disclosed' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('FIVE-1');
    const badType = await uploader.post('/api/documents', {
      ...DEMO_METADATA,
      contentType: 'application/x-msdownload',
    });
    expect(badType.status).toBe(400);
  });

  it('an upload whose bytes contradict its registration ends FAILED with the step and reason; the original stays', async () => {
    const id = await upload(uploader, '', { ...DEMO_METADATA, title: '空文件' });
    const failed = await waitForStatus(uploader, id, 'FAILED');
    expect(failed.failure).toEqual({
      step: 'Intake',
      error: 'file is empty',
      kind: 'input',
      problem: { code: 'empty' },
      failedIn: 'RECEIVED',
    });
    const original = await runtime.deps.files.readOriginal(failed.objectKey);
    expect(original.bytes.byteLength).toBe(0);
  });

  it('index numbers are unique and gap-free per agency and year when documents publish at once', async () => {
    // 区卫生健康局 has published nothing in this runtime: its numbers must be exactly 1..8.
    const healthUploader = await new ApiClient(runtime.url).login('liu.yang');
    const healthLeader = await new ApiClient(runtime.url).login('chen.min');
    const metadata = { ...DEMO_METADATA, agency: 'health', department: 'office', documentNumber: undefined };
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        upload(healthUploader, `第${i}份通知。`, { ...metadata, title: `并发公开测试${i}` }),
      ),
    );
    await Promise.all(ids.map((id) => waitForStatus(healthUploader, id, 'AWAITING_SIGNOFF')));
    const tasks = (await healthLeader.get('/api/tasks')).body.entries as Array<{ id: string; documentId: string }>;
    const mine = tasks.filter((t) => ids.includes(t.documentId));
    expect(mine).toHaveLength(8);
    const decisions = await Promise.all(
      mine.map((t) => healthLeader.post(`/api/tasks/${t.id}/decision`, { decision: 'approve' })),
    );
    expect(decisions.map((d) => d.status)).toEqual(Array(8).fill(200));
    const published = await Promise.all(ids.map((id) => waitForStatus(healthUploader, id, 'PUBLISHED')));
    const sequences = published.map((d) => Number(d.indexNumber.slice(-6))).sort((a, b) => a - b);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(published.map((d) => d.indexNumber.slice(0, 12)))).toEqual(
      new Set([published[0].indexNumber.slice(0, 12)]),
    );
  });
});
