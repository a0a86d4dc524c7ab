import { beijingDate } from '../calendar/beijing';
import { yearOf } from '../calendar/iso-date';
import { type DocumentRecord, PUBLIC_STATUSES, type Status } from '../model/document';
import { type Counters, type EvidenceReason, type ScoreName, zeroCounters } from '../model/scores';

export type { CounterName, Counters, EvidenceReason, ScoreName } from '../model/scores';
export { COUNTERS, zeroCounters } from '../model/scores';

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

const SETTLED: ReadonlySet<Status> = new Set([...PUBLIC_STATUSES, 'RECORDED', 'WITHHELD']);

/**
 * The facts are a pure function of the document, so the same code keeps the counters in step at
 * every write (as a delta between before and after) and rebuilds them from scratch.
 */
export function scoreFacts(doc: DocumentRecord | undefined): ScoreFacts | undefined {
  if (!doc?.dueAt) return undefined;
  const year = yearOf(doc.dueAt);
  const counters = zeroCounters();
  const reasons: EvidenceReason[] = [];

  // COORD-6: the attempt counts against the agency that made it, in accuracy only.
  if (doc.wrongPublisherAttempt) {
    counters.accuracyPublished = 1;
    return { agency: doc.agency, year, counters, inTimeliness: false, reasons: ['wrong-publisher'] };
  }
  // Not approved by its own leader or returned for rework: nothing was due to be published.
  if (doc.status === 'REJECTED' || doc.status === 'RETURNED') return undefined;
  // The system failed it: no fault of the agency until a person re-runs or abandons it.
  if (doc.status === 'FAILED' && doc.failure?.kind === 'system') return undefined;
  // 撤销登记 of a registration that never ran, or was returned, leaves the scores; abandoning a
  // document the system failed does not (it stays due, and unpublished).
  if (doc.status === 'CANCELLED' && doc.cancelled?.from !== 'FAILED') return undefined;

  const agency = doc.publisher ?? doc.agency;
  const published = PUBLIC_STATUSES.has(doc.status) && doc.publishedAt !== undefined;
  const settled = SETTLED.has(doc.status);
  const inTimeliness = doc.disclosure === 'proactive' && doc.status !== 'WITHHELD';

  if (inTimeliness) {
    counters.timelinessDue = 1;
    if (published && doc.publishedAt && beijingDate(doc.publishedAt) <= doc.dueAt) counters.timelinessOnTime = 1;
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
    else if (doc.dueAt && beijingDate(doc.interpretationLinkedAt) > doc.dueAt) gaps.push('late-interpretation');
  }
  return gaps;
}
