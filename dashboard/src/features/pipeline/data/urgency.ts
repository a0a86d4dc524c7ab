import type { PipelineItem } from '../../../../../shared/api/responses';

export type Urgency = 'overdue' | 'soon' | 'ok' | 'unknown';

/** Due soon = at most 3 working days left; negative = overdue. */
export function urgencyOf(item: PipelineItem): Urgency {
  const left = item.workingDaysLeft;
  if (left === null) return 'unknown';
  if (left < 0) return 'overdue';
  if (left <= 3) return 'soon';
  return 'ok';
}
