import { randomUUID } from 'node:crypto';
import type { DocumentRecord } from '../../model/document';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../model/errors';
import type { Identity } from '../../model/identity';
import { redactionKey } from '../../model/object-keys';
import { DECISIONS, decisionNeedsComment, isDecisionOf } from '../../model/task';
import type { PipelineDeps } from '../deps';
import { moved, writeDocument } from '../write';
import { assigneesOf, OUTCOMES, type Outcome, WAITING } from './rules';

export interface DecisionInput {
  readonly decision: string;
  readonly comment?: string;
  /** For `redact`: the redacted version the reviewer uploaded (from requestRedactionUpload). */
  readonly redactionKey?: string;
}

/** A reviewer asks where to upload a redacted version for a review task. */
export async function requestRedactionUpload(
  deps: PipelineDeps,
  caller: Identity,
  taskId: string,
  contentType: string,
) {
  const task = await openTaskOf(deps, caller, taskId);
  if (task.kind !== 'review') throw new ValidationError('only confidentiality reviews take a redacted version');
  const key = redactionKey(task.documentId, randomUUID());
  return { redactionKey: key, uploadUrl: await deps.files.presignUpload(key, contentType, 900) };
}

async function openTaskOf(deps: PipelineDeps, caller: Identity, taskId: string) {
  const task = await deps.tasks.getTask(taskId);
  if (!task) throw new NotFoundError(`no task ${taskId}`);
  if (!assigneesOf(caller).includes(task.assignee)) {
    throw new ForbiddenError(`task ${taskId} is assigned to ${task.assignee}, not to you`);
  }
  if (task.status !== 'open')
    throw new ConflictError(`task ${taskId} was already decided (${task.decision ?? task.status})`);
  return task;
}

/**
 * A person decides a task. Only the assignee (or a member of the assigned group) may; the task
 * closes and the document moves in one transaction, so a second decision is a conflict, never a
 * second transition. Returns the task token and output to resume the flow with.
 */
export async function decideTask(deps: PipelineDeps, caller: Identity, taskId: string, input: DecisionInput) {
  const task = await openTaskOf(deps, caller, taskId);
  const { kind } = task;
  const decision = input.decision;
  if (!isDecisionOf(kind, decision)) {
    throw new ValidationError(`decision for a ${kind} task must be one of ${DECISIONS[kind].join(', ')}`);
  }
  if (kind === 'review' && decision === 'withhold' && !input.comment?.trim()) {
    throw new ValidationError('FIVE-1: withholding (不予公开) needs the legal reason in the comment');
  }
  if (decisionNeedsComment(decision) && !input.comment?.trim()) {
    throw new ValidationError(`a ${decision} needs a comment for the agency`);
  }
  let redaction = (_current: DocumentRecord): Partial<DocumentRecord> => ({});
  if (decision === 'redact') {
    const key = input.redactionKey;
    if (!key?.startsWith(redactionKey(task.documentId, ''))) {
      throw new ValidationError('a redaction needs the redactionKey of the uploaded redacted version');
    }
    if (!(await deps.files.exists(key))) throw new ValidationError(`no redacted version uploaded at ${key}`);
    // The agency's original stays where it is, as evidence; the redacted version is what goes on.
    redaction = (current) => ({
      objectKey: key,
      objectVersion: undefined,
      originalKey: current.originalKey ?? current.objectKey,
      redactionPending: true,
    });
  }
  const outcome = (OUTCOMES[kind] as Readonly<Record<string, Outcome>>)[decision] as Outcome;
  const at = deps.clock.now().toISOString();
  // A consultation resumes the flow only with the last reply. The patch runs on the document as
  // it is written (again on a retry), so two replies at once still agree on which was the last.
  let resumes = kind !== 'consultation';
  const consultationReply = (current: DocumentRecord): Partial<DocumentRecord> => {
    const pending = (current.consultationTaskIds ?? []).filter((id) => id !== task.id);
    const objected = current.consultationObjected === true || decision === 'object';
    resumes = pending.length === 0;
    if (!resumes) return { consultationTaskIds: pending, consultationObjected: objected };
    return {
      consultationTaskIds: undefined,
      consultationObjected: undefined,
      consultationOutcome: objected ? 'objected' : 'agreed',
    };
  };
  await writeDocument(deps.documents, task.documentId, (doc) => ({
    ...moved(task.documentId, doc, {
      from: WAITING[kind].waiting,
      to: outcome.to,
      event: {
        at,
        actor: caller.user,
        rules: outcome.rules,
        note: { code: 'decided', kind, decision, ...(input.comment ? { comment: input.comment } : {}) },
      },
      patch: (current: DocumentRecord) => ({
        ...redaction(current),
        ...(kind === 'approval' && decision === 'approve' ? { approvedBy: caller.user } : {}),
        ...(kind === 'consultation' ? consultationReply(current) : { openTaskId: undefined }),
        ...(kind === 'escalation' && decision === 'publish' ? { consultationOutcome: 'coordinated' as const } : {}),
        ...(decision === 'withhold' && input.comment ? { legalReason: input.comment } : {}),
      }),
    }),
    closeTask: {
      id: task.id,
      status: 'closed',
      decision,
      decidedBy: caller.user,
      decidedAt: at,
      ...(input.comment ? { comment: input.comment } : {}),
    },
    conflictMessage: `task ${task.id} was already decided`,
  }));
  const output = { decision, decidedBy: caller.user, taskId: task.id };
  return { taskToken: resumes ? task.taskToken : undefined, output };
}
