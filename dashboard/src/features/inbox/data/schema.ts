import { z } from 'zod';
import type { TaskKind } from '../../../../../shared/model/task';
import { FindingSchema } from '../../documents/data/schema';

export const TaskSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  kind: z.string(),
  assignee: z.string(),
  dueAt: z.string(),
  createdAt: z.string(),
  escalated: z.boolean().nullish(),
  document: z
    .object({
      title: z.string(),
      agency: z.string(),
      department: z.string().nullish(),
      disclosure: z.string().nullish(),
      formedAt: z.string().nullish(),
      findings: z.array(FindingSchema).nullish(),
      text: z.string().nullish(),
    })
    .nullish(),
});
export type Task = z.infer<typeof TaskSchema>;
export const TaskListSchema = z.array(TaskSchema);
export const DecisionResponseSchema = z.object({}).loose();

/**
 * The decisions each kind of task takes as plain buttons, and which need a comment. A review's
 * `redact` needs a file too: the task card offers it separately. Kinds not listed get no buttons.
 */
export const DECISIONS: Partial<
  Record<TaskKind, readonly { decision: string; tone: 'primary' | 'danger' | 'plain'; needsComment: boolean }[]>
> = {
  signoff: [
    { decision: 'approve', tone: 'primary', needsComment: false },
    { decision: 'reject', tone: 'danger', needsComment: true },
  ],
  review: [
    { decision: 'clear', tone: 'primary', needsComment: false },
    { decision: 'return', tone: 'plain', needsComment: true },
    { decision: 'withhold', tone: 'danger', needsComment: true },
  ],
  approval: [
    { decision: 'approve', tone: 'primary', needsComment: false },
    { decision: 'reject', tone: 'danger', needsComment: true },
  ],
  consultation: [
    { decision: 'agree', tone: 'primary', needsComment: false },
    { decision: 'object', tone: 'danger', needsComment: false },
  ],
  // COORD-5(2): the disclosure office settles an objection.
  escalation: [
    { decision: 'publish', tone: 'primary', needsComment: false },
    { decision: 'stop', tone: 'danger', needsComment: true },
  ],
};

export function decisionsFor(kind: string) {
  return (Object.hasOwn(DECISIONS, kind) ? DECISIONS[kind as TaskKind] : undefined) ?? [];
}

/** POST /api/tasks/:id/redaction: where to PUT the redacted version, and the key to decide with. */
export const RedactionUploadSchema = z.object({ redactionKey: z.string().min(1), uploadUrl: z.string().min(1) });
