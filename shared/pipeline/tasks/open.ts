import { randomUUID } from 'node:crypto';
import { beijingDate } from '../../calendar/beijing';
import { DEADLINES } from '../../calendar/deadlines';
import type { DocumentRecord } from '../../model/document';
import { ConflictError, NotFoundError } from '../../model/errors';
import type { RuleId } from '../../model/rules';
import type { HumanTask, TaskKind } from '../../model/task';
import { type PipelineDeps, SYSTEM_ACTOR } from '../deps';
import { moved, writeDocument } from '../write';
import { assigneesFor } from './assignees';
import { taskWorkingDays, WAITING } from './rules';
import { taskDocumentOf } from './summary';

export interface OpenTaskInput {
  readonly documentId: string;
  readonly kind: TaskKind;
  readonly taskToken: string;
  readonly escalated?: boolean;
}

/**
 * A callback step: opens the human task(s) the flow waits for and stores the token that resumes
 * it. A consultation asks every agency concerned at once (COORD-5(1)). Idempotent: a retried or
 * resumed step finds the open tasks and registers its new token on them.
 */
export interface OpenTaskResult {
  readonly taskIds: string[];
  /**
   * Set when the person already decided: a retried step (its first try's answer was lost) after
   * the decision, whose answer then found no execution waiting. The step hands it to the flow itself.
   */
  readonly decided?: { readonly decision: string; readonly decidedBy: string };
}

export async function openTask(deps: PipelineDeps, input: OpenTaskInput): Promise<OpenTaskResult> {
  const { documentId, kind, taskToken } = input;
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  const { from, waiting } = WAITING[kind];
  // COORD-5(4): on-request information involving other agencies runs on 5 + 5 working days.
  const onRequest = kind === 'consultation' && doc.disclosure === 'on-request';
  const rules: RuleId[] = onRequest ? ['COORD-5(4)'] : WAITING[kind].rules;
  const replyDays = taskWorkingDays(kind, doc.disclosure);
  // The due date counts the holidays ops imported last (gongkai calendar import).
  await deps.calendar.refresh?.();

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
    for (const t of open)
      await deps.tasks.close({ id: t.id, status: 'expired', decidedAt: at, decidedBy: SYSTEM_ACTOR });
  }

  if (open.length === 0) {
    const decided = await decisionTaken(deps, doc, kind);
    if (decided) return { taskIds: [], decided };
  }
  if (doc.status !== waiting && !from.includes(doc.status)) {
    throw new ConflictError(`document ${documentId} is ${doc.status}; a ${kind} task cannot be opened`);
  }
  const assignees = await assigneesFor(deps.directory, doc, kind, input.escalated ?? false, beijingDate(now));
  const tasks: HumanTask[] = assignees.map((assignee) => ({
    id: randomUUID(),
    documentId,
    kind,
    assignee,
    status: 'open',
    createdAt: at,
    dueAt: deps.calendar.addWorkingDays(beijingDate(now), replyDays).due,
    taskToken,
    ...(input.escalated ? { escalated: true } : {}),
  }));
  const ids = tasks.map((t) => t.id);
  await writeDocument(
    deps.documents,
    documentId,
    (current) => {
      const move = moved(documentId, current, {
        from: doc.status,
        to: waiting,
        event: {
          at,
          actor: SYSTEM_ACTOR,
          rules,
          note: { code: 'task-opened', kind, assignees, escalated: input.escalated ?? false },
        },
        patch:
          kind === 'consultation'
            ? { consultationTaskIds: ids, ...solicitation(deps, doc, now, onRequest) }
            : { openTaskId: ids[0] },
      });
      return {
        ...move,
        // The list shows what the task carries of the document, as this write leaves it.
        openTasks: tasks.map((t) => ({ ...t, document: taskDocumentOf(move.document) })),
        conflictMessage: `a task for ${documentId} exists`,
      };
    },
    doc,
  );
  return { taskIds: ids };
}

/** The decision of this kind that is the document's last write (nothing has happened since it). */
async function decisionTaken(deps: PipelineDeps, doc: DocumentRecord, kind: TaskKind) {
  const last = (await deps.documents.history(doc.id)).at(-1);
  if (!last || last.seq !== doc.version || last.note?.code !== 'decided' || last.note.kind !== kind) return undefined;
  return { decision: last.note.decision, decidedBy: last.actor };
}

/**
 * COORD-5(4): the receiving agency asks the others within 5 working days of receiving the
 * application (its registration here); whether it did is kept with the document.
 */
function solicitation(deps: PipelineDeps, doc: DocumentRecord, now: Date, onRequest: boolean): Partial<DocumentRecord> {
  if (!onRequest) return {};
  const due = deps.calendar.addWorkingDays(beijingDate(doc.createdAt), DEADLINES.onRequestSolicitation).due;
  return { solicitationDueAt: due, solicitationLate: beijingDate(now) > due };
}
