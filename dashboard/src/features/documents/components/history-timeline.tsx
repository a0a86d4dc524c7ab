import type { HistoryEvent } from '../../../../../shared/api/responses';
import { RuleChips, StatusBadge } from '../../../components/badges';
import { useI18n } from '../../../i18n';
import { noteText } from '../../../i18n/notes';
import { personName, useIdentities } from '../../agencies/directory';

export function HistoryTimeline({ events }: { events: readonly HistoryEvent[] }) {
  const { d, fmt } = useI18n();
  const people = useIdentities();
  if (events.length === 0) return <p className="muted">{d.document.noHistory}</p>;
  // Commit order (the audit chain's sequence): steps of one run often share a timestamp.
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return (
    <ol className="timeline">
      {sorted.map((event) => (
        <li key={event.seq} className="timeline-item">
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-body">
            <div className="timeline-head">
              <time dateTime={event.at} className="timeline-time">
                {fmt.dateTime(event.at)}
              </time>
              <span className="timeline-actor">
                {event.actor.startsWith('system') ? d.document.system : personName(people.data, event.actor)}
              </span>
            </div>
            <div className="timeline-transition">
              {event.from ? (
                <StatusBadge status={event.from} />
              ) : (
                <span className="badge badge-neutral">{d.document.created}</span>
              )}
              <span className="arrow" aria-hidden="true">
                →
              </span>
              <StatusBadge status={event.to} />
              <RuleChips rules={event.rules} />
            </div>
            {event.note ? (
              <p className="timeline-note" data-note={event.note.code}>
                {noteText(d.notes, event.note)}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
