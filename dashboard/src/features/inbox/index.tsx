import { useEffect, useState } from 'react';
import { TaskListSchema } from '../../../../shared/api/responses';
import { MorePages, Notice, PageHeader, QueryState, RefreshButton } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { usePages } from '../../lib/use-pages';
import { useAgencies } from '../agencies/directory';
import { TaskCard } from './components/task-card';
import { actionLabel } from './data/decisions';

export function InboxPage() {
  const { d } = useI18n();
  // A page of 100 at a time, soonest due first; more on request.
  const tasks = usePages('/api/tasks', TaskListSchema);
  const agencies = useAgencies();
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning' | 'info'; text: string } | null>(null);
  const [rescanning, setRescanning] = useState(0);
  const { reload } = tasks;

  // A redacted version is scanned again; if something is still found a new review task opens.
  useEffect(() => {
    if (rescanning === 0) return;
    const timers = [3000, 8000].map((ms) => setTimeout(reload, ms));
    return () => {
      for (const t of timers) clearTimeout(t);
    };
  }, [rescanning, reload]);

  const open = (tasks.data ?? []).filter((t) => !done.has(t.id)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));

  return (
    <section>
      <PageHeader title={d.inbox.title} lead={d.inbox.lead} actions={<RefreshButton resource={tasks} />} />
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <QueryState resource={tasks} isEmpty={open.length === 0} empty={d.inbox.empty} />
      <div className="task-list">
        {open.map((task) => (
          <TaskCard
            key={task.id}
            task={task}
            agencies={agencies.data}
            onDecided={(t, decision) => {
              setDone((s) => new Set(s).add(t.id));
              if (decision === 'redact') {
                setNotice({ tone: 'info', text: d.inbox.redact.done(t.document?.title ?? t.documentId) });
                setRescanning((n) => n + 1);
                return;
              }
              setNotice({
                tone: 'success',
                text: d.inbox.decided(actionLabel(d, t.kind, decision), t.document?.title ?? t.documentId),
              });
            }}
            onConflict={() => {
              setNotice({ tone: 'warning', text: d.inbox.conflict });
              tasks.reload();
            }}
          />
        ))}
      </div>
      <MorePages pages={tasks} />
    </section>
  );
}
