import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../shared/model/document';
import { agencyScores } from '../../../shared/scores/annual';
import { openDueOf, scoreChange } from '../../../shared/scores/delta';
import { scoreFacts, zeroCounters } from '../../../shared/scores/facts';
import { wilson } from '../../../shared/scores/interval';

const base: DocumentRecord = {
  id: 'd1',
  title: '关于春季开学工作的通知',
  agency: 'edu',
  department: 'office',
  category: '02',
  formedAt: '2026-03-02',
  dueAt: '2026-03-30',
  disclosure: 'proactive',
  origin: 'made',
  filename: 'n.txt',
  contentType: 'text/plain',
  status: 'PUBLISHED',
  uploadedBy: 'zhang.wei',
  createdAt: '2026-03-02T01:00:00Z',
  updatedAt: '2026-03-10T01:00:00Z',
  objectKey: 'uploads/d1',
  publisher: 'edu',
  indexNumber: '0201-02-2026-000001',
  publishedAt: '2026-03-10T01:00:00Z',
  sha256: 'abc',
  publicSha256: 'abc',
};

describe('REVIEW-4.2 Wilson interval', () => {
  it('matches hand-computed 95% intervals', () => {
    expect(wilson(2, 4)).toEqual({ value: 0.5, numerator: 2, denominator: 4, low: 0.150039, high: 0.849961 });
    expect(wilson(3, 3)).toEqual({ value: 1, numerator: 3, denominator: 3, low: 0.438503, high: 1 });
    expect(wilson(270, 300)).toMatchObject({ value: 0.9, low: 0.860834, high: 0.929052 });
  });

  it('reads 3 perfect documents far less surely than 300 at 90%', () => {
    const few = wilson(3, 3);
    const many = wilson(270, 300);
    expect(few.high - few.low).toBeGreaterThan(4 * (many.high - many.low));
  });

  it('has no value when nothing was due, and refuses impossible ratios', () => {
    expect(wilson(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0, low: 0, high: 1 });
    expect(() => wilson(4, 3)).toThrow(RangeError);
  });
});

describe('REVIEW-4.2 what one document contributes', () => {
  it('OGI-26 on time: published on or before the deadline (Beijing day)', () => {
    // 23:30 UTC on the 29th is already the 30th in Beijing: still on time.
    const facts = scoreFacts({ ...base, publishedAt: '2026-03-29T23:30:00Z' });
    expect(facts?.counters).toEqual({
      timelinessDue: 1,
      timelinessOnTime: 1,
      completenessDue: 1,
      completenessComplete: 1,
      accuracyPublished: 1,
      accuracyAccurate: 1,
    });
    expect(facts?.reasons).toEqual([]);
  });

  it('OGI-26 late then published: due and complete, not on time', () => {
    const facts = scoreFacts({ ...base, publishedAt: '2026-04-15T02:00:00Z' });
    expect(facts?.counters).toMatchObject({ timelinessDue: 1, timelinessOnTime: 0, completenessComplete: 1 });
    expect(facts?.reasons).toEqual(['late']);
  });

  it('unpublished: due, neither on time nor complete, and open until its deadline', () => {
    const facts = scoreFacts({ ...base, status: 'AWAITING_SIGNOFF', publishedAt: undefined, indexNumber: undefined });
    expect(facts?.counters).toEqual({ ...zeroCounters(), timelinessDue: 1, completenessDue: 1 });
    expect(facts?.openUntil).toBe('2026-03-30');
    expect(facts?.reasons).toEqual(['unpublished', 'no-package']);
  });

  it('a withdrawal or correction costs accuracy, not timeliness', () => {
    const withdrawn = scoreFacts({ ...base, status: 'WITHDRAWN', withdrawnAt: '2026-05-01T00:00:00Z' });
    expect(withdrawn?.counters).toMatchObject({ timelinessOnTime: 1, accuracyPublished: 1, accuracyAccurate: 0 });
    expect(withdrawn?.reasons).toEqual(['withdrawn']);
    const corrected = scoreFacts({ ...base, status: 'CORRECTED', correctedAt: '2026-05-01T00:00:00Z' });
    expect(corrected?.reasons).toEqual(['corrected']);
  });

  it('the public copy must hash to the signed-off version (or, after a correction, the corrected file)', () => {
    expect(scoreFacts({ ...base, publicSha256: 'tampered' })?.reasons).toEqual(['hash-mismatch']);
    const correction = {
      at: '2026-05-01T00:00:00Z',
      by: 'zhang.wei',
      note: '更正',
      publicKey: 'public/d1/c/1',
      sha256: 'fixed',
    };
    const corrected = { ...base, status: 'CORRECTED' as const, correctedAt: correction.at, corrections: [correction] };
    expect(scoreFacts({ ...corrected, publicSha256: 'fixed' })?.reasons).toEqual(['corrected']);
    expect(scoreFacts({ ...corrected, publicSha256: 'abc' })?.reasons).toEqual(['corrected', 'hash-mismatch']);
  });

  it('INTERP-3 an important policy without its interpretation, or with a late one, is incomplete', () => {
    expect(scoreFacts({ ...base, importantPolicy: true })?.reasons).toEqual(['missing-interpretation']);
    const late = scoreFacts({ ...base, importantPolicy: true, interpretationLinkedAt: '2026-04-20T00:00:00Z' });
    expect(late?.reasons).toEqual(['late-interpretation']);
    const onTime = scoreFacts({ ...base, importantPolicy: true, interpretationLinkedAt: '2026-03-20T00:00:00Z' });
    expect(onTime?.counters.completenessComplete).toBe(1);
  });

  it('FIVE-1 COORD-4 a withheld document needs its legal reason; a sensitive one its approval', () => {
    const withheld = scoreFacts({ ...base, status: 'WITHHELD', publishedAt: undefined, indexNumber: undefined });
    expect(withheld?.counters).toEqual({ ...zeroCounters(), completenessDue: 1 });
    expect(withheld?.reasons).toEqual(['missing-legal-reason']);
    const approved = { ...base, sensitiveCategory: 'statistics' as const, approvals: ['stats'] };
    expect(scoreFacts(approved)?.reasons).toEqual(['missing-approval']);
    expect(scoreFacts({ ...approved, approvedBy: 'zhao.lei' })?.reasons).toEqual([]);
  });

  it('COORD-6 a wrong-publisher attempt counts against the uploading agency’s accuracy only', () => {
    const facts = scoreFacts({ ...base, status: 'REJECTED', publisher: 'health', wrongPublisherAttempt: true });
    expect(facts).toMatchObject({ agency: 'edu', counters: { ...zeroCounters(), accuracyPublished: 1 } });
  });

  it('documents the leader rejected are not due; a routed document counts for its publisher', () => {
    expect(scoreFacts({ ...base, status: 'REJECTED' })).toBeUndefined();
    expect(scoreFacts({ ...base, publisher: 'natres' })?.agency).toBe('natres');
  });
});

describe('REVIEW-4.2 an agency-year from its counters', () => {
  // Hand-computed: 1 on time, 1 late then published, 1 withdrawn (on time), 1 unpublished overdue.
  const counters = {
    agency: 'edu',
    year: 2026,
    timelinessDue: 4,
    timelinessOnTime: 2,
    completenessDue: 4,
    completenessComplete: 3,
    accuracyPublished: 3,
    accuracyAccurate: 2,
    open: [{ documentId: 'd4', dueAt: '2026-03-30', inTimeliness: true }],
  };

  it('counts an unpublished document as late and incomplete once its deadline has passed', () => {
    const scores = agencyScores(counters, '区教育局', '2026-06-01');
    expect(scores.timeliness).toMatchObject({
      numerator: 2,
      denominator: 4,
      value: 0.5,
      low: 0.150039,
      high: 0.849961,
    });
    expect(scores.completeness).toMatchObject({ numerator: 3, denominator: 4, value: 0.75, low: 0.300642 });
    expect(scores.accuracy).toMatchObject({ numerator: 2, denominator: 3, low: 0.20766, high: 0.938508 });
  });

  it('leaves it out while its deadline has not passed: not publishing yet is no fault', () => {
    const scores = agencyScores(counters, '区教育局', '2026-03-15');
    expect(scores.timeliness).toMatchObject({ numerator: 2, denominator: 3 });
    expect(scores.completeness).toMatchObject({ numerator: 3, denominator: 3 });
  });

  it('encodes whether an open document counts in timeliness', () => {
    const facts = scoreFacts({ ...base, status: 'IN_REVIEW', disclosure: 'on-request', publishedAt: undefined });
    expect(openDueOf('d9', facts)).toEqual({ documentId: 'd9', dueAt: '2026-03-30', inTimeliness: false });
  });
});

describe('REVIEW-4.2 a write changes the evidence only when the evidence changes', () => {
  const open = { ...base, status: 'RECEIVED', publishedAt: undefined, indexNumber: undefined } as const;

  it('a step that moves the document on leaves its evidence line as it is', () => {
    const created = scoreChange(undefined, open);
    expect(created.evidence).toMatchObject({ documentId: 'd1', reasons: expect.any(Array) });
    const moved = scoreChange(open, { ...open, status: 'AWAITING_SIGNOFF', scanAttempts: 1 });
    expect(moved.evidence).toBeUndefined();
    expect(moved.evidenceRemoved).toBeUndefined();
  });

  it('publication, which changes what the line says, writes it', () => {
    const late = { ...open, status: 'ROUTED' } as const;
    const published = scoreChange(late, { ...late, status: 'PUBLISHED', publishedAt: '2026-04-15T02:00:00Z' });
    expect(published.evidence).toMatchObject({ published: true, publishedAt: '2026-04-15T02:00:00Z' });
    expect(published.evidence?.reasons).toContain('late');
  });
});
