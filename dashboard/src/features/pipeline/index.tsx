import { useState } from 'react';
import { type PipelineItem, PipelineSchema } from '../../../../shared/api/responses';
import type { Status } from '../../../../shared/model/document';
import { StatusBadge } from '../../components/badges';
import { ChoiceOptions } from '../../components/choice-options';
import { Empty, MorePages, PageHeader, QueryState, RefreshButton } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { statusOrder } from '../../lib/statuses';
import { usePages } from '../../lib/use-pages';
import { urgencyOf } from './data/urgency';

/** Pages fetched after the first without asking. */
const FOLLOWED_PAGES = 19;

export function PipelinePage() {
  const { d, fmt } = useI18n();
  // The counts above the list are of the whole pipeline: its pages are fetched on (up to 2,000
  // documents, each request one page), then on request.
  const items = usePages('/api/pipeline', PipelineSchema, FOLLOWED_PAGES);
  const [agency, setAgency] = useState('');
  const [urgentOnly, setUrgentOnly] = useState(false);

  const all = items.data ?? [];
  const overdue = all.filter((i) => urgencyOf(i) === 'overdue').length;
  const soon = all.filter((i) => urgencyOf(i) === 'soon').length;
  const agencies = [...new Map(all.map((i) => [i.agency, i.agencyName])).entries()]
    .sort((a, b) => a[1].localeCompare(b[1], 'zh-CN'))
    .map(([id, name]) => ({ id, name }));
  const shown = all.filter(
    (i) => (!agency || i.agency === agency) && (!urgentOnly || ['overdue', 'soon'].includes(urgencyOf(i))),
  );
  const groups = new Map<Status, PipelineItem[]>();
  for (const item of shown) groups.set(item.status, [...(groups.get(item.status) ?? []), item]);
  const ordered = [...groups.entries()].sort((a, b) => statusOrder(a[0]) - statusOrder(b[0]));

  const leftLabel = (item: PipelineItem) => {
    const left = item.workingDaysLeft;
    if (left === null) return d.common.none;
    if (left < 0) return d.pipeline.daysOverdue(-left);
    if (left === 0) return d.pipeline.dueToday;
    return d.pipeline.daysLeft(left);
  };

  return (
    <section>
      <PageHeader title={d.pipeline.title} lead={d.pipeline.lead} actions={<RefreshButton resource={items} />} />
      <QueryState resource={items}>
        {() => (
          <>
            <div className="stats">
              <div className="stat">
                <span className="stat-value">
                  {fmt.number(all.length)}
                  {items.hasMore ? '+' : ''}
                </span>
                <span className="stat-label">{d.pipeline.total}</span>
              </div>
              <div className={`stat ${overdue ? 'stat-bad' : ''}`}>
                <span className="stat-value">{fmt.number(overdue)}</span>
                <span className="stat-label">{d.pipeline.overdue}</span>
              </div>
              <div className={`stat ${soon ? 'stat-warn' : ''}`}>
                <span className="stat-value">{fmt.number(soon)}</span>
                <span className="stat-label">{d.pipeline.dueSoon}</span>
              </div>
            </div>
            <div className="card filters filters-inline">
              <label className="field">
                <span className="field-label">{d.pipeline.agency}</span>
                <select value={agency} onChange={(e) => setAgency(e.target.value)}>
                  <ChoiceOptions placeholder={d.common.all} choices={agencies} />
                </select>
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={urgentOnly} onChange={(e) => setUrgentOnly(e.target.checked)} />
                {d.pipeline.onlyUrgent}
              </label>
            </div>
            {ordered.length === 0 ? <Empty>{d.pipeline.empty}</Empty> : null}
            <div className="stage-list">
              {ordered.map(([status, list]) => (
                <section key={status} className="card card-flush stage" data-status={status}>
                  <div className="card-head">
                    <h2 className="card-title">
                      <StatusBadge status={status} /> <span className="muted small">{d.common.count(list.length)}</span>
                    </h2>
                  </div>
                  <table className="table table-cards">
                    <thead>
                      <tr>
                        <th scope="col">{d.upload.docTitle}</th>
                        <th scope="col">{d.pipeline.agency}</th>
                        <th scope="col">{d.pipeline.formedAt}</th>
                        <th scope="col">{d.pipeline.dueAt}</th>
                        <th scope="col">{d.pipeline.left}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...list]
                        .sort((a, b) => (a.workingDaysLeft ?? 1e9) - (b.workingDaysLeft ?? 1e9))
                        .map((item) => {
                          const urgency = urgencyOf(item);
                          return (
                            <tr key={item.id} className={`urgency-${urgency}`} data-document-id={item.id}>
                              <td data-label={d.upload.docTitle} className="cell-title">
                                <Link to={`/documents/${item.id}`}>{item.title}</Link>
                              </td>
                              <td data-label={d.pipeline.agency}>{item.agencyName}</td>
                              <td data-label={d.pipeline.formedAt} className="nowrap">
                                {fmt.date(item.formedAt)}
                              </td>
                              <td data-label={d.pipeline.dueAt} className="nowrap">
                                {fmt.date(item.dueAt)}
                                {item.provisional ? (
                                  <span className="chip chip-provisional" title={d.pipeline.provisionalHint}>
                                    {d.pipeline.provisional}
                                  </span>
                                ) : null}
                              </td>
                              <td data-label={d.pipeline.left} className="nowrap">
                                <span className={`due due-${urgency}`}>{leftLabel(item)}</span>
                              </td>
                            </tr>
                          );
                        })}
                    </tbody>
                  </table>
                </section>
              ))}
            </div>
            <MorePages pages={items} />
          </>
        )}
      </QueryState>
    </section>
  );
}
