import { z } from 'zod';

export const PipelineItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  agency: z.string(),
  agencyName: z.string().nullish(),
  status: z.string(),
  formedAt: z.string(),
  dueAt: z.string().nullish(),
  provisional: z.boolean().nullish(),
  workingDaysLeft: z.number().nullish(),
});
export type PipelineItem = z.infer<typeof PipelineItemSchema>;
export const PipelineSchema = z.array(PipelineItemSchema);

export type Urgency = 'overdue' | 'soon' | 'ok' | 'unknown';

/** Due soon = at most 3 working days left; negative = overdue. */
export function urgencyOf(item: PipelineItem): Urgency {
  const left = item.workingDaysLeft;
  if (left === null || left === undefined) return 'unknown';
  if (left < 0) return 'overdue';
  if (left <= 3) return 'soon';
  return 'ok';
}
