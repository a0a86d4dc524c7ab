import { checkDeadlines, deadlineSignals } from '../../shared/pipeline/deadline-check';
import { awsDeps } from '../deps';
import { observedJob, signals } from '../observability/observe';

const deps = awsDeps();

/** Daily (infra/constructs/ops-jobs.ts): documents past their art. 26 deadline, tasks past due, for the alarms. */
export const handler = observedJob(
  'overdueCheck',
  async () => {
    const report = await checkDeadlines(deps);
    for (const signal of deadlineSignals(report)) signals(signal);
    return report;
  },
  // Ids and counts only: who a task waits on is not logged.
  (r) => ({
    date: r.date,
    overdue: r.overdue.length,
    overdueDocuments: r.overdue.slice(0, 50).map((d) => d.id),
    tasksPastDue: r.tasksPastDue.length,
    tasksPastDueIds: r.tasksPastDue.slice(0, 50).map((t) => t.id),
    openTasks: r.openTasks,
    oldestTaskAgeHours: r.oldestTaskAgeHours,
  }),
);
