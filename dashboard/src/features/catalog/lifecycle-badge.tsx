import type { PublicCatalogEntry } from '../../../../shared/api/responses';
import { beijingDate } from '../../../../shared/calendar/beijing';
import { lifecycleState } from '../../../../shared/model/lifecycle';
import { useI18n } from '../../i18n';

/** A regulation's or normative document's state in the catalogue: 现行有效, 已废止 or 已失效. */
export function LifecycleBadge({ entry }: { entry: PublicCatalogEntry }) {
  const { d } = useI18n();
  const abolition = entry.abolishedOn
    ? { on: entry.abolishedOn, document: entry.abolishingDocument ?? '', by: '', at: '' }
    : undefined;
  const state = lifecycleState(
    {
      ...(entry.documentType ? { documentType: entry.documentType } : {}),
      ...(entry.validUntil ? { validUntil: entry.validUntil } : {}),
      ...(abolition ? { abolition } : {}),
    },
    beijingDate(new Date()),
  );
  if (!state) return null;
  const title = abolition
    ? d.annual.abolishedOn(abolition.on, abolition.document)
    : entry.validUntil
      ? `${d.annual.validUntil} ${entry.validUntil}`
      : undefined;
  return (
    <span
      className={`chip ${state === 'in-force' ? '' : 'chip-provisional'}`}
      title={title}
      data-testid="lifecycle-badge"
    >
      {d.annual.lifecycle[state]}
    </span>
  );
}
