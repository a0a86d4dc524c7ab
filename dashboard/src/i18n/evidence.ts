import type { EvidenceReason } from '../../../shared/model/scores';

/** What an evidence line says about a document, already formatted for the reader's locale. */
export interface EvidenceFacts {
  readonly dueAt: string;
  readonly publishedAt: string;
  readonly linkedAt: string;
  readonly correctedAt: string;
  readonly withdrawnAt: string;
  /** Working days late (or overdue); 0 when the evidence does not say. */
  readonly days: number;
}

/** How a dictionary words each evidence code: a code left out does not compile. */
export type EvidenceWords = Readonly<Record<EvidenceReason, (f: EvidenceFacts) => string>>;
