import { useEffect, useState } from 'react';
import { BatchViewSchema } from '../../../../shared/api/responses';
import { BATCH_STAGES } from '../../../../shared/model/batch';
import { ACCEPT_ATTRIBUTE, contentTypeOfExtension } from '../../../../shared/model/document';
import { StatusBadge } from '../../components/badges';
import { Notice, PageHeader, QueryState, RefreshButton } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { Link } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { UploadProgress } from './components/upload-progress';
import { forgetBatch } from './data/resume';
import { type FileProgress, uploadFiles } from './data/uploads';
import './batch.css';

/** Stages the flow moves a document through on its own: the view keeps itself fresh while any is there. */
const MOVING = new Set(['registered', 'inReview', 'afterSignoff']);

/** A batch: where each of its documents stands, the count per stage, the report; the files still to upload. */
export function BatchViewPage({ id }: { id: string }) {
  const { d, fmt } = useI18n();
  const view = useResource(`batch:${id}`, (signal) => api(`/api/batches/${id}`, BatchViewSchema, { signal }));
  const [progress, setProgress] = useState<ReadonlyMap<string, FileProgress>>(new Map());
  const { reload, data } = view;
  const moving = !!data && BATCH_STAGES.some((s) => MOVING.has(s) && data.stages[s] > 0);
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [moving, reload]);

  const left = (data?.rows ?? []).filter((r) => r.status === 'DRAFT' && r.documentId && r.file);
  useEffect(() => {
    if (data && left.length === 0) forgetBatch(id);
  }, [data, left.length, id]);

  const resume = async (chosen: FileList | null) => {
    const byName = new Map([...(chosen ?? [])].map((f) => [f.name, f]));
    const jobs = left.flatMap((r) => {
      const file = r.file ? byName.get(r.file) : undefined;
      return file && r.documentId ? [{ documentId: r.documentId, file, contentType: contentTypeOf(file) }] : [];
    });
    await uploadFiles(jobs, (p) => setProgress((m) => new Map(m).set(p.documentId, p)));
    reload();
  };

  return (
    <section className="batch-page">
      <PageHeader title={d.batch.batchTitle(data?.batch.label ?? id)} actions={<RefreshButton resource={view} />} />
      <p>
        <Link to="/upload/batch">← {d.batch.title}</Link>
      </p>
      <QueryState resource={view}>
        {(v) => (
          <>
            <dl className="batch-counts batch-stages" data-testid="batch-stages">
              {BATCH_STAGES.map((stage) => (
                <div key={stage} data-stage={stage}>
                  <dt>{d.batch.stages[stage]}</dt>
                  <dd>{v.stages[stage]}</dd>
                </div>
              ))}
            </dl>
            {left.length > 0 ? (
              <Notice tone="warning">
                <strong>{d.batch.left(left.length)}</strong>
                <p className="small">{d.batch.resumeHint}</p>
                <p className="small muted">{left.map((r) => r.file).join('、')}</p>
                <label className="field">
                  <span className="field-label">{d.batch.chooseAgain}</span>
                  <input
                    type="file"
                    name="resume"
                    multiple
                    accept={ACCEPT_ATTRIBUTE}
                    onChange={(e) => void resume(e.target.files)}
                  />
                </label>
              </Notice>
            ) : null}
            {progress.size > 0 ? <UploadProgress files={[...progress.values()]} /> : null}
            <section className="card card-flush">
              <table className="table table-cards batch-rows">
                <thead>
                  <tr>
                    <th scope="col">{d.batch.row}</th>
                    <th scope="col">{d.batch.fileColumn}</th>
                    <th scope="col">{d.batch.status}</th>
                    <th scope="col">{d.batch.reason}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.rows.map((r) => (
                    <tr key={`${r.row ?? ''}:${r.file ?? ''}`} data-file={r.file}>
                      <td data-label={d.batch.row}>{r.row ? r.row : d.common.none}</td>
                      <td data-label={d.batch.fileColumn}>
                        {r.documentId ? <Link to={`/documents/${r.documentId}`}>{r.file}</Link> : r.file}
                      </td>
                      <td data-label={d.batch.status}>
                        {r.status ? (
                          <StatusBadge status={r.status} />
                        ) : r.stage ? (
                          d.batch.stages[r.stage]
                        ) : (
                          d.common.none
                        )}
                      </td>
                      <td data-label={d.batch.reason} className="small">
                        {(r.problems ?? [])
                          .map((p) => `${d.batch.columns[p.column] ?? p.column}: ${p.reason}`)
                          .join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <Report report={v.report} />
            <p className="muted small">
              {d.batch.openedAt}: {fmt.dateTime(v.batch.openedAt)} · {d.batch.openedBy}: {v.batch.openedBy}
            </p>
          </>
        )}
      </QueryState>
    </section>
  );
}

type ReportData = NonNullable<ReturnType<typeof BatchViewSchema.parse>>['report'];

function Report({ report }: { report: ReportData }) {
  const { d } = useI18n();
  return (
    <section className="card" aria-labelledby="batch-report-title" data-testid="batch-report">
      <h2 id="batch-report-title" className="card-title">
        {d.batch.report}
      </h2>
      {report.invalid.length === 0 ? <p className="muted">{d.batch.noReportProblems}</p> : null}
      <ul className="batch-problems">
        {report.invalid.map((p) => (
          <li key={`${p.row}:${p.file ?? ''}:${p.column}`}>
            <strong>{d.batch.problemAt(p.row, d.batch.columns[p.column] ?? p.column)}</strong>
            {p.file ? <span className="muted"> ({p.file})</span> : null}: {p.reason}
          </li>
        ))}
      </ul>
      {report.filesWithoutRow.length > 0 ? (
        <p className="small">
          {d.batch.filesWithoutRow}: {report.filesWithoutRow.join('、')}
        </p>
      ) : null}
      {report.rowsWithoutFile.length > 0 ? (
        <p className="small">
          {d.batch.rowsWithoutFile}: {report.rowsWithoutFile.map((r) => `${r.row} (${r.file})`).join('、')}
        </p>
      ) : null}
    </section>
  );
}

/** The type a presigned PUT was signed for: the registered one, which a row's file name gives (shared/pipeline/batch/manifest.ts). */
function contentTypeOf(file: File): string {
  return contentTypeOfExtension(file.name) ?? file.type;
}
