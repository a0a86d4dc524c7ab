import { type Status, WAITING_STATUSES } from '../../../../../shared/model/document';
import { StatusBadge } from '../../../components/badges';
import { ErrorState, Loading } from '../../../components/feedback';
import { useI18n } from '../../../i18n';
import { Link } from '../../../lib/router';
import { isSettled } from '../../../lib/statuses';
import { useLiveDocument } from '../data/use-document';
import { FailureNotice } from './document-notes';
import { ProgressSteps } from './progress-steps';

/** The document just uploaded, followed live until it waits on a person or finishes. */
export function LiveStatus({
  id,
  onStatus,
  onDismiss,
}: {
  id: string;
  onStatus: (status: Status) => void;
  onDismiss: () => void;
}) {
  const { d, fmt } = useI18n();
  const { doc, error, polling, reload } = useLiveDocument(id, onStatus);
  return (
    <section className="card live-status" aria-live="polite" aria-labelledby="live-title" data-testid="live-status">
      <div className="card-head card-head-flat">
        <h2 id="live-title" className="card-title">
          {d.upload.liveTitle}
        </h2>
        <span className={polling ? 'live-dot live-dot-on' : 'live-dot'}>
          {polling || !doc || !isSettled(doc.status)
            ? d.upload.polling
            : WAITING_STATUSES.has(doc.status)
              ? d.document.waitingPerson
              : d.document.finished}
        </span>
      </div>
      {error ? <ErrorState error={error} onRetry={reload} /> : null}
      {!doc && !error ? <Loading /> : null}
      {doc ? (
        <>
          <div className="live-head">
            <Link to={`/documents/${doc.id}`} className="live-title">
              {doc.title}
            </Link>
            <StatusBadge status={doc.status} />
          </div>
          <ProgressSteps status={doc.status} />
          {doc.indexNumber ? (
            <p className="small">
              {d.upload.indexNumber}: <span className="mono">{doc.indexNumber}</span>
            </p>
          ) : null}
          {doc.failure ? <FailureNotice failure={doc.failure} /> : null}
          {doc.findings && doc.findings.length > 0 ? (
            <p className="small">{d.inbox.findings(doc.findings.length)}</p>
          ) : null}
          <div className="form-actions">
            <Link className="btn btn-small" to={`/documents/${doc.id}`}>
              {d.common.details}
            </Link>
            <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss}>
              {d.upload.another}
            </button>
            {doc.history.length > 0 ? (
              <span className="muted small">
                {d.common.updatedAt(fmt.dateTime(doc.history[doc.history.length - 1]?.at))}
              </span>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
