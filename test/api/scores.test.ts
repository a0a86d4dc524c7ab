import { describe, expect, it } from 'vitest';
import { createWorld, PEOPLE } from './support';

/**
 * REVIEW-4.2 through the API: four documents of 区教育局, each taken to a different end, as
 * test/integration/scores.test.ts does over the real runtime — the same scores, computed by hand.
 */
async function fourDocumentsOfEdu() {
  const w = createWorld();
  const onTime = await w.published({ title: '按时公开的通知' });
  // Formed in September: its deadline passed long before it was published, on 2026-11-24.
  const late = await w.published({ title: '逾期公开的通知', formedAt: '2026-09-01' });
  const withdrawn = await w.published({ title: '后来撤回的通知' });
  const withdrawal = await w.call('POST', `/api/documents/${withdrawn.id}/withdrawal`, {
    as: PEOPLE.uploaderEdu,
    body: { reason: '内容有误，予以撤回' },
  });
  expect(withdrawal.status).toBe(201);
  const unpublished = await w.awaitingSignoff({ title: '一直未签发的通知', formedAt: '2026-09-01' });
  return { w, onTime, late, withdrawn, unpublished };
}

const eduOf = (scores: Array<{ agency: string }>) => scores.find((s) => s.agency === 'edu');

describe('/api/scores (REVIEW-4.2)', () => {
  it('scores 区教育局 as computed by hand, with 95% Wilson intervals', async () => {
    const { w } = await fourDocumentsOfEdu();
    const res = await w.call('GET', '/api/scores?year=2026', { as: PEOPLE.oversight });
    expect(res.status).toBe(200);
    expect(eduOf(res.body)).toEqual({
      agency: 'edu',
      name: '区教育局',
      // on time: the first and the withdrawn one; the late one; the unpublished one, overdue
      timeliness: { value: 0.5, numerator: 2, denominator: 4, low: 0.150039, high: 0.849961 },
      // complete: the three published; the unpublished one has no publication package
      completeness: { value: 0.75, numerator: 3, denominator: 4, low: 0.300642, high: 0.954413 },
      // published 3; the withdrawal costs one
      accuracy: { value: 0.666667, numerator: 2, denominator: 3, low: 0.20766, high: 0.938508 },
    });
    // Every active agency is graded; one with nothing due has nothing to show.
    const health = res.body.find((s: { agency: string }) => s.agency === 'health');
    expect(health.timeliness).toEqual({ value: null, numerator: 0, denominator: 0, low: 0, high: 1 });
    expect(res.body.map((s: { agency: string }) => s.agency)).not.toContain('land');
  });

  it('the year defaults to the current year in Beijing', async () => {
    const { w } = await fourDocumentsOfEdu();
    const as = PEOPLE.admin;
    const explicit2026 = (await w.call('GET', '/api/scores?year=2026', { as })).body;
    expect((await w.call('GET', '/api/scores', { as })).body).toEqual(explicit2026);
    expect(eduOf(explicit2026)).toMatchObject({ timeliness: { denominator: 4 } });

    // 2026-12-31 23:30 UTC is already 2027-01-01 07:30 in Beijing.
    w.clock.set('2026-12-31T23:30:00.000Z');
    const defaulted = (await w.call('GET', '/api/scores', { as })).body;
    expect(defaulted).toEqual((await w.call('GET', '/api/scores?year=2027', { as })).body);
    expect(eduOf(defaulted)).toMatchObject({ timeliness: { denominator: 0 }, accuracy: { denominator: 0 } });
    // 2026-12-31 15:59 UTC is still 2026 in Beijing.
    w.clock.set('2026-12-31T15:59:00.000Z');
    expect(eduOf((await w.call('GET', '/api/scores', { as })).body)).toMatchObject({ timeliness: { denominator: 4 } });
  });

  it('/years lists the years with scores', async () => {
    const w = createWorld();
    const as = PEOPLE.oversight;
    expect((await w.call('GET', '/api/scores/years', { as })).body).toEqual([]);
    await w.published();
    expect((await w.call('GET', '/api/scores/years', { as })).body).toEqual([2026]);
    // Formed in late December: due in 2027, it counts there.
    const next = await w.awaitingSignoff({ formedAt: '2026-12-21' });
    expect(next.doc.dueAt?.startsWith('2027-')).toBe(true);
    expect((await w.call('GET', '/api/scores/years', { as })).body).toEqual([2026, 2027]);
  });

  it('/:agency/:year lists the documents that cost points, each reason as a code with its facts', async () => {
    const { w, onTime, late, withdrawn, unpublished } = await fourDocumentsOfEdu();
    const res = await w.call('GET', '/api/scores/edu/2026', { as: PEOPLE.oversight });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agency: 'edu', name: '区教育局', timeliness: { numerator: 2, denominator: 4 } });
    const of = (id: string) =>
      res.body.evidence
        .filter((e: { documentId: string }) => e.documentId === id)
        .map(({ documentId: _, ...e }: { documentId: string }) => e);
    const dueAt = late.dueAt ?? '';
    expect(dueAt < '2026-11-24').toBe(true);
    const lateBy = w.deps.calendar.workingDaysBetween(dueAt, '2026-11-24');
    expect(lateBy).toBeGreaterThan(0);

    expect(of(onTime.id)).toEqual([]);
    expect(of(late.id)).toEqual([
      {
        title: '逾期公开的通知',
        score: 'timeliness',
        code: 'late',
        detail: { dueAt, publishedAt: '2026-11-24', lateByWorkingDays: lateBy },
      },
    ]);
    expect(of(withdrawn.id)).toEqual([
      { title: '后来撤回的通知', score: 'accuracy', code: 'withdrawn', detail: { withdrawnAt: '2026-11-24' } },
    ]);
    expect(of(unpublished.id)).toEqual([
      {
        title: '一直未签发的通知',
        score: 'timeliness',
        code: 'unpublished',
        detail: { dueAt, lateByWorkingDays: lateBy },
      },
      { title: '一直未签发的通知', score: 'completeness', code: 'no-package', detail: { dueAt } },
    ]);
  });

  it('answers 404 for an unknown agency and 400 for a year that is not one', async () => {
    const w = createWorld();
    const as = PEOPLE.oversight;
    const unknown = await w.call('GET', '/api/scores/nowhere/2026', { as });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    for (const path of [
      '/api/scores/edu/twenty',
      '/api/scores/edu/1999',
      '/api/scores?year=abc',
      '/api/scores?year=2101',
    ]) {
      const res = await w.call('GET', path, { as });
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe('invalid_input');
    }
  });
});
