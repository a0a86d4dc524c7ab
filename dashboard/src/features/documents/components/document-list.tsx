import type { DocumentSummary } from '../../../../../shared/api/responses';
import { StatusBadge } from '../../../components/badges';
import { MorePages, QueryState, RefreshButton } from '../../../components/feedback';
import { useI18n } from '../../../i18n';
import { Link, useRouter } from '../../../lib/router';
import type { Pages } from '../../../lib/use-pages';
import { DueDate } from './document-notes';

/** The agency's documents, newest first, a page at a time. */
export function DocumentList({ documents, highlight }: { documents: Pages<DocumentSummary>; highlight?: string }) {
  const { d, fmt } = useI18n();
  const { navigate } = useRouter();
  const rows = [...(documents.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="card card-flush" aria-labelledby="doc-list-title">
      <div className="card-head">
        <h2 id="doc-list-title" className="card-title">
          {d.upload.listTitle}
          {documents.data ? <span className="muted small"> · {d.common.count(rows.length)}</span> : null}
        </h2>
        <RefreshButton resource={documents} />
      </div>
      <QueryState resource={documents} isEmpty={rows.length === 0} empty={d.upload.listEmpty}>
        {() => (
          <table className="table table-cards table-hover documents-table">
            <thead>
              <tr>
                <th scope="col">{d.upload.docTitle}</th>
                <th scope="col">{d.upload.status}</th>
                <th scope="col">{d.upload.indexNumber}</th>
                <th scope="col">{d.upload.formedAt}</th>
                <th scope="col">{d.upload.createdAt}</th>
                <th scope="col">{d.upload.dueAt}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((doc) => (
                <tr
                  key={doc.id}
                  className={doc.id === highlight ? 'row-highlight' : undefined}
                  data-document-id={doc.id}
                  onClick={(event) => {
                    if ((event.target as HTMLElement).closest('a')) return;
                    navigate(`/documents/${doc.id}`);
                  }}
                >
                  <td data-label={d.upload.docTitle} className="cell-title">
                    <Link to={`/documents/${doc.id}`}>{doc.title}</Link>
                  </td>
                  <td data-label={d.upload.status}>
                    <StatusBadge status={doc.status} />
                  </td>
                  <td data-label={d.upload.indexNumber} className="mono nowrap">
                    {doc.indexNumber ?? d.common.none}
                  </td>
                  <td data-label={d.upload.formedAt} className="nowrap">
                    {fmt.date(doc.formedAt)}
                  </td>
                  <td data-label={d.upload.createdAt} className="nowrap">
                    {fmt.dateTime(doc.createdAt)}
                  </td>
                  <td data-label={d.upload.dueAt} className="nowrap">
                    <DueDate at={doc.dueAt} provisional={doc.dueProvisional} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <MorePages pages={documents} />
    </section>
  );
}
