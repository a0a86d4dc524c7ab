/**
 * The stored shape of the pre-aggregated scores (REVIEW-4.2): plain data that the domain computes
 * (shared/scores) and the adapters write. The rules that fill it live in shared/scores only.
 */

/** Why a document cost its agency points, as shown to the oversight group. */
export const EVIDENCE_REASONS = [
  'late',
  'unpublished',
  'no-package',
  'missing-interpretation',
  'late-interpretation',
  'missing-legal-reason',
  'missing-approval',
  'missing-catalogue-fields',
  'corrected',
  'withdrawn',
  'hash-mismatch',
  'wrong-publisher',
] as const;
export type EvidenceReason = (typeof EVIDENCE_REASONS)[number];

export const SCORE_NAMES = ['timeliness', 'completeness', 'accuracy'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];

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

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
}

/**
 * A document counted in its agency-year but not settled: it is left out while its deadline has
 * not passed and counts as late and incomplete afterwards.
 */
export interface OpenDue {
  readonly documentId: string;
  readonly dueAt: string;
  /** Counted in timeliness too (proactive). */
  readonly inTimeliness: boolean;
}

/** The stored counters of one agency and year, with the documents still open. */
export interface ScoreCounterItem extends Counters {
  readonly agency: string;
  readonly year: number;
  readonly open: readonly OpenDue[];
}

/** A document that cost (or may yet cost) its agency points, stored beside the counters. */
export interface EvidenceItem {
  readonly documentId: string;
  readonly agency: string;
  readonly year: number;
  readonly title: string;
  /**
   * The document is PUBLISHED (what a line of evidence needs of its status). Not the status
   * itself: that changes at every step, and the line would be written again at every step.
   */
  readonly published?: true;
  readonly dueAt: string;
  readonly publishedAt?: string;
  readonly reasons: readonly EvidenceReason[];
  readonly correctedAt?: string;
  readonly withdrawnAt?: string;
  readonly interpretationLinkedAt?: string;
}

/** What one document write changes in one agency-year's counters. */
export interface CounterChange {
  readonly agency: string;
  readonly year: number;
  /** Non-zero increments only (negative takes a count back). */
  readonly add: Partial<Counters>;
  readonly openAdded?: OpenDue;
  readonly openRemoved?: OpenDue;
  /** The document enters this agency-year: the year becomes selectable. */
  readonly entersYear: boolean;
}

/** Everything a document write changes in the scores, computed by the domain before the write. */
export interface ScoreChange {
  readonly counters: readonly CounterChange[];
  /** The document's evidence line as it now stands. */
  readonly evidence?: EvidenceItem;
  /** Where its evidence line was, when it no longer belongs there. */
  readonly evidenceRemoved?: { readonly agency: string; readonly year: number; readonly documentId: string };
}

export const NO_SCORE_CHANGE: ScoreChange = { counters: [] };
