import type { EvidenceEntry } from '../../../../../shared/api/responses';
import type { EvidenceFacts } from '../../../i18n/evidence';
import type { Formatters } from '../../../i18n/format';
import type { Dict } from '../../../i18n/types';

/** The reader's sentence for one line of evidence, from its code and facts. */
export function evidenceText(d: Dict, fmt: Formatters, e: EvidenceEntry): string {
  const date = (value: string | undefined) => (value ? fmt.date(value) : d.common.none);
  const { detail } = e;
  const facts: EvidenceFacts = {
    dueAt: date(detail.dueAt),
    publishedAt: date(detail.publishedAt),
    linkedAt: date(detail.linkedAt),
    correctedAt: date(detail.correctedAt),
    withdrawnAt: date(detail.withdrawnAt),
    days: detail.lateByWorkingDays ?? 0,
  };
  return d.scores.evidence[e.code](facts);
}
