import { useState } from 'react';
import {
  DirectoryExportSchema,
  DirectoryImportListSchema,
  type ImportResponse,
  ImportResponseSchema,
} from '../../../../shared/api/responses';
import { decodeCsv } from '../../../../shared/directory/csv';
import { COLUMNS, ROW_SCHEMAS, ROW_TYPES } from '../../../../shared/directory/import-rows';
import { ErrorState, QueryState } from '../../components/feedback';
import { Field } from '../../components/field';
import { FilePicker } from '../../components/file-picker';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { useResource } from '../../lib/use-resource';
import { actorLabel } from './data/directory';

/** What the import route takes at most (functions/api/routes/directory.ts MAX_IMPORT_CHARACTERS). */
const MAX_CHARACTERS = 2_000_000;

/**
 * 批量导入: the same import as `gongkai directory import FILE [--dry-run]` — a check that writes
 * nothing, then the import; a file with any error is refused whole, its errors listed by line.
 */
export function ImportTab({ onImported }: { onImported: () => void }) {
  const { d, fmt } = useI18n();
  const t = d.admin.import;
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [report, setReport] = useState<ImportResponse | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);
  const imports = useResource('admin:imports', (signal) =>
    api('/api/directory/imports', DirectoryImportListSchema, { signal }),
  );

  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setReport(null);
    setFailure(undefined);
    setText(chosen ? decodeCsv(new Uint8Array(await chosen.arrayBuffer())) : null);
  };

  const send = async (dryRun: boolean) => {
    if (text === null) return;
    if (text.length > MAX_CHARACTERS) {
      setFailure(new Error(t.tooLarge));
      return;
    }
    setBusy(dryRun ? 'check' : 'apply');
    setFailure(undefined);
    try {
      const res = await fetchImport(text, dryRun);
      setReport(res);
      if (!dryRun && res.ok) {
        imports.reload();
        onImported();
      }
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    const { csv } = await api('/api/directory/export', DirectoryExportSchema);
    const url = URL.createObjectURL(new Blob([`\uFEFF${csv}`], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'directory.csv';
    link.click();
    URL.revokeObjectURL(url);
  };

  const checked = report?.dryRun && report.ok;
  return (
    <section className="stack" aria-label={d.admin.tabs.import}>
      <div className="card">
        <h2 className="card-title">{t.title}</h2>
        <p className="muted">{t.lead}</p>
        <Field label={t.file}>
          <FilePicker name="directory" accept=".csv,text/csv" file={file} onChange={(f) => void choose(f)} />
        </Field>
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            disabled={text === null || busy !== null}
            onClick={() => void send(true)}
          >
            {busy === 'check' ? t.checking : t.check}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!checked || busy !== null}
            onClick={() => void send(false)}
          >
            {busy === 'apply' ? t.applying : checked ? t.confirmApply(report.summary?.rows ?? 0) : t.apply}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => void download().catch(setFailure)}
            title={t.exportHint}
          >
            {t.export}
          </button>
        </div>
        {failure ? <ErrorState error={failure} /> : null}
      </div>
      {report ? <ImportReport report={report} /> : null}
      <ColumnGuide />
      <div className="card card-flush">
        <div className="card-head">
          <h2 className="card-title">{t.history}</h2>
        </div>
        <QueryState resource={imports} isEmpty={(imports.data ?? []).length === 0} empty={t.noHistory}>
          {(list) => (
            <table className="table">
              <tbody>
                {list.map((i) => (
                  <tr key={i.id}>
                    <td className="nowrap">{fmt.dateTime(i.startedAt)}</td>
                    <td className="mono small">{i.id}</td>
                    <td>{actorLabel(d.admin.log, undefined, i.actor)}</td>
                    <td>{t.rows(i.rows)}</td>
                    <td>{t.parts(i.done, i.parts)}</td>
                    <td>
                      <span className={i.status === 'applied' ? 'badge badge-good' : 'badge badge-waiting'}>
                        {t.status[i.status]}
                      </span>
                      {i.error ? <div className="muted small">{i.error}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </div>
    </section>
  );
}

/** The import route answers a refused real import with 400 and the errors: read them as a report. */
async function fetchImport(csv: string, dryRun: boolean): Promise<ImportResponse> {
  try {
    return await api('/api/directory/import', ImportResponseSchema, { method: 'POST', body: { csv, dryRun } });
  } catch (err) {
    if (dryRun) throw err;
    // A file that changed between the check and the import: check it again to list its errors.
    const again = await api('/api/directory/import', ImportResponseSchema, {
      method: 'POST',
      body: { csv, dryRun: true },
    });
    if (again.ok) throw err;
    return again;
  }
}

function ImportReport({ report }: { report: ImportResponse }) {
  const { d } = useI18n();
  const t = d.admin.import;
  if (!report.ok) {
    return (
      <div className="card card-flush" data-testid="import-errors">
        <div className="notice notice-error" role="alert">
          <div>
            <strong>{t.rejected(report.errors.length)}</strong>
          </div>
        </div>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.line}</th>
              <th scope="col">{t.message}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e) => (
              <tr key={`${e.line}:${e.message}`}>
                <td className="mono nowrap">{e.line ?? t.wholeFile}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  const s = report.summary;
  return (
    <div className="card" data-testid="import-summary">
      <div className="notice notice-success" role="status">
        <div>
          <strong>{report.dryRun ? t.ok : t.applied(report.importId ?? '')}</strong>
          {report.warnings.length ? (
            <ul className="admin-warnings">
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {s ? (
        <>
          <table className="table admin-summary">
            <thead>
              <tr>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.updated}</th>
                <th scope="col">{t.unchanged}</th>
              </tr>
            </thead>
            <tbody>
              {(['agencies', 'departments', 'users'] as const).map((kind) => (
                <tr key={kind}>
                  <th scope="row">{t[kind]}</th>
                  <td>{s[kind].created}</td>
                  <td>{s[kind].updated}</td>
                  <td>{s[kind].unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {s.alsoUpdated ? t.alsoUpdated(s.alsoUpdated) : null} {s.tasksMoved ? t.tasksMoved(s.tasksMoved) : null}{' '}
            {s.transactions ? t.transactions(s.transactions) : null}
          </p>
        </>
      ) : null}
    </div>
  );
}

/** The file's columns and which row types use them, from the schemas the import checks rows with. */
function ColumnGuide() {
  const { d } = useI18n();
  const t = d.admin.import;
  return (
    <details className="card admin-guide">
      <summary className="card-title">{t.format}</summary>
      <p className="muted small">{t.formatLead}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t.columns}</th>
            <th scope="col">{t.usedBy}</th>
            <th scope="col">{t.message}</th>
          </tr>
        </thead>
        <tbody>
          {COLUMNS.map((column) => (
            <tr key={column}>
              <td className="mono">{column}</td>
              <td className="nowrap">
                {column === 'type'
                  ? ROW_TYPES.join(' / ')
                  : ROW_TYPES.filter((type) => Object.hasOwn(ROW_SCHEMAS[type].shape, column)).join(' / ')}
              </td>
              <td className="small">{t.column[column]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
