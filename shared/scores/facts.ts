import type { DocumentRecord, Status } from '../model/document';
import { isoDay } from '../pipeline/deps';

/** Why a document cost its agency points (REVIEW-4.2), as shown to the oversight group. */
export type EvidenceReason =
  | 'late'
  | 'unpublished'
  | 'no-package'
  | 'missing-interpretation'
  | 'late-interpretation'
  | 'missing-legal-reason'
  | 'missing-approval'
  | 'missing-catalogue-fields'
  | 'corrected'
  | 'withdrawn'
  | 'hash-mismatch'
  | 'wrong-publisher';

export type ScoreName = 'timeliness' | 'completeness' | 'accuracy';

export const SCORE_OF_REASON: Record<EvidenceReason, ScoreName> = {
  late: 'timeliness',
  unpublished: 'timeliness',
  // Not published past its deadline: there is no publication package to be complete.
  'no-package': 'completeness',
  'missing-interpretation': 'completeness',
  'late-interpretation': 'completeness',
  'missing-legal-reason': 'completeness',
  'missing-approval': 'completeness',
  'missing-catalogue-fields': 'completeness',
  corrected: 'accuracy',
  withdrawn: 'accuracy',
  'hash-mismatch': 'accuracy',
  'wrong-publisher': 'accuracy',
};

export const COUNTERS = [
  'timelinessDue',
  'timelinessOnTime',
  'completenessDue',
  'completenessComplete',
  'accuracyPublished',
  'accuracyAccurate',
] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

/** What one document contributes to its agency's scores for the year its deadline falls in. */
export interface ScoreFacts {
  readonly agency: string;
  readonly year: number;
  readonly counters: Counters;
  /**
   * Unpublished and counted: it is left out while its deadline has not passed (not publishing yet
   * is no fault) and counts as late and incomplete afterwards. The value is the deadline.
   */
  readonly openUntil?: string;
  /** Counted in timeliness (proactive), needed to leave an open document out of that denominator. */
  readonly inTimeliness: boolean;
  readonly reasons: readonly EvidenceReason[];
}

const PUBLIC: ReadonlySet<Status> = new Set(['PUBLISHED', 'CORRECTED', 'WITHDRAWN']);
const SETTLED: ReadonlySet<Status> = new Set([...PUBLIC, 'RECORDED', 'WITHHELD']);

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
}

/**
 * The facts are a pure function of the document, so the same code keeps the counters in step at
 * every write (as a delta between before and after) and rebuilds them from scratch.
 */
export function scoreFacts(doc: DocumentRecord | undefined): ScoreFacts | undefined {
  if (!doc?.dueAt) return undefined;
  const year = Number(doc.dueAt.slice(0, 4));
  const counters = zeroCounters();
  const reasons: EvidenceReason[] = [];

  // COORD-6: the attempt counts against the agency that made it, in accuracy only.
  if (doc.wrongPublisherAttempt) {
    counters.accuracyPublished = 1;
    return { agency: doc.agency, year, counters, inTimeliness: false, reasons: ['wrong-publisher'] };
  }
  // Not approved by its own leader or returned for rework: nothing was due to be published.
  if (doc.status === 'REJECTED' || doc.status === 'RETURNED') return undefined;

  const agency = doc.publisher ?? doc.agency;
  const published = PUBLIC.has(doc.status) && doc.publishedAt !== undefined;
  const settled = SETTLED.has(doc.status);
  const inTimeliness = doc.disclosure === 'proactive' && doc.status !== 'WITHHELD';

  if (inTimeliness) {
    counters.timelinessDue = 1;
    if (published && doc.publishedAt && isoDay(new Date(doc.publishedAt)) <= doc.dueAt) counters.timelinessOnTime = 1;
    else reasons.push(published ? 'late' : 'unpublished');
  }

  counters.completenessDue = 1;
  const gaps = settled ? packageGaps(doc) : ['no-package' as const];
  if (settled && gaps.length === 0) counters.completenessComplete = 1;
  reasons.push(...gaps);

  if (published) {
    counters.accuracyPublished = 1;
    const faults: EvidenceReason[] = [];
    if (doc.correctedAt) faults.push('corrected');
    if (doc.withdrawnAt) faults.push('withdrawn');
    // What the public gets must be what was signed off — or, after a 更正, the corrected file.
    const expected = doc.corrections?.at(-1)?.sha256 ?? doc.sha256;
    if (doc.publicSha256 !== undefined && doc.publicSha256 !== expected) faults.push('hash-mismatch');
    if (faults.length === 0) counters.accuracyAccurate = 1;
    reasons.push(...faults);
  }
  return { agency, year, counters, inTimeliness, reasons, ...(settled ? {} : { openUntil: doc.dueAt }) };
}

/** The publication package (DESIGN.md "Completeness"): what is missing from it. */
function packageGaps(doc: DocumentRecord): EvidenceReason[] {
  const gaps: EvidenceReason[] = [];
  if (doc.status !== 'WITHHELD' && !(doc.indexNumber && doc.title && doc.publishedAt && doc.category)) {
    gaps.push('missing-catalogue-fields');
  }
  const withheld = doc.disclosure === 'not-disclosed' || doc.status === 'WITHHELD';
  if (withheld && !doc.legalReason?.trim()) gaps.push('missing-legal-reason');
  // COORD-4: an approval by the competent department, unless the publisher is that department.
  if (doc.sensitiveCategory && (doc.approvals?.length ?? 0) > 0 && !doc.approvedBy) gaps.push('missing-approval');
  // INTERP-3: the interpretation is linked, and on time (by the policy's own deadline).
  if (doc.importantPolicy && doc.status !== 'WITHHELD') {
    if (!doc.interpretationLinkedAt) gaps.push('missing-interpretation');
    else if (doc.dueAt && isoDay(new Date(doc.interpretationLinkedAt)) > doc.dueAt) gaps.push('late-interpretation');
  }
  return gaps;
}
