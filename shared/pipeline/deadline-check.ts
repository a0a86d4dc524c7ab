import { beijingDate } from '../calendar/beijing';
import { WAITING_STATUSES } from '../model/document';
import { SIGNALS, type Signal } from '../model/signals';
import { type HumanTask, TASK_KINDS, type TaskKind } from '../model/task';
import type { PipelineDeps } from './deps';

export interface DeadlineReport {
  /** The day checked (Beijing). */
  readonly date: string;
  /** Proactive documents still in the flow whose art. 26 deadline (dueAt, the last day) has passed. */
  readonly overdue: Array<{
    readonly id: string;
    readonly agency: string;
    readonly status: string;
    readonly dueAt: string;
  }>;
  /** Open human tasks whose due date has passed. */
  readonly tasksPastDue: Array<{
    readonly id: string;
    readonly documentId: string;
    readonly kind: TaskKind;
    readonly assignee: string;
    readonly dueAt: string;
  }>;
  /** How many tasks are open, and the age in hours of the oldest of each kind. */
  readonly openTasks: number;
  readonly oldestTaskAgeHours: Partial<Record<TaskKind, number>>;
}

/**
 * The daily check behind the "documents overdue" and "human tasks past due" alarms. It reads the
 * documents in flight (DRAFT … ROUTED: published, withheld, failed and cancelled ones are out of
 * the flow) and their open tasks; a FAILED document is alarmed when it fails, not here.
 */
export async function checkDeadlines(
  deps: Pick<PipelineDeps, 'documents' | 'tasks' | 'clock'>,
): Promise<DeadlineReport> {
  const now = deps.clock.now();
  const today = beijingDate(now);
  const inFlight = await deps.documents.listInFlight();
  const overdue = inFlight
    .filter((d) => d.disclosure === 'proactive' && d.dueAt !== undefined && d.dueAt < today)
    .map((d) => ({ id: d.id, agency: d.agency, status: d.status, dueAt: d.dueAt as string }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));

  const taskIds = inFlight
    .filter((d) => WAITING_STATUSES.has(d.status))
    .flatMap((d) => [d.openTaskId, ...(d.consultationTaskIds ?? [])])
    .filter((id): id is string => id !== undefined);
  const tasks = (await Promise.all(taskIds.map((id) => deps.tasks.getTask(id)))).filter(
    (t): t is HumanTask => t?.status === 'open',
  );
  const oldestTaskAgeHours: Partial<Record<TaskKind, number>> = {};
  for (const task of tasks) {
    const hours = Math.max(0, Math.floor((now.getTime() - Date.parse(task.createdAt)) / 3_600_000));
    oldestTaskAgeHours[task.kind] = Math.max(oldestTaskAgeHours[task.kind] ?? 0, hours);
  }
  const tasksPastDue = tasks
    .filter((t) => t.dueAt < today)
    .map(({ id, documentId, kind, assignee, dueAt }) => ({ id, documentId, kind, assignee, dueAt }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  return { date: today, overdue, tasksPastDue, openTasks: tasks.length, oldestTaskAgeHours };
}

/**
 * The check's metrics: every count every day, zero included, so an alarm always has a value to
 * read; task ages only for kinds with an open task.
 */
export function deadlineSignals(report: DeadlineReport): Signal[] {
  const kind = (value: string) => ({ name: 'kind' as const, value });
  return [
    { name: SIGNALS.overdue, value: report.overdue.length, unit: 'Count' },
    { name: SIGNALS.tasksPastDue, value: report.tasksPastDue.length, unit: 'Count' },
    ...TASK_KINDS.map(
      (k): Signal => ({
        name: SIGNALS.tasksPastDue,
        value: report.tasksPastDue.filter((t) => t.kind === k).length,
        unit: 'Count',
        dimension: kind(k),
      }),
    ),
    ...Object.entries(report.oldestTaskAgeHours).map(
      ([k, hours]): Signal => ({ name: SIGNALS.oldestTaskAge, value: hours, unit: 'None', dimension: kind(k) }),
    ),
  ];
}
