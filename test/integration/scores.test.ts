import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/aws';
import { rebuildScores } from '../../functions/admin/rebuild-scores';
import { publishStep } from '../../functions/steps/publish';
import { SettableClock } from '../../infra/local/clock';
import { LOCAL_NAMES, type LocalRuntime } from '../../infra/local/runtime';
import { ApiClient, DEMO_METADATA, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

type Ids = Record<'onTime' | 'late' | 'withdrawn' | 'unpublished', string>;

/**
 * REVIEW-4.2 over the running pipeline, on past dates: four documents of 区教育局 formed on
 * 2026-03-02 (deadline 2026-03-30), each taken to a different end, scored on 2026-06-01.
 *
 * Registers, in the calling `describe`, a runtime of its own with those four documents; its fields
 * are set once that `beforeAll` has run.
 */
function fourDocumentsOfEdu() {
  const data = tempDataDir();
  const clock = new SettableClock();
  const world = { ids: {} as Ids } as {
    runtime: LocalRuntime;
    uploader: ApiClient;
    leader: ApiClient;
    oversight: ApiClient;
    ids: Ids;
  };

  async function uploadOn(day: string, title: string) {
    clock.set(`${day}T02:00:00Z`);
    const id = await upload(world.uploader, `${title}。`, { ...DEMO_METADATA, title, formedAt: '2026-03-02' });
    await waitForStatus(world.uploader, id, 'AWAITING_SIGNOFF');
    return id;
  }

  async function approveOn(day: string, id: string) {
    clock.set(`${day}T02:00:00Z`);
    const task = (await world.leader.get('/api/tasks')).body.entries.find(
      (t: { documentId: string }) => t.documentId === id,
    );
    expect(task, `a sign-off task for ${id}`).toBeDefined();
    expect((await world.leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);
    return waitForStatus(world.uploader, id, 'PUBLISHED');
  }

  beforeAll(async () => {
    world.runtime = await startTestRuntime(data.dir, { clock });
    world.uploader = await new ApiClient(world.runtime.url).login('zhang.wei');
    world.leader = await new ApiClient(world.runtime.url).login('li.na');
    world.oversight = await new ApiClient(world.runtime.url).login('qian.hui');
    const { ids, uploader } = world;

    ids.onTime = await uploadOn('2026-03-03', '按时公开的通知');
    await approveOn('2026-03-10', ids.onTime);
    ids.late = await uploadOn('2026-03-03', '逾期公开的通知');
    await approveOn('2026-04-15', ids.late);
    ids.withdrawn = await uploadOn('2026-03-03', '后来撤回的通知');
    await approveOn('2026-03-12', ids.withdrawn);
    ids.unpublished = await uploadOn('2026-03-04', '一直未签发的通知');

    clock.set('2026-05-01T02:00:00Z');
    const withdrawal = await uploader.post(`/api/documents/${ids.withdrawn}/withdrawal`, {
      reason: '内容有误，予以撤回',
    });
    expect(withdrawal.status).toBe(201);
    clock.set('2026-06-01T02:00:00Z');
  });

  afterAll(async () => {
    await world.runtime?.stop();
    data.remove();
  });

  return world;
}

/** 区教育局's 2026 scores as the oversight group reads them. */
async function eduScores(oversight: ApiClient) {
  const { body } = await oversight.get('/api/scores?year=2026');
  expect(Array.isArray(body)).toBe(true);
  return body.find((s: { agency: string }) => s.agency === 'edu');
}

/**
 * These tests only read the four documents (a retried publication and the rebuild must leave every
 * counter as it was); the correction below changes them, so it has a runtime of its own.
 */
describe('annual scores from the running pipeline', () => {
  const world = fourDocumentsOfEdu();
  const ids = world.ids;
  let runtime: LocalRuntime;
  let uploader: ApiClient;
  let oversight: ApiClient;

  beforeAll(() => {
    ({ runtime, uploader, oversight } = world);
  });

  const edu = () => eduScores(oversight);

  it('REVIEW-4.2 scores 区教育局 exactly as computed by hand, with 95% Wilson intervals', async () => {
    expect(await edu()).toEqual({
      agency: 'edu',
      name: '区教育局',
      // on time: the first and the withdrawn one; late: published 2026-04-15; unpublished overdue
      timeliness: { value: 0.5, numerator: 2, denominator: 4, low: 0.150039, high: 0.849961 },
      // complete: the three published; the unpublished one has no publication package
      completeness: { value: 0.75, numerator: 3, denominator: 4, low: 0.300642, high: 0.954413 },
      // published 3; the withdrawal costs one
      accuracy: { value: 0.666667, numerator: 2, denominator: 3, low: 0.20766, high: 0.938508 },
    });
  });

  it('a retried publication step publishes once and counts once', async () => {
    const before = await edu();
    const again = (await publishStep(runtime.deps)({ documentId: ids.onTime })) as { indexNumber: string };
    const doc = (await uploader.get(`/api/documents/${ids.onTime}`)).body;
    expect(again.indexNumber).toBe(doc.indexNumber);
    expect(doc.history.filter((e: { to: string }) => e.to === 'PUBLISHED')).toHaveLength(1);
    expect(await edu()).toEqual(before);
  });

  it('lists the documents that cost points, with the reason as a code and its facts', async () => {
    const { body } = await oversight.get('/api/scores/edu/2026');
    expect(body.timeliness.numerator).toBe(2);
    const byDoc = (id: string) => body.evidence.filter((e: { documentId: string }) => e.documentId === id);
    expect(byDoc(ids.onTime)).toEqual([]);
    expect(byDoc(ids.late)).toEqual([
      expect.objectContaining({
        score: 'timeliness',
        code: 'late',
        detail: { dueAt: '2026-03-30', publishedAt: '2026-04-15', lateByWorkingDays: 11 },
      }),
    ]);
    expect(byDoc(ids.withdrawn)).toEqual([
      expect.objectContaining({ score: 'accuracy', code: 'withdrawn', detail: { withdrawnAt: '2026-05-01' } }),
    ]);
    expect(byDoc(ids.unpublished).map((e: { code: string }) => e.code)).toEqual(['unpublished', 'no-package']);
    // Overdue, not published: the working days it is late by, worded by the dashboard.
    expect(byDoc(ids.unpublished)[0].detail).toEqual({
      dueAt: expect.any(String),
      lateByWorkingDays: expect.any(Number),
    });
    expect(byDoc(ids.unpublished)[0].detail.lateByWorkingDays).toBeGreaterThan(0);
  });

  it('COORD-6 only the publisher withdraws or corrects; scores are for the oversight group', async () => {
    const health = await new ApiClient(runtime.url).login('liu.yang');
    const foreign = await health.post(`/api/documents/${ids.onTime}/withdrawal`, { reason: '误发' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('unauthorised_publication');
    expect((await uploader.get('/api/scores?year=2026')).status).toBe(403);
    expect((await new ApiClient(runtime.url).get('/api/scores?year=2026')).status).toBe(401);
    expect((await oversight.get('/api/scores/years')).body).toEqual([2026]);
  });

  it('the rebuild command recomputes every counter from the documents and reports any difference', async () => {
    const clean = await rebuildScores(runtime.deps, { fix: false });
    expect(clean.differences).toEqual([]);
    expect(clean.documents).toBe(4);

    await documentClient(runtime.dynamo.client).send(
      new UpdateCommand({
        TableName: LOCAL_NAMES.table,
        Key: { pk: 'SCORE#2026', sk: 'AGENCY#edu' },
        UpdateExpression: 'ADD timelinessOnTime :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const broken = await rebuildScores(runtime.deps, { fix: true });
    expect(broken.differences).toEqual([
      { year: 2026, agency: 'edu', field: 'timelinessOnTime', stored: 3, computed: 2 },
    ]);
    expect(broken.fixed).toBe(true);
    expect((await rebuildScores(runtime.deps, { fix: false })).differences).toEqual([]);
    expect((await edu()).timeliness.numerator).toBe(2);
  });
});

/**
 * A correction costs accuracy and adds evidence to the on-time document, which the tests above
 * assert exactly: it corrects the same four documents on a runtime of its own.
 */
describe('annual scores from the running pipeline: a correction', () => {
  const world = fourDocumentsOfEdu();
  const ids = world.ids;
  let runtime: LocalRuntime;
  let uploader: ApiClient;
  let oversight: ApiClient;

  beforeAll(() => {
    ({ runtime, uploader, oversight } = world);
  });

  const edu = () => eduScores(oversight);

  it('a correction replaces the public copy, keeps the history and costs accuracy', async () => {
    const before = await edu();
    const corrected = await uploader.post(`/api/documents/${ids.onTime}/corrections`, {
      note: '更正第二段日期',
      filename: 'n.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('更正后的通知。').toString('base64'),
    });
    expect(corrected.status).toBe(201);
    const entry = (await new ApiClient(runtime.url).get('/api/catalog?year=2026')).body.entries.find(
      (e: { documentId: string }) => e.documentId === ids.onTime,
    );
    expect(entry).toMatchObject({ status: 'CORRECTED', corrections: [{ note: '更正第二段日期' }] });
    expect(await (await fetch(`${runtime.url}${entry.url}`)).text()).toBe('更正后的通知。');
    const after = await edu();
    expect(after.accuracy).toMatchObject({ numerator: before.accuracy.numerator - 1, denominator: 3 });
    expect(after.timeliness).toEqual(before.timeliness);
    const dirty = await uploader.post(`/api/documents/${ids.onTime}/corrections`, {
      note: '再次更正',
      filename: 'n.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('联系人手机13912345678').toString('base64'),
    });
    expect(dirty.status).toBe(400);
    expect(dirty.body.error.message).toContain('FIVE-4');
  });
});
