import { parseArrangement, type StoredArrangement, sameArrangement } from '../calendar/arrangement';
import { beijingDate } from '../calendar/beijing';
import { DEADLINES } from '../calendar/deadlines';
import { calendarOverridesWith } from '../calendar/stored';
import { createWorkingCalendar, type WorkingCalendar } from '../calendar/working-calendar';
import type { DocumentRecord } from '../model/document';
import { ForbiddenError } from '../model/errors';
import { hasRole, type Identity } from '../model/identity';
import type { RuleId } from '../model/rules';
import type { HumanTask, TaskKind } from '../model/task';
import type { PipelineDeps } from './deps';
import { taskWorkingDays, WAITING } from './tasks/rules';
import { taskDocumentOf, waitingTaskIds } from './tasks/summary';
import { moved, Skip, writeDocument } from './write';

/** What an import reads and writes: the stored arrangements, documents in flight and their open tasks. */
export type CalendarImportDeps = Pick<PipelineDeps, 'calendars' | 'calendar' | 'documents' | 'tasks' | 'clock'>;

/** One deadline an import moved (or, in a dry run, would move). */
export interface DeadlineChange {
  readonly documentId: string;
  readonly deadline: 'publication' | 'task';
  readonly taskId?: string;
  readonly kind?: TaskKind;
  readonly from: string;
  readonly to: string;
  /** Whether the new deadline still counts a day of a year with no published arrangement. */
  readonly provisional: boolean;
}

export interface CalendarImportResult {
  readonly year: number;
  /** The stored version of the year's arrangement (in a dry run: the one it would become). */
  readonly version: number;
  readonly holidays: number;
  readonly workdays: number;
  /** The same arrangement was stored already: nothing was stored again, deadlines were still checked. */
  readonly unchanged: boolean;
  readonly dryRun: boolean;
  readonly documents: { readonly inFlight: number; readonly changed: number };
  readonly tasks: { readonly open: number; readonly changed: number };
  readonly changes: readonly DeadlineChange[];
}

/** Who may import a calendar: the district's administrators; the command line acts as `cli:<user>`. */
export function calendarImporter(caller: Identity): string {
  if (!hasRole(caller, 'admin')) throw new ForbiddenError('only administrators (admin) import the holiday calendar');
  return caller.user;
}

/**
 * Imports a year's holiday arrangement as data (no code change, no redeploy): checks it in full
 * (shared/calendar/arrangement.ts), stores it, and recomputes every deadline the working-day
 * calendar set on what is still in flight — each document's publication deadline (OGI-26, the
 * provisional mark cleared once every day it counts is in a published year) and each open task's
 * due date — with an audit event per deadline it moves. A deadline fixed as a date (`dueFixed`)
 * stays. Importing the same file again stores nothing and finishes what an interrupted run left.
 */
export async function importCalendarYear(
  deps: CalendarImportDeps,
  actor: string,
  input: unknown,
  options: { readonly dryRun?: boolean } = {},
): Promise<CalendarImportResult> {
  const arrangement = parseArrangement(input);
  const dryRun = options.dryRun ?? false;
  const stored = await deps.calendars.listYears();
  const current = stored.find((s) => s.year === arrangement.year);
  const unchanged = current !== undefined && sameArrangement(current, arrangement);
  const at = deps.clock.now().toISOString();
  const next: StoredArrangement = {
    ...arrangement,
    version: unchanged ? (current?.version ?? 1) : (current?.version ?? 0) + 1,
    importedAt: at,
    importedBy: actor,
  };
  let calendar: WorkingCalendar;
  if (dryRun) {
    calendar = createWorkingCalendar(calendarOverridesWith([...stored.filter((s) => s !== current), next]));
  } else {
    if (!unchanged) await deps.calendars.putYear(next, current?.version ?? 0);
    // Read back, so a concurrent import of another year is counted too.
    calendar = createWorkingCalendar(calendarOverridesWith(await deps.calendars.listYears()));
    await deps.calendar.refresh?.();
  }

  const changes: DeadlineChange[] = [];
  let openTasks = 0;
  const inFlight = await deps.documents.listInFlight();
  for (const doc of inFlight) {
    const publication = publicationChange(calendar, doc);
    if (publication) {
      const written = dryRun
        ? publication
        : await writePublicationChange(deps, calendar, doc.id, arrangement.year, actor, at);
      if (written) changes.push(written);
    }
    for (const task of await openTasksOf(deps, doc)) {
      openTasks += 1;
      const change = taskChange(calendar, doc, task);
      if (!change) continue;
      const written = dryRun
        ? change
        : await writeTaskChange(deps, calendar, doc.id, task.id, arrangement.year, actor, at);
      if (written) changes.push(written);
    }
  }
  return {
    year: arrangement.year,
    version: next.version,
    holidays: arrangement.holidays.length,
    workdays: arrangement.workdays.length,
    unchanged,
    dryRun,
    documents: { inFlight: inFlight.length, changed: new Set(changes.map((c) => c.documentId)).size },
    tasks: { open: openTasks, changed: changes.filter((c) => c.deadline === 'task').length },
    changes,
  };
}

/** OGI-26's deadline of a document under `calendar`, when it differs from the one it has. */
function publicationChange(calendar: WorkingCalendar, doc: DocumentRecord | undefined): DeadlineChange | undefined {
  if (!doc?.dueAt || doc.dueFixed) return undefined;
  const { due, provisional } = calendar.addWorkingDays(doc.formedAt, DEADLINES.publication);
  if (due === doc.dueAt && provisional === (doc.dueProvisional ?? false)) return undefined;
  return { documentId: doc.id, deadline: 'publication', from: doc.dueAt, to: due, provisional };
}

/** An open task's due date under `calendar` (its kind's working days from the day it opened), when it moves. */
function taskChange(calendar: WorkingCalendar, doc: DocumentRecord, task: HumanTask): DeadlineChange | undefined {
  if (task.status !== 'open') return undefined;
  const { due, provisional } = calendar.addWorkingDays(
    beijingDate(task.createdAt),
    taskWorkingDays(task.kind, doc.disclosure),
  );
  if (due === task.dueAt) return undefined;
  return {
    documentId: doc.id,
    deadline: 'task',
    taskId: task.id,
    kind: task.kind,
    from: task.dueAt,
    to: due,
    provisional,
  };
}

/** The open tasks a document waits on: its sign-off, review, approval or escalation, and its consultations. */
async function openTasksOf(deps: CalendarImportDeps, doc: DocumentRecord): Promise<HumanTask[]> {
  const tasks = await Promise.all(waitingTaskIds(doc).map((id) => deps.tasks.getTask(id)));
  return tasks.filter((t): t is HumanTask => t?.status === 'open');
}

/** Moves a document's publication deadline, decided again on a fresh read; undefined when nothing moves. */
async function writePublicationChange(
  deps: CalendarImportDeps,
  calendar: WorkingCalendar,
  documentId: string,
  year: number,
  actor: string,
  at: string,
): Promise<DeadlineChange | undefined> {
  let change: DeadlineChange | undefined;
  await writeDocument(deps.documents, documentId, (doc) => {
    change = publicationChange(calendar, doc);
    if (!doc || !change) return new Skip(undefined);
    const { from, to, provisional } = change;
    const move = moved(documentId, doc, {
      from: doc.status,
      to: doc.status,
      event: {
        at,
        actor,
        rules: ['OGI-26'],
        note: { code: 'deadline-recomputed', year, deadline: 'publication', from, to, provisional },
      },
      patch: { dueAt: to, dueProvisional: provisional },
    });
    // The tasks waiting on it show its deadline from the copy they carry: it moves with them.
    const taskIds = waitingTaskIds(doc);
    return taskIds.length ? { ...move, taskDocuments: { taskIds, document: taskDocumentOf(move.document) } } : move;
  });
  return change;
}

/** Moves an open task's due date with an audit event on its document, conditional on the task as read. */
async function writeTaskChange(
  deps: CalendarImportDeps,
  calendar: WorkingCalendar,
  documentId: string,
  taskId: string,
  year: number,
  actor: string,
  at: string,
): Promise<DeadlineChange | undefined> {
  let change: DeadlineChange | undefined;
  await writeDocument(deps.documents, documentId, async (doc) => {
    const task = await deps.tasks.getTask(taskId);
    change = doc && task ? taskChange(calendar, doc, task) : undefined;
    if (!doc || !task || !change) return new Skip(undefined);
    const { from, to, provisional } = change;
    const rules: RuleId[] = WAITING[task.kind].rules;
    return {
      ...moved(documentId, doc, {
        from: doc.status,
        to: doc.status,
        event: {
          at,
          actor,
          rules,
          note: { code: 'deadline-recomputed', year, deadline: 'task', from, to, provisional, taskId, kind: task.kind },
        },
      }),
      taskDueChanges: [{ id: taskId, from, to }],
      // The task was decided or moved meanwhile: read both again.
      retryOn: ['task-due'],
    };
  });
  return change;
}
