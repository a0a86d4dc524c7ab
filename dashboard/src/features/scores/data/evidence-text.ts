import type { Dict } from '../../../i18n';
import type { EvidenceFacts } from '../../../i18n/evidence';
import type { Formatters } from '../../../i18n/format';
import type { Evidence } from './schema';

type Lines = Dict['scores']['evidence'];
export type EvidenceCode = keyof Lines;

export function isEvidenceCode(d: Dict, code: string | null | undefined): code is EvidenceCode {
  return !!code && Object.hasOwn(d.scores.evidence, code);
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The reader's sentence for one line of evidence; the API's English reason for a code we do not know. */
export function evidenceText(d: Dict, fmt: Formatters, e: Evidence): string {
  if (!isEvidenceCode(d, e.code)) return e.reason;
  const detail = e.detail ?? {};
  const date = (key: string) => {
    const value = text(detail[key]);
    return value ? fmt.date(value) : d.common.none;
  };
  const days = Number(detail.lateByWorkingDays);
  const facts: EvidenceFacts = {
    dueAt: date('dueAt'),
    publishedAt: date('publishedAt'),
    linkedAt: date('linkedAt'),
    correctedAt: date('correctedAt'),
    withdrawnAt: date('withdrawnAt'),
    days: Number.isFinite(days) ? days : 0,
  };
  return d.scores.evidence[e.code](facts);
}
