import { randomUUID } from 'node:crypto';
import type { DocumentRecord, Status } from '../model/document';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../model/errors';
import type { Identity } from '../model/identity';
import type { RuleId } from '../model/rules';
import type { HumanTask, TaskKind } from '../model/task';
import type { Transition } from '../ports';
import { isoDay, type PipelineDeps, SYSTEM_ACTOR } from './deps';

/** Working days each kind of human task has before it shows as overdue. */
export const TASK_WORKING_DAYS: Record<TaskKind, number> = {
  review: 3,
  signoff: 3,
  approval: 5,
  // COORD-5(3): a written reply within 10 working days.
  consultation: 10,
};

/** The pre-review group (REVIEW-2) decides confidentiality reviews together. */
export const REVIEW_GROUP = 'group:reviewer';
export const approverGroup = (agency: string) => `group:approver@${agency}`;

/** Everyone a caller may act for: themselves and the groups their roles put them in. */
export function assigneesOf(identity: Identity): string[] {
  const assignees = [identity.user];
  if (identity.roles.includes('reviewer')) assignees.push(REVIEW_GROUP);
  if (identity.roles.includes('approver')) assignees.push(approverGroup(identity.agency));
  return assignees;
}

export interface OpenTaskInput {
  readonly documentId: string;
  readonly kind: TaskKind;
  readonly taskToken: string;
  readonly escalated?: boolean;
}

/** Status a document is in while a task of this kind is open, and the one it comes from. */
const WAITING: Record<Exclude<TaskKind, 'consultation'>, { from: Status; waiting: Status; rules: RuleId[] }> = {
  review: { from: 'RECEIVED', waiting: 'IN_REVIEW', rules: ['FIVE-4', 'REVIEW-2'] },
  signoff: { from: 'CLEARED', waiting: 'AWAITING_SIGNOFF', rules: ['EXPAND-2'] },
  approval: { from: 'SIGNED_OFF', waiting: 'AWAITING_APPROVAL', rules: ['COORD-4'] },
};

/**
 * A callback step: opens the human task the flow waits for and stores the token that resumes it.
 * Idempotent: a retried or resumed step finds the open task and registers its new token.
 */
export async function openTask(deps: PipelineDeps, input: OpenTaskInput): Promise<{ taskId: string }> {
  const { documentId, kind, taskToken } = input;
  if (kind === 'consultation') throw new ValidationError('consultations are opened by the routing step');
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  const existing = doc.openTaskId ? await deps.tasks.getTask(doc.openTaskId) : undefined;
  const now = deps.clock.now();
  const at = now.toISOString();
  const { from, waiting, rules } = WAITING[kind];

  if (existing?.status === 'open' && existing.kind === kind) {
    if (!input.escalated || existing.escalated) {
      await deps.tasks.refreshToken(existing.id, taskToken);
      return { taskId: existing.id };
    }
    // The leader did not answer in time: the agency's head signs off instead.
    await deps.tasks.close(existing.id, { status: 'expired', decidedAt: at, decidedBy: SYSTEM_ACTOR });
  }

  const assignee = await assigneeFor(deps, doc, kind, input.escalated ?? false);
  const task: HumanTask = {
    id: randomUUID(),
    documentId,
    kind,
    assignee,
    status: 'open',
    createdAt: at,
    dueAt: deps.calendar.addWorkingDays(isoDay(now), TASK_WORKING_DAYS[kind]).due,
    taskToken,
    ...(input.escalated ? { escalated: true } : {}),
  };
  const transition: Transition = {
    from: doc.status === waiting ? waiting : from,
    to: waiting,
    event: {
      at,
      actor: SYSTEM_ACTOR,
      rules,
      note: `${input.escalated ? 'escalated ' : ''}${kind} task for ${assignee}`,
    },
    patch: { openTaskId: task.id },
  };
  await deps.tasks.open(task, transition);
  return { taskId: task.id };
}

async function assigneeFor(deps: PipelineDeps, doc: DocumentRecord, kind: TaskKind, escalated: boolean) {
  switch (kind) {
    case 'review':
      return REVIEW_GROUP;
    case 'approval': {
      const competent = doc.approvals?.[0];
      if (!competent) throw new ValidationError(`document ${doc.id} has no competent department to approve it`);
      return approverGroup(competent);
    }
    default: {
      if (escalated) {
        const agency = await deps.directory.getAgency(doc.agency);
        if (!agency?.head) throw new ValidationError(`agency ${doc.agency} has no head to escalate sign-off to`);
        return agency.head;
      }
      const department = await deps.directory.getDepartment(doc.agency, doc.department);
      if (!department) throw new ValidationError(`department ${doc.agency}/${doc.department} is not registered`);
      return department.leader;
    }
  }
}

export const DECISIONS = {
  signoff: ['approve', 'reject'],
  review: ['clear', 'redact', 'withhold', 'return'],
  approval: ['approve', 'reject'],
  consultation: ['agree', 'object'],
} as const satisfies Record<TaskKind, readonly string[]>;

/** Where each decision takes the document, and under which rule. */
const OUTCOMES: Record<string, { to: Status; rules: RuleId[] }> = {
  'signoff:approve': { to: 'SIGNED_OFF', rules: ['EXPAND-2'] },
  'signoff:reject': { to: 'REJECTED', rules: ['EXPAND-2'] },
  'review:clear': { to: 'CLEARED', rules: ['FIVE-4', 'REVIEW-2'] },
  // The redacted version is scanned again by the flow; the document stays in review until it is clean.
  'review:redact': { to: 'IN_REVIEW', rules: ['FIVE-4', 'REVIEW-2'] },
  'review:withhold': { to: 'WITHHELD', rules: ['FIVE-4', 'FIVE-1'] },
  'review:return': { to: 'RETURNED', rules: ['REVIEW-2'] },
  'approval:approve': { to: 'ROUTED', rules: ['COORD-4'] },
  'approval:reject': { to: 'REJECTED', rules: ['COORD-4'] },
};

export interface DecisionInput {
  readonly decision: string;
  readonly comment?: string;
  /** For `redact`: the redacted version the reviewer uploaded (from requestRedactionUpload). */
  readonly redactionKey?: string;
}

export const redactionKey = (documentId: string, redactionId: string) => `redactions/${documentId}/${redactionId}`;

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
  const allowed: readonly string[] = DECISIONS[task.kind];
  if (!allowed.includes(input.decision)) {
    throw new ValidationError(`decision for a ${task.kind} task must be one of ${allowed.join(', ')}`);
  }
  if (task.kind === 'review' && input.decision === 'withhold' && !input.comment?.trim()) {
    throw new ValidationError('FIVE-1: withholding (不予公开) needs the legal reason in the comment');
  }
  if (input.decision === 'reject' || input.decision === 'return') {
    if (!input.comment?.trim()) throw new ValidationError(`a ${input.decision} needs a comment for the agency`);
  }
  let redaction: Partial<DocumentRecord> = {};
  if (input.decision === 'redact') {
    const key = input.redactionKey;
    if (!key || !key.startsWith(redactionKey(task.documentId, ''))) {
      throw new ValidationError('a redaction needs the redactionKey of the uploaded redacted version');
    }
    if (!(await deps.files.exists(key))) throw new ValidationError(`no redacted version uploaded at ${key}`);
    const doc = await deps.documents.get(task.documentId);
    // The agency's original stays where it is, as evidence; the redacted version is what goes on.
    redaction = {
      objectKey: key,
      objectVersion: undefined,
      originalKey: doc?.originalKey ?? doc?.objectKey,
      redactionPending: true,
    };
  }
  const outcome = OUTCOMES[`${task.kind}:${input.decision}`];
  const at = deps.clock.now().toISOString();
  const waiting = WAITING[task.kind as keyof typeof WAITING].waiting;
  await deps.tasks.close(
    task.id,
    {
      decision: input.decision,
      decidedBy: caller.user,
      decidedAt: at,
      ...(input.comment ? { comment: input.comment } : {}),
    },
    outcome && {
      from: waiting,
      to: outcome.to,
      event: {
        at,
        actor: caller.user,
        rules: outcome.rules,
        note: `${task.kind}: ${input.decision}${input.comment ? ` — ${input.comment}` : ''}`,
      },
      patch: {
        ...redaction,
        ...(task.kind === 'approval' && input.decision === 'approve' ? { approvedBy: caller.user } : {}),
        openTaskId: undefined,
        ...(input.decision === 'withhold' && input.comment ? { legalReason: input.comment } : {}),
      },
    },
  );
  return { taskToken: task.taskToken, output: { decision: input.decision, decidedBy: caller.user, taskId: task.id } };
}
