import { randomUUID } from 'node:crypto';
import { DEADLINES } from '../calendar/deadlines';
import type { DocumentRecord, Status } from '../model/document';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../model/errors';
import type { Identity } from '../model/identity';
import type { RuleId } from '../model/rules';
import type { HumanTask, TaskKind } from '../model/task';
import type { Transition } from '../ports';
import { isoDay, type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { notes } from './notes';

/** Working days each kind of human task has before it shows as overdue. */
export const TASK_WORKING_DAYS: Record<TaskKind, number> = {
  review: 3,
  signoff: 3,
  approval: 5,
  // COORD-5(3): a written reply within 10 working days.
  consultation: DEADLINES.consultationReply,
  // COORD-5(2) sets no limit for the disclosure office; this is the district's own target.
  escalation: 10,
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

/** Status a document is in while a task of this kind is open, and the ones it may come from. */
const WAITING: Record<TaskKind, { from: readonly Status[]; waiting: Status; rules: RuleId[] }> = {
  review: { from: ['RECEIVED'], waiting: 'IN_REVIEW', rules: ['FIVE-4', 'REVIEW-2'] },
  signoff: { from: ['CLEARED'], waiting: 'AWAITING_SIGNOFF', rules: ['EXPAND-2'] },
  approval: { from: ['SIGNED_OFF', 'IN_CONSULTATION'], waiting: 'AWAITING_APPROVAL', rules: ['COORD-4'] },
  consultation: { from: ['SIGNED_OFF'], waiting: 'IN_CONSULTATION', rules: ['COORD-5(1)', 'COORD-5(3)'] },
  escalation: { from: ['IN_CONSULTATION'], waiting: 'IN_CONSULTATION', rules: ['COORD-5(2)'] },
};

/**
 * A callback step: opens the human task(s) the flow waits for and stores the token that resumes
 * it. A consultation asks every agency concerned at once (COORD-5(1)). Idempotent: a retried or
 * resumed step finds the open tasks and registers its new token on them.
 */
export async function openTask(deps: PipelineDeps, input: OpenTaskInput): Promise<{ taskIds: string[] }> {
  const { documentId, kind, taskToken } = input;
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  const { from, waiting } = WAITING[kind];
  // COORD-5(4): on-request information involving other agencies runs on 5 + 5 working days.
  const onRequest = kind === 'consultation' && doc.disclosure === 'on-request';
  const rules: RuleId[] = onRequest ? ['COORD-5(4)'] : WAITING[kind].rules;
  const replyDays = onRequest ? DEADLINES.onRequestReply : TASK_WORKING_DAYS[kind];

  const openIds = kind === 'consultation' ? (doc.consultationTaskIds ?? []) : doc.openTaskId ? [doc.openTaskId] : [];
  const open = (await Promise.all(openIds.map((id) => deps.tasks.getTask(id)))).filter(
    (t): t is HumanTask => t?.status === 'open' && t.kind === kind,
  );
  if (open.length > 0) {
    const [first] = open;
    if (!input.escalated || first?.escalated) {
      await Promise.all(open.map((t) => deps.tasks.refreshToken(t.id, taskToken)));
      return { taskIds: open.map((t) => t.id) };
    }
    // The leader did not answer in time: the agency's head signs off instead.
    for (const t of open) await deps.tasks.close(t.id, { status: 'expired', decidedAt: at, decidedBy: SYSTEM_ACTOR });
  }

  if (doc.status !== waiting && !from.includes(doc.status)) {
    throw new ConflictError(`document ${documentId} is ${doc.status}; a ${kind} task cannot be opened`);
  }
  const assignees = await assigneesFor(deps, doc, kind, input.escalated ?? false);
  const tasks: HumanTask[] = assignees.map((assignee) => ({
    id: randomUUID(),
    documentId,
    kind,
    assignee,
    status: 'open',
    createdAt: at,
    dueAt: deps.calendar.addWorkingDays(isoDay(now), replyDays).due,
    taskToken,
    ...(input.escalated ? { escalated: true } : {}),
  }));
  const ids = tasks.map((t) => t.id);
  const transition: Transition = {
    from: doc.status,
    to: waiting,
    event: {
      at,
      actor: SYSTEM_ACTOR,
      rules,
      note: notes.taskOpened(kind, assignees, input.escalated ?? false),
    },
    patch:
      kind === 'consultation'
        ? { consultationTaskIds: ids, ...solicitation(deps, doc, now, onRequest) }
        : { openTaskId: ids[0] },
  };
  await deps.tasks.open(tasks, transition);
  return { taskIds: ids };
}

/**
 * COORD-5(4): the receiving agency asks the others within 5 working days of receiving the
 * application (its registration here); whether it did is kept with the document.
 */
function solicitation(deps: PipelineDeps, doc: DocumentRecord, now: Date, onRequest: boolean): Partial<DocumentRecord> {
  if (!onRequest) return {};
  const due = deps.calendar.addWorkingDays(isoDay(new Date(doc.createdAt)), DEADLINES.onRequestSolicitation).due;
  return { solicitationDueAt: due, solicitationLate: isoDay(now) > due };
}

async function assigneesFor(deps: PipelineDeps, doc: DocumentRecord, kind: TaskKind, escalated: boolean) {
  switch (kind) {
    case 'review':
      return [REVIEW_GROUP];
    case 'approval': {
      const competent = doc.approvals?.[0];
      if (!competent) throw new ValidationError(`document ${doc.id} has no competent department to approve it`);
      return [approverGroup(competent)];
    }
    case 'consultation': {
      // COORD-5(3): a written request to each agency whose authority the content touches.
      const heads = await Promise.all((doc.consult ?? []).map((id) => headOf(deps, id)));
      if (heads.length === 0) throw new ValidationError(`document ${doc.id} names no agency to consult`);
      return heads;
    }
    case 'escalation':
      // COORD-5(2): the same-level disclosure authority coordinates.
      return [await headOf(deps, await disclosureOffice(deps))];
    default: {
      const department = await deps.directory.getDepartment(doc.agency, doc.department);
      if (!department) throw new ValidationError(`department ${doc.agency}/${doc.department} is not registered`);
      if (!escalated) return [department.leader];
      // The agency's head takes over; where the head is the leader who let it lapse, the district
      // disclosure office does.
      const head = await headOf(deps, doc.agency);
      return [head !== department.leader ? head : await headOf(deps, await disclosureOffice(deps))];
    }
  }
}

async function disclosureOffice(deps: PipelineDeps): Promise<string> {
  const office = (await deps.directory.listAgencies()).find((a) => a.disclosureOffice);
  if (!office) throw new ValidationError('no agency is registered as the district disclosure office');
  return office.id;
}

async function headOf(deps: PipelineDeps, agencyId: string): Promise<string> {
  const agency = await deps.directory.getAgency(agencyId);
  if (!agency?.head) throw new ValidationError(`agency ${agencyId} has no head registered`);
  return agency.head;
}

export const DECISIONS = {
  signoff: ['approve', 'reject'],
  review: ['clear', 'redact', 'withhold', 'return'],
  approval: ['approve', 'reject'],
  consultation: ['agree', 'object'],
  escalation: ['publish', 'stop'],
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
  // COORD-5(1): the other agency's written opinion is followed; an objection goes to the office.
  'consultation:agree': { to: 'IN_CONSULTATION', rules: ['COORD-5(1)', 'COORD-5(3)'] },
  'consultation:object': { to: 'IN_CONSULTATION', rules: ['COORD-5(1)', 'COORD-5(3)'] },
  'escalation:publish': { to: 'IN_CONSULTATION', rules: ['COORD-5(2)'] },
  'escalation:stop': { to: 'REJECTED', rules: ['COORD-5(2)'] },
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
  if (['reject', 'return', 'object', 'stop'].includes(input.decision)) {
    if (!input.comment?.trim()) throw new ValidationError(`a ${input.decision} needs a comment for the agency`);
  }
  let redaction = (_current: DocumentRecord): Partial<DocumentRecord> => ({});
  if (input.decision === 'redact') {
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
  const outcome = OUTCOMES[`${task.kind}:${input.decision}`];
  const at = deps.clock.now().toISOString();
  const waiting = WAITING[task.kind].waiting;
  // A consultation resumes the flow only with the last reply. The patch runs on the document as
  // it is written (again on a retry), so two replies at once still agree on which was the last.
  let resumes = task.kind !== 'consultation';
  const consultationReply = (current: DocumentRecord): Partial<DocumentRecord> => {
    const pending = (current.consultationTaskIds ?? []).filter((id) => id !== task.id);
    const objected = current.consultationObjected === true || input.decision === 'object';
    resumes = pending.length === 0;
    if (!resumes) return { consultationTaskIds: pending, consultationObjected: objected };
    return {
      consultationTaskIds: undefined,
      consultationObjected: undefined,
      consultationOutcome: objected ? 'objected' : 'agreed',
    };
  };
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
        note: notes.decided(task.kind, input.decision, input.comment),
      },
      patch: (current: DocumentRecord) => ({
        ...redaction(current),
        ...(task.kind === 'approval' && input.decision === 'approve' ? { approvedBy: caller.user } : {}),
        ...(task.kind === 'consultation' ? consultationReply(current) : { openTaskId: undefined }),
        ...(task.kind === 'escalation' && input.decision === 'publish'
          ? { consultationOutcome: 'coordinated' as const }
          : {}),
        ...(input.decision === 'withhold' && input.comment ? { legalReason: input.comment } : {}),
      }),
    },
  );
  const output = { decision: input.decision, decidedBy: caller.user, taskId: task.id };
  return { taskToken: resumes ? task.taskToken : undefined, output };
}
