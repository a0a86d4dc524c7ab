import { useMemo, useState } from 'react';
import { ACCEPT_ATTRIBUTE } from '../../../../shared/model/document';
import { ErrorState, Notice, PageHeader } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { useAgencies } from '../agencies/directory';
import { useSession } from '../auth/session';
import { BatchList, UnfinishedBatches } from './components/batch-list';
import { BatchSummary } from './components/batch-summary';
import { RowGrid } from './components/row-grid';
import { UploadProgress } from './components/upload-progress';
import { checkGrid, emptyRow, type GridRow, rowsOfManifest } from './data/rows';
import { type FileProgress, registerRows, type SentRow, uploadFiles } from './data/uploads';
import './batch.css';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** 上传 → 批量上传: many files and a manifest, or rows pasted into a grid; checked, then sent. */
export function BatchUploadPage() {
  const { d } = useI18n();
  const { identity } = useSession();
  const agencies = useAgencies();
  const [label, setLabel] = useState('');
  const [files, setFiles] = useState<ReadonlyMap<string, File>>(new Map());
  const [rows, setRows] = useState<GridRow[]>([emptyRow()]);
  const [manifestNote, setManifestNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [phase, setPhase] = useState<'edit' | 'sending' | 'done'>('edit');
  const [progress, setProgress] = useState<ReadonlyMap<string, FileProgress>>(new Map());
  const [result, setResult] = useState<{ batchId: string; sent: SentRow[]; uploads: FileProgress[] } | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);

  const context = useMemo(() => {
    const own = agencies.data?.find((a) => a.id === identity?.agency);
    return {
      agency: identity?.agency ?? '',
      today: today(),
      ...(own ? { departments: new Set(own.departments.map((dep) => dep.id)) } : {}),
      ...(agencies.data ? { agencies: new Set(agencies.data.map((a) => a.id)) } : {}),
    };
  }, [agencies.data, identity?.agency]);
  const checked = useMemo(() => checkGrid(rows, files, context), [rows, files, context]);
  const { preflight } = checked;
  if (!identity) return null;

  const toSend = checked.rows.filter((r) => r.result.ok);
  const canSend = phase === 'edit' && label.trim() !== '' && toSend.length > 0 && preflight.invalid.length === 0;

  const chooseManifest = async (file: File | undefined) => {
    if (!file) return;
    const read = await rowsOfManifest(file);
    if ('error' in read) setManifestNote({ ok: false, text: `${file.name}: ${read.error}` });
    else {
      setRows(read.rows.length > 0 ? read.rows : [emptyRow()]);
      setManifestNote({ ok: true, text: d.batch.manifestRead(file.name, read.rows.length) });
    }
  };

  const send = async () => {
    setPhase('sending');
    setFailure(undefined);
    try {
      const { batch, sent } = await registerRows(
        label.trim(),
        toSend.map(({ row, cells }) => ({ row, cells: cells as GridRow })),
      );
      const jobs = sent.flatMap((r) => {
        const file = r.file ? files.get(r.file) : undefined;
        return r.documentId && r.uploadUrl && file
          ? [{ documentId: r.documentId, file, contentType: r.contentType ?? file.type, uploadUrl: r.uploadUrl }]
          : [];
      });
      const uploads = await uploadFiles(jobs, (p) => setProgress((m) => new Map(m).set(p.documentId, p)));
      setResult({ batchId: batch.id, sent, uploads });
      setPhase('done');
    } catch (err) {
      setFailure(err);
      setPhase('edit');
    }
  };

  return (
    <section className="batch-page">
      <PageHeader title={d.batch.title} lead={d.batch.lead} />
      <nav className="batch-tabs" aria-label={d.batch.title}>
        <Link to="/upload">{d.batch.tabSingle}</Link>
        <span aria-current="page">{d.batch.tabBatch}</span>
      </nav>
      <UnfinishedBatches />
      <section className="card batch-form" aria-label={d.batch.title}>
        <div className="batch-inputs">
          <label className="field">
            <span className="field-label">{d.batch.label}</span>
            <input
              name="label"
              value={label}
              maxLength={100}
              placeholder={d.batch.labelPlaceholder}
              disabled={phase !== 'edit'}
              onChange={(e) => setLabel(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">{d.batch.chooseFiles}</span>
            <input
              type="file"
              name="files"
              multiple
              accept={ACCEPT_ATTRIBUTE}
              disabled={phase !== 'edit'}
              onChange={(e) => setFiles(new Map([...(e.target.files ?? [])].map((f) => [f.name, f])))}
            />
            <span className="muted small" data-testid="batch-files">
              {files.size > 0 ? d.batch.filesChosen(files.size) : d.batch.noFiles}
            </span>
          </label>
          <label className="field">
            <span className="field-label">{d.batch.chooseManifest}</span>
            <input
              type="file"
              name="manifest"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={phase !== 'edit'}
              onChange={(e) => void chooseManifest(e.target.files?.[0])}
            />
            {manifestNote ? (
              <span className={manifestNote.ok ? 'muted small' : 'field-error'} role="status">
                {manifestNote.text}
              </span>
            ) : null}
          </label>
        </div>
        <p className="muted small">{d.batch.gridHint}</p>
        <RowGrid rows={rows} onChange={setRows} errors={checked.cellErrors} disabled={phase !== 'edit'} />
        <Problems checked={checked} />
        {failure ? <ErrorState error={failure} /> : null}
        <button type="button" className="btn btn-primary" disabled={!canSend} onClick={() => void send()}>
          {phase === 'sending' ? d.batch.sending : d.batch.send(toSend.length)}
        </button>
      </section>
      {progress.size > 0 ? <UploadProgress files={[...progress.values()]} /> : null}
      {result ? <BatchSummary batchId={result.batchId} sent={result.sent} uploads={result.uploads} /> : null}
      <BatchList key={result?.batchId ?? 'list'} />
    </section>
  );
}

/** Every problem by row and column, and the files and rows that do not meet. */
function Problems({ checked }: { checked: ReturnType<typeof checkGrid> }) {
  const { d } = useI18n();
  const { preflight } = checked;
  if (preflight.rows === 0) return <p className="muted">{d.batch.empty}</p>;
  return (
    <div className="batch-check" data-testid="batch-check">
      {preflight.invalid.length === 0 ? (
        <Notice tone="success">{d.batch.noProblems(preflight.rows)}</Notice>
      ) : (
        <div className="notice notice-error" role="alert">
          <div>
            <strong>{d.batch.problems(preflight.invalid.length)}</strong>
            <ul className="batch-problems">
              {preflight.invalid.map((p) => (
                <li key={`${p.row}:${p.column}`} data-problem={`${p.row}:${p.column}`}>
                  <strong>{d.batch.problemAt(p.row, d.batch.columns[p.column] ?? p.column)}</strong>: {p.reason}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {preflight.rowsWithoutFile.length > 0 ? (
        <p className="small">
          {d.batch.rowsWithoutFile}: {preflight.rowsWithoutFile.map((r) => `${r.row} (${r.file})`).join('、')}
        </p>
      ) : null}
      {preflight.filesWithoutRow.length > 0 ? (
        <p className="small">
          {d.batch.filesWithoutRow}: {preflight.filesWithoutRow.join('、')}
        </p>
      ) : null}
    </div>
  );
}
