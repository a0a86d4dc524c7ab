import { randomUUID } from 'node:crypto';
import { beijingDate } from '../../calendar/beijing';
import { leaderOn } from '../../directory/assignments';
import { requestDigest } from '../../model/derived-id';
import { type DocumentRecord, isAcceptedContentType } from '../../model/document';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ReusedKeyError,
  ValidationError,
} from '../../model/errors';
import type { Identity } from '../../model/identity';
import { redactionKey } from '../../model/object-keys';
import { DECISIONS, decisionNeedsComment, type HumanTask, isDecisionOf } from '../../model/task';
import { uploadProblem } from '../../review/sniff';
import { pinContent } from '../content';
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
  const { task } = await openTaskOf(deps, caller, taskId);
  if (task.kind !== 'review') throw new ValidationError('only confidentiality reviews take a redacted version');
  const key = redactionKey(task.documentId, randomUUID());
  return { redactionKey: key, uploadUrl: await deps.files.presignUpload(key, contentType, 900) };
}

/** The open task the caller may decide, and its document when the check had to read it (a sign-off). */
async function openTaskOf(deps: PipelineDeps, caller: Identity, taskId: string) {
  const task = await deps.tasks.getTask(taskId);
  if (!task) throw new NotFoundError(`no task ${taskId}`);
  if (!assigneesOf(caller).includes(task.assignee)) {
    throw new ForbiddenError(`task ${taskId} is assigned to ${task.assignee}, not to you`);
  }
  if (task.status !== 'open')
    throw new ConflictError(`task ${taskId} was already decided (${task.decision ?? task.status})`);
  if (task.kind === 'signoff' && !task.escalated) {
    // EXPAND-2: only the leader in charge now signs off; a reassigned department's open sign-offs
    // move to the new leader (shared/directory), and until they have, the old one is refused.
    const doc = await deps.documents.get(task.documentId);
    const department = doc && (await deps.directory.getDepartment(doc.agency, doc.department));
    const leader = department && leaderOn(department, beijingDate(deps.clock.now()));
    if (doc && leader && leader !== task.assignee) {
      throw new ForbiddenError(
        `EXPAND-2: ${doc.agency}/${doc.department} is now in the charge of ${leader}, not ${task.assignee}; the sign-off is theirs`,
      );
    }
    return { task, doc };
  }
  return { task, doc: undefined };
}

/** What deciding a task leaves to the caller: the flow to resume (if it waits on this decision) and with what. */
export interface DecisionResult {
  readonly taskToken: string | undefined;
  readonly kind: HumanTask['kind'];
  readonly output: { readonly decision: string; readonly decidedBy: string; readonly taskId: string };
  /** The decision was recorded by an earlier request with the same Idempotency-Key, not by this one. */
  readonly replayed: boolean;
}

/**
 * A person decides a task. Only the assignee (or a member of the assigned group) may; the task
 * closes and the document moves in one transaction, so a second decision is a conflict, never a
 * second transition. Returns the task token and output to resume the flow with.
 *
 * With an idempotency key (the `Idempotency-Key` header), a request retried after its answer was
 * lost finds the decision the first one recorded, by this caller with this key, and answers with it
 * (so the flow can still be resumed, if the first request never got to it); the same key with
 * another decision or comment is ReusedKeyError. Without one, a second decision is a conflict.
 */
export async function decideTask(
  deps: PipelineDeps,
  caller: Identity,
  taskId: string,
  input: DecisionInput,
  idempotencyKey?: string,
): Promise<DecisionResult> {
  const digest = idempotencyKey === undefined ? undefined : decisionDigest(caller, taskId, idempotencyKey);
  try {
    return await decideOpenTask(deps, caller, taskId, input, digest);
  } catch (err) {
    // Already decided (or decided at the same time by the same key's other request): by this request's key?
    const replayed = digest && err instanceof ConflictError ? await replayOf(deps, taskId, digest, input) : undefined;
    if (replayed) return replayed;
    throw err;
  }
}

const decisionDigest = (caller: Identity, taskId: string, key: string) =>
  requestDigest('gongkai-decision', caller.user, taskId, key);

/** The decision a request with this digest recorded on the task, answered again; undefined if none did. */
async function replayOf(
  deps: PipelineDeps,
  taskId: string,
  digest: string,
  input: DecisionInput,
): Promise<DecisionResult | undefined> {
  const task = await deps.tasks.getTask(taskId);
  if (task?.status !== 'closed' || task.requestDigest !== digest || !task.decision || !task.decidedBy) return undefined;
  if (
    task.decision !== input.decision ||
    (task.comment ?? '') !== (input.comment ?? '') ||
    (task.redactionKey ?? '') !== (input.redactionKey ?? '')
  ) {
    throw new ReusedKeyError(
      `Idempotency-Key: this key decided task ${taskId} as ${task.decision} with another comment, decision or redacted version; a new decision needs a new key`,
    );
  }
  // A consultation's reply resumed the flow only if it was the last one awaited.
  const doc = task.kind === 'consultation' ? await deps.documents.get(task.documentId) : undefined;
  const resumes = task.kind !== 'consultation' || (doc?.consultationTaskIds ?? []).length === 0;
  return {
    taskToken: resumes ? task.taskToken : undefined,
    kind: task.kind,
    output: { decision: task.decision, decidedBy: task.decidedBy, taskId },
    replayed: true,
  };
}

async function decideOpenTask(
  deps: PipelineDeps,
  caller: Identity,
  taskId: string,
  input: DecisionInput,
  digest: string | undefined,
): Promise<DecisionResult> {
  const { task, doc: read } = await openTaskOf(deps, caller, taskId);
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
    const pinned = await pinRedaction(deps, task.documentId, input.redactionKey);
    // The agency's original stays pinned, as evidence; the redacted version is what goes on.
    redaction = (current) => ({
      ...pinned,
      originalSha256: current.originalSha256 ?? current.sha256,
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
  // The document the sign-off check read is the one written: no second read.
  const write = writeDocument(
    deps.documents,
    task.documentId,
    (doc) => ({
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
          // EXPAND-2: what the leader approved is exactly what will be published.
          ...(kind === 'signoff' && decision === 'approve' ? { signedOffSha256: current.sha256 } : {}),
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
        ...(digest ? { requestDigest: digest } : {}),
        ...(decision === 'redact' ? { redactionKey: input.redactionKey } : {}),
      },
      conflictMessage: `task ${task.id} was already decided`,
    }),
    read,
  );
  try {
    await write;
  } catch (err) {
    // The store's answer may be what was lost, not the write: if the task now holds this very
    // decision (at our time, by us), it was written, and the flow must hear of it.
    if (err instanceof DomainError || !(await decisionWritten(deps, task.id, caller.user, decision, at))) throw err;
  }
  const output = { decision, decidedBy: caller.user, taskId: task.id };
  // The token the flow waits on now: a retried callback step may have registered a new one meanwhile.
  const taskToken = resumes ? ((await deps.tasks.getTask(task.id))?.taskToken ?? task.taskToken) : undefined;
  return { taskToken, kind, output, replayed: false };
}

async function decisionWritten(deps: PipelineDeps, taskId: string, by: string, decision: string, at: string) {
  const task = await deps.tasks.getTask(taskId);
  return task?.status === 'closed' && task.decision === decision && task.decidedBy === by && task.decidedAt === at;
}

/**
 * Takes the redacted version a reviewer uploaded: only at a key the server issued for this
 * document (matched exactly), only a file that is what it claims to be, and pinned under its hash
 * at once — a later PUT to the same redaction URL changes nothing.
 */
async function pinRedaction(deps: PipelineDeps, documentId: string, key: string | undefined) {
  const issued = new RegExp(
    `^${redactionKey(documentId, '')}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
  );
  if (!key || !issued.test(key)) {
    throw new ValidationError('redactionKey: a redaction needs the redactionKey of the uploaded redacted version');
  }
  if (!(await deps.files.exists(key)))
    throw new ValidationError(`redactionKey: no redacted version uploaded at ${key}`);
  const { bytes, contentType } = await deps.files.readOriginal(key);
  const type = contentType?.split(';')[0]?.trim() ?? '';
  if (!isAcceptedContentType(type)) {
    throw new ValidationError(`redactionKey: the redacted version was uploaded as "${type}", not an accepted type`);
  }
  const problem = uploadProblem(bytes, type, type);
  if (problem) throw new ValidationError(`redactionKey: the redacted version cannot be used: ${problem}`);
  return { ...(await pinContent(deps.files, documentId, bytes, type)), contentType: type };
}
