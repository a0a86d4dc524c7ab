import type { EvidenceItem, ScoreCounterItem } from '../model/scores';
import type { ScoreFacts, ScoreName } from './facts';
import { type ScoreValue, wilson } from './interval';

export interface AgencyScores {
  readonly agency: string;
  readonly name: string;
  readonly timeliness: ScoreValue;
  readonly completeness: ScoreValue;
  readonly accuracy: ScoreValue;
}

/**
 * The scores of one agency-year from its counters. A document still open before its deadline is
 * left out; once the deadline has passed it counts as late and incomplete (it sits in the
 * denominators and not in the numerators).
 */
export function agencyScores(item: ScoreCounterItem, name: string, today: string): AgencyScores {
  let pendingTimeliness = 0;
  let pendingCompleteness = 0;
  for (const open of item.open) {
    if (open.dueAt >= today) {
      pendingCompleteness++;
      if (open.inTimeliness) pendingTimeliness++;
    }
  }
  return {
    agency: item.agency,
    name,
    timeliness: wilson(item.timelinessOnTime, item.timelinessDue - pendingTimeliness),
    completeness: wilson(item.completenessComplete, item.completenessDue - pendingCompleteness),
    accuracy: wilson(item.accuracyAccurate, item.accuracyPublished),
  };
}

export function evidenceOf(
  doc: {
    id: string;
    title: string;
    status: string;
    dueAt?: string;
    publishedAt?: string;
    correctedAt?: string;
    withdrawnAt?: string;
    interpretationLinkedAt?: string;
  },
  facts: ScoreFacts,
): EvidenceItem | undefined {
  if (facts.reasons.length === 0 && !facts.openUntil) return undefined;
  return {
    documentId: doc.id,
    agency: facts.agency,
    year: facts.year,
    title: doc.title,
    ...(doc.status === 'PUBLISHED' ? { published: true as const } : {}),
    dueAt: doc.dueAt ?? '',
    reasons: [...facts.reasons],
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt } : {}),
    ...(doc.correctedAt ? { correctedAt: doc.correctedAt } : {}),
    ...(doc.withdrawnAt ? { withdrawnAt: doc.withdrawnAt } : {}),
    ...(doc.interpretationLinkedAt ? { interpretationLinkedAt: doc.interpretationLinkedAt } : {}),
  };
}

export type { EvidenceItem, ScoreCounterItem, ScoreName };
