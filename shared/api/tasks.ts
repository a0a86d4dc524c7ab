import * as z from 'zod';
import { DISCLOSURE_ATTRIBUTES } from '../model/document';
import { type HumanTask, TASK_KINDS } from '../model/task';
import { enumOf, type Fits, pageOf } from './common';
import { FindingSchema } from './documents';

/** The responses of /api/tasks, as functions/api/routes/tasks.ts sends them. */

/**
 * What the assignee needs to decide, from the task's document, as the task carries it (copied
 * when it opened); absent on a task opened before tasks carried it. The extracted text is not
 * in the list: the card reads it from GET /api/documents/:id when it is opened.
 */
export const TaskDocumentSchema = z.object({
  title: z.string(),
  agency: z.string(),
  department: z.string(),
  disclosure: z.enum(DISCLOSURE_ATTRIBUTES),
  formedAt: z.string(),
  dueAt: z.string().optional(),
  findings: z.array(FindingSchema).readonly(),
  /** After a redaction: the findings of the version it replaced, to show beside the ones above. */
  findingsBeforeRedaction: z.array(FindingSchema).readonly().optional(),
  /** Some of the text was read by OCR (a scan): it may misread a digit. */
  scanned: z.boolean().optional(),
});

/** GET /api/tasks: the caller's open tasks (HumanTask without its task token), with their document. */
export const TaskSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  kind: z.enum(TASK_KINDS),
  assignee: z.string(),
  status: enumOf<HumanTask['status']>({ open: 'open', closed: 'closed', expired: 'expired' }),
  escalated: z.boolean().optional(),
  createdAt: z.string(),
  dueAt: z.string(),
  decision: z.string().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  comment: z.string().optional(),
  reassigned: z.object({ from: z.string(), at: z.string(), by: z.string() }).optional(),
  document: TaskDocumentSchema.optional(),
});
export type Task = z.infer<typeof TaskSchema>;
/** GET /api/tasks: one page, soonest due first. */
export const TaskListSchema = pageOf(TaskSchema);

/**
 * POST /api/tasks/:id/decision: 200 when the flow resumed, 202 when the decision is recorded but
 * the waiting flow was gone; flowResumed false also when other agencies' replies are still awaited.
 */
export const DecisionResponseSchema = z.object({
  ok: z.literal(true),
  decision: z.string(),
  decidedBy: z.string(),
  taskId: z.string(),
  flowResumed: z.boolean(),
});

/** GET /api/tasks/:id/excerpt: the extracted text with the findings in it; absent when none was kept. */
export const TaskExcerptSchema = z.object({ text: z.string().optional() });

/** POST /api/tasks/:id/redaction (201): where to PUT the redacted version, and the key to decide with. */
export const RedactionUploadSchema = z.object({ redactionKey: z.string().min(1), uploadUrl: z.string().min(1) });

export type TaskChecks = [Fits<Omit<HumanTask, 'taskToken'>, z.input<typeof TaskSchema>>];
