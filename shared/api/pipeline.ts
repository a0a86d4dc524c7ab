import * as z from 'zod';
import { STATUSES } from '../model/document';
import { pageOf } from './common';

/** GET /api/pipeline: documents in flight, with the working days left before their deadline. */
export const PipelineItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  agency: z.string(),
  /** The agency's name; its id when the directory does not know it. */
  agencyName: z.string(),
  status: z.enum(STATUSES),
  formedAt: z.string(),
  dueAt: z.string().optional(),
  provisional: z.boolean(),
  /** Negative when overdue; null when the document has no deadline yet. */
  workingDaysLeft: z.number().int().nullable(),
});
export type PipelineItem = z.infer<typeof PipelineItemSchema>;
/** GET /api/pipeline: one page, agency by agency, each agency's soonest deadline first. */
export const PipelineSchema = pageOf(PipelineItemSchema);
