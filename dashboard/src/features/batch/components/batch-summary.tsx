import { useI18n } from '../../../i18n';
import { Link } from '../../../lib/router';
import type { FileProgress, SentRow } from '../data/uploads';

/** What the send came to: registered, uploaded into the flow, refused (with the reasons), failed uploads. */
export function BatchSummary({
  batchId,
  sent,
  uploads,
}: {
  batchId: string;
  sent: readonly SentRow[];
  uploads: readonly FileProgress[];
}) {
  const { d } = useI18n();
  const refused = sent.filter((r) => r.problems && !r.documentId);
  const counts = [
    ['registered', sent.filter((r) => r.documentId).length],
    ['started', uploads.filter((u) => u.state === 'done').length],
    ['refused', refused.length],
    ['failed', uploads.filter((u) => u.state === 'failed').length],
  ] as const;
  return (
    <section className="card batch-summary" aria-labelledby="batch-summary-title" data-testid="batch-summary">
      <h2 id="batch-summary-title" className="card-title">
        {d.batch.summaryTitle}
      </h2>
      <dl className="batch-counts">
        {counts.map(([key, n]) => (
          <div key={key} data-count={key}>
            <dt>{d.batch.summary[key]}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {refused.length > 0 ? (
        <>
          <h3 className="small">{d.batch.refusedTitle}</h3>
          <ul className="batch-problems">
            {refused.flatMap((r) =>
              (r.problems ?? []).map((p) => (
                <li key={`${r.row}:${p.column}`}>
                  <strong>{d.batch.problemAt(r.row, d.batch.columns[p.column] ?? p.column)}</strong>
                  {r.file ? <span className="muted"> ({r.file})</span> : null}: {p.reason}
                </li>
              )),
            )}
          </ul>
        </>
      ) : null}
      <Link className="btn" to={`/upload/batch/${batchId}`}>
        {d.batch.viewBatch}
      </Link>
    </section>
  );
}
