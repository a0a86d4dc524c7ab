import { describe, expect, it } from 'vitest';
import type { EvidenceItem, ScoreCounterItem } from '../../../shared/model/scores';
import { correctDocument, withdrawDocument } from '../../../shared/pipeline/amend';
import { publishDocument } from '../../../shared/pipeline/publish';
import { aggregateScores, compareScores } from '../../../shared/scores/rebuild';
import { agencyEvidence, annualScores } from '../../../shared/scores/service';
import {
  advance,
  awaitingSignoff,
  bytesOf,
  CLEAN,
  decide,
  docOf,
  PERSONAL,
  submit,
  throughFlow,
  user,
  world,
} from './drive';

type World = ReturnType<typeof world>;

const ZERO = {
  timelinessDue: 0,
  timelinessOnTime: 0,
  completenessDue: 0,
  completenessComplete: 0,
  accuracyPublished: 0,
  accuracyAccurate: 0,
};

async function countersOf(deps: World, agency: string, year = 2026): Promise<ScoreCounterItem | undefined> {
  return (await deps.scores.scoreCounters(year)).find((c) => c.agency === agency);
}

/** What the rebuild command computes from the documents alone, for a year. */
async function rebuilt(deps: World, year: number) {
  const agencies = await deps.directory.listAgencies();
  const docs = (await Promise.all(agencies.map((a) => deps.documents.listAllByAgency(a.id)))).flat();
  const { counters, evidence } = aggregateScores(docs);
  return { counters: counters.filter((c) => c.year === year), evidence: evidence.filter((e) => e.year === year) };
}

/** The rebuild agrees with what the writes stored: counters, open documents and evidence. */
async function expectRebuildAgrees(deps: World, year = 2026) {
  const computed = await rebuilt(deps, year);
  const stored = await deps.scores.scoreCounters(year);
  expect(compareScores(year, stored, computed.counters)).toEqual([]);
  const byDocument = (a: EvidenceItem, b: EvidenceItem) => a.documentId.localeCompare(b.documentId);
  const agencies = [...new Set([...stored.map((c) => c.agency), ...computed.evidence.map((e) => e.agency)])];
  const storedEvidence = (await Promise.all(agencies.map((a) => deps.scores.evidence(a, year)))).flat();
  expect(storedEvidence.sort(byDocument)).toEqual([...computed.evidence].sort(byDocument));
}

/**
 * REVIEW-4.2 on past dates, as test/integration/scores.test.ts runs it on the local runtime: four
 * documents of 区教育局 formed on 2026-03-02 (deadline 2026-03-30), scored on 2026-06-01.
 */
async function fourDocumentsOfEdu() {
  const deps = world();
  const at = (day: string) => deps.clock.set(`${day}T02:00:00.000Z`);
  const uploadOn = async (day: string, title: string) => {
    at(day);
    return awaitingSignoff(deps, `${title}。`, { title, formedAt: '2026-03-02' });
  };
  const approveOn = async (day: string, { id, task }: { id: string; task: { id: string } }) => {
    at(day);
    await decide(deps, task.id, 'approve');
    const doc = await advance(deps, id);
    if (doc.status !== 'PUBLISHED') throw new Error(`document ${id} is ${doc.status}`);
    return id;
  };
  const onTime = await approveOn('2026-03-10', await uploadOn('2026-03-03', '按时公开的通知'));
  const late = await approveOn('2026-04-15', await uploadOn('2026-03-03', '逾期公开的通知'));
  const withdrawn = await approveOn('2026-03-12', await uploadOn('2026-03-03', '后来撤回的通知'));
  const unpublished = (await uploadOn('2026-03-04', '一直未签发的通知')).id;
  at('2026-05-01');
  await withdrawDocument(deps, await user(deps, 'zhang.wei'), withdrawn, '内容有误，予以撤回');
  at('2026-06-01');
  return { deps, ids: { onTime, late, withdrawn, unpublished } };
}

describe('REVIEW-4.2 scores kept by the writes', () => {
  it('REVIEW-4.2 the counters and evidence of 区教育局 are what the domain computed for each document', async () => {
    const { deps, ids } = await fourDocumentsOfEdu();
    expect(await countersOf(deps, 'edu')).toEqual({
      agency: 'edu',
      year: 2026,
      // on time: the first and the withdrawn one; late: published 2026-04-15; the fourth unpublished
      timelinessDue: 4,
      timelinessOnTime: 2,
      // complete: the three published; the unpublished one has no publication package
      completenessDue: 4,
      completenessComplete: 3,
      // published 3; the withdrawal costs one
      accuracyPublished: 3,
      accuracyAccurate: 2,
      open: [{ documentId: ids.unpublished, dueAt: '2026-03-30', inTimeliness: true }],
    });
    expect(await deps.scores.scoreYears()).toEqual([2026]);

    const evidence = await deps.scores.evidence('edu', 2026);
    const reasonsOf = (id: string) => evidence.find((e) => e.documentId === id)?.reasons;
    expect(reasonsOf(ids.onTime)).toBeUndefined();
    expect(reasonsOf(ids.late)).toEqual(['late']);
    expect(reasonsOf(ids.withdrawn)).toEqual(['withdrawn']);
    expect(reasonsOf(ids.unpublished)).toEqual(['unpublished', 'no-package']);
    expect(evidence.find((e) => e.documentId === ids.late)).toMatchObject({
      published: true,
      dueAt: '2026-03-30',
      publishedAt: (await docOf(deps, ids.late)).publishedAt,
    });
    expect((await docOf(deps, ids.late)).publishedAt?.startsWith('2026-04-15T')).toBe(true);
    expect(evidence.find((e) => e.documentId === ids.withdrawn)).toMatchObject({
      withdrawnAt: (await docOf(deps, ids.withdrawn)).withdrawnAt,
    });
  });

  it('REVIEW-4.2 the scores read from the counters, with 95% Wilson intervals and the evidence as codes', async () => {
    const { deps, ids } = await fourDocumentsOfEdu();
    const scores = await annualScores(deps.scores, deps.directory, 2026, '2026-06-01');
    expect(scores.find((s) => s.agency === 'edu')).toEqual({
      agency: 'edu',
      name: '区教育局',
      timeliness: { value: 0.5, numerator: 2, denominator: 4, low: 0.150039, high: 0.849961 },
      completeness: { value: 0.75, numerator: 3, denominator: 4, low: 0.300642, high: 0.954413 },
      accuracy: { value: 0.666667, numerator: 2, denominator: 3, low: 0.20766, high: 0.938508 },
    });
    const { evidence } = await agencyEvidence(deps.scores, deps.directory, deps.calendar, 'edu', 2026, '2026-06-01');
    const byDoc = (id: string) => evidence.filter((e) => e.documentId === id);
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
    expect(byDoc(ids.unpublished).map((e) => e.code)).toEqual(['unpublished', 'no-package']);
  });

  it('the rebuild from the documents agrees with what the writes stored, and reports a tampered counter', async () => {
    const { deps } = await fourDocumentsOfEdu();
    await expectRebuildAgrees(deps);
    const stored = await deps.scores.scoreCounters(2026);
    const tampered = stored.map((c) => (c.agency === 'edu' ? { ...c, timelinessOnTime: c.timelinessOnTime + 1 } : c));
    const { counters, evidence } = await rebuilt(deps, 2026);
    await deps.scores.replaceScores(2026, tampered, evidence);
    expect(compareScores(2026, await deps.scores.scoreCounters(2026), counters)).toEqual([
      { year: 2026, agency: 'edu', field: 'timelinessOnTime', stored: 3, computed: 2 },
    ]);
    await deps.scores.replaceScores(2026, counters, evidence);
    await expectRebuildAgrees(deps);
  });

  it('a retried publication counts once', async () => {
    const { deps, ids } = await fourDocumentsOfEdu();
    const before = await deps.scores.scoreCounters(2026);
    await publishDocument(deps, ids.onTime);
    expect(await deps.scores.scoreCounters(2026)).toEqual(before);
  });
});

describe('REVIEW-4.2 each write moves the counters of the document it writes', () => {
  it('OGI-26 registered, the document is open until its deadline; published on time it counts everywhere and leaves no evidence', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    expect(await countersOf(deps, 'edu')).toEqual({
      ...ZERO,
      agency: 'edu',
      year: 2026,
      timelinessDue: 1,
      completenessDue: 1,
      open: [{ documentId: id, dueAt: '2026-12-18', inTimeliness: true }],
    });
    expect((await deps.scores.evidence('edu', 2026)).map((e) => [e.documentId, e.reasons])).toEqual([
      [id, ['unpublished', 'no-package']],
    ]);
    await decide(deps, task.id, 'approve');
    await advance(deps, id);
    expect(await countersOf(deps, 'edu')).toEqual({
      agency: 'edu',
      year: 2026,
      timelinessDue: 1,
      timelinessOnTime: 1,
      completenessDue: 1,
      completenessComplete: 1,
      accuracyPublished: 1,
      accuracyAccurate: 1,
      open: [],
    });
    expect(await deps.scores.evidence('edu', 2026)).toEqual([]);
    await expectRebuildAgrees(deps);
  });

  it('OGI-26 published after its deadline it is late', async () => {
    const deps = world('2026-12-01T02:00:00.000Z');
    const { id, task } = await awaitingSignoff(deps, CLEAN, { formedAt: '2026-11-02' }); // due 2026-11-30
    await decide(deps, task.id, 'approve');
    await advance(deps, id);
    expect(await countersOf(deps, 'edu')).toMatchObject({
      timelinessDue: 1,
      timelinessOnTime: 0,
      completenessComplete: 1,
    });
    expect((await deps.scores.evidence('edu', 2026))[0]).toMatchObject({ documentId: id, reasons: ['late'] });
    await expectRebuildAgrees(deps);
  });

  it('COORD-6 a correction costs accuracy', async () => {
    const deps = world();
    const doc = await throughFlow(deps);
    await correctDocument(deps, await user(deps, 'zhang.wei'), doc.id, {
      note: '更正日期',
      filename: 'n.txt',
      contentType: 'text/plain',
      bytes: bytesOf('更正后的通知。'),
    });
    expect(await countersOf(deps, 'edu')).toMatchObject({
      accuracyPublished: 1,
      accuracyAccurate: 0,
      timelinessOnTime: 1,
    });
    expect((await deps.scores.evidence('edu', 2026))[0]?.reasons).toEqual(['corrected']);
    await expectRebuildAgrees(deps);
  });

  it('COORD-6 a refused upload of another agency’s information counts against the uploader’s accuracy only', async () => {
    const deps = world();
    const refused = await throughFlow(deps, CLEAN, { madeBy: 'health' });
    expect(refused.status).toBe('REJECTED');
    expect(await countersOf(deps, 'edu')).toEqual({
      ...ZERO,
      agency: 'edu',
      year: 2026,
      accuracyPublished: 1,
      open: [],
    });
    expect((await deps.scores.evidence('edu', 2026)).map((e) => e.reasons)).toEqual([['wrong-publisher']]);
    expect(await countersOf(deps, 'health')).toBeUndefined();
    await expectRebuildAgrees(deps);
  });

  it('EXPAND-2 a document its leader rejects was never due: nothing counted, no evidence', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    await decide(deps, task.id, 'reject', { comment: '内容需完善' });
    expect((await docOf(deps, id)).status).toBe('REJECTED');
    expect(await countersOf(deps, 'edu')).toEqual({ ...ZERO, agency: 'edu', year: 2026, open: [] });
    expect(await deps.scores.evidence('edu', 2026)).toEqual([]);
    await expectRebuildAgrees(deps);
  });

  it('FIVE-1 a withheld document with its legal reason is complete and out of timeliness', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    const doc = await advance(deps, id);
    await decide(deps, doc.openTaskId ?? '', 'withhold', { comment: '涉及个人隐私，不予公开' });
    expect(await countersOf(deps, 'edu')).toEqual({
      ...ZERO,
      agency: 'edu',
      year: 2026,
      completenessDue: 1,
      completenessComplete: 1,
      open: [],
    });
    await expectRebuildAgrees(deps);
  });

  it('COORD-2 a jointly drafted document counts for the lead drafter that published it, not the uploader', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps, CLEAN, { leadDrafter: 'health' });
    expect((await countersOf(deps, 'edu'))?.timelinessDue).toBe(1);
    await decide(deps, task.id, 'approve');
    await advance(deps, id);
    expect(await countersOf(deps, 'edu')).toEqual({ ...ZERO, agency: 'edu', year: 2026, open: [] });
    expect(await countersOf(deps, 'health')).toMatchObject({
      timelinessDue: 1,
      timelinessOnTime: 1,
      accuracyAccurate: 1,
    });
    await expectRebuildAgrees(deps);
  });

  it('INTERP-3 an important policy is incomplete until its interpretation is linked', async () => {
    const deps = world();
    const policy = await throughFlow(deps, '实施意见。', { importantPolicy: true });
    expect(await countersOf(deps, 'edu')).toMatchObject({ completenessDue: 1, completenessComplete: 0 });
    expect((await deps.scores.evidence('edu', 2026)).map((e) => e.reasons)).toEqual([['missing-interpretation']]);
    await throughFlow(deps, '政策解读。', { interprets: policy.id });
    expect(await countersOf(deps, 'edu')).toMatchObject({ completenessDue: 2, completenessComplete: 2 });
    expect(await deps.scores.evidence('edu', 2026)).toEqual([]);
    await expectRebuildAgrees(deps);
  });

  it('OGI-26 a document is counted in the year its deadline falls in', async () => {
    const deps = world('2026-12-21T02:00:00.000Z');
    const doc = await throughFlow(deps, CLEAN, { formedAt: '2026-12-18' });
    expect(doc.dueAt?.startsWith('2027-')).toBe(true);
    expect(await deps.scores.scoreCounters(2026)).toEqual([]);
    expect(await countersOf(deps, 'edu', 2027)).toMatchObject({ timelinessDue: 1, timelinessOnTime: 1 });
    expect(await deps.scores.scoreYears()).toEqual([2027]);
    await expectRebuildAgrees(deps, 2027);
  });
});
