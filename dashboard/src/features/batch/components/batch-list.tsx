import { useEffect, useState } from 'react';
import { BatchListSchema, BatchViewSchema } from '../../../../../shared/api/responses';
import { Notice, QueryState } from '../../../components/feedback';
import { useI18n } from '../../../i18n';
import { api } from '../../../lib/api';
import { Link } from '../../../lib/router';
import { useResource } from '../../../lib/use-resource';
import { forgetBatch, type Unfinished, unfinishedBatches } from '../data/resume';

/** Batches this browser left with files still to upload: what is left, and where to go on. */
export function UnfinishedBatches() {
  const { d } = useI18n();
  const [left, setLeft] = useState<Array<Unfinished & { files: number }>>([]);
  useEffect(() => {
    let live = true;
    void Promise.all(
      unfinishedBatches().map(async (batch) => {
        try {
          const view = await api(`/api/batches/${batch.id}`, BatchViewSchema);
          const files = view.rows.filter((r) => r.status === 'DRAFT').length;
          if (files === 0) forgetBatch(batch.id);
          return { ...batch, files };
        } catch {
          return { ...batch, files: 0 };
        }
      }),
    ).then((all) => {
      if (live) setLeft(all.filter((b) => b.files > 0));
    });
    return () => {
      live = false;
    };
  }, []);
  if (left.length === 0) return null;
  return (
    <Notice tone="warning">
      {left.map((b) => (
        <p key={b.id} data-testid="batch-unfinished">
          {d.batch.unfinished(b.label, b.files)} <Link to={`/upload/batch/${b.id}`}>{d.batch.continueBatch}</Link>
        </p>
      ))}
    </Notice>
  );
}

/** The agency's batches, newest first. */
export function BatchList() {
  const { d, fmt } = useI18n();
  const batches = useResource('batches', (signal) => api('/api/batches', BatchListSchema, { signal }));
  return (
    <section className="card card-flush" aria-labelledby="batch-list-title">
      <div className="card-head">
        <h2 id="batch-list-title" className="card-title">
          {d.batch.yourBatches}
        </h2>
      </div>
      <QueryState resource={batches} isEmpty={(batches.data ?? []).length === 0} empty={d.batch.noBatches}>
        {(list) => (
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">{d.batch.label}</th>
                <th scope="col">{d.batch.openedAt}</th>
                <th scope="col">{d.batch.openedBy}</th>
                <th scope="col">{d.batch.manifest}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.id}>
                  <td data-label={d.batch.label}>
                    <Link to={`/upload/batch/${b.id}`}>{b.label ?? b.id}</Link>
                  </td>
                  <td data-label={d.batch.openedAt}>{fmt.dateTime(b.openedAt)}</td>
                  <td data-label={d.batch.openedBy}>{b.openedBy}</td>
                  <td data-label={d.batch.manifest}>{b.manifest?.name ?? d.common.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
