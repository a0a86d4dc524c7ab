import { useState } from 'react';
import {
  type CalendarImportResponse,
  CalendarImportResultSchema,
  StoredArrangementListSchema,
} from '../../../../shared/api/responses';
import { ErrorState, PageHeader, QueryState } from '../../components/feedback';
import { Field } from '../../components/field';
import { FilePicker } from '../../components/file-picker';
import { label, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { Link } from '../../lib/router';
import { useResource } from '../../lib/use-resource';

/** A year's arrangement file is a few kilobytes; anything far larger is not one. */
const MAX_FILE_BYTES = 200_000;

/**
 * 节假日安排 (admin): the same import as `npx gongkai calendar import 2027.json` — a check that
 * writes nothing and says which deadlines would move, then the import, which stores the year and
 * recomputes every in-flight deadline (shared/pipeline/calendar-import.ts).
 */
export function CalendarPage() {
  const { d, fmt } = useI18n();
  const t = d.calendar;
  const [file, setFile] = useState<File | null>(null);
  const [arrangement, setArrangement] = useState<Record<string, unknown> | null>(null);
  const [result, setResult] = useState<CalendarImportResponse | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);
  const stored = useResource('calendar:years', (signal) =>
    api('/api/calendar/years', StoredArrangementListSchema, { signal }),
  );

  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setResult(null);
    setFailure(undefined);
    setArrangement(null);
    if (!chosen) return;
    try {
      if (chosen.size > MAX_FILE_BYTES) throw new Error(t.notJson);
      const parsed: unknown = JSON.parse(await chosen.text());
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(t.notJson);
      setArrangement(parsed as Record<string, unknown>);
    } catch {
      setFailure(new Error(t.notJson));
    }
  };

  const send = async (dryRun: boolean) => {
    if (!arrangement) return;
    setBusy(dryRun ? 'check' : 'apply');
    setFailure(undefined);
    try {
      const res = await api('/api/calendar/years', CalendarImportResultSchema, {
        method: 'POST',
        body: { arrangement, dryRun },
      });
      setResult(res);
      if (!dryRun) stored.reload();
    } catch (err) {
      setResult(null);
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };

  const checked = result?.dryRun === true;
  return (
    <section className="stack">
      <PageHeader title={t.title} lead={t.lead} />
      <p>
        <Link to="/admin">{t.back}</Link>
      </p>
      <div className="card">
        <Field label={t.file} hint={t.fileHint}>
          <FilePicker name="calendar" accept=".json,application/json" file={file} onChange={(f) => void choose(f)} />
        </Field>
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            disabled={!arrangement || busy !== null}
            onClick={() => void send(true)}
          >
            {busy === 'check' ? t.checking : t.check}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!arrangement || !checked || busy !== null}
            onClick={() => void send(false)}
          >
            {busy === 'apply' ? t.applying : t.apply}
          </button>
        </div>
        {failure ? <ErrorState error={failure} /> : null}
      </div>

      {result ? (
        <div className="card card-flush" data-testid="calendar-result">
          <div className="card-head">
            <h2 className="card-title">
              {result.dryRun
                ? t.checked(result.year, result.changes.length)
                : result.unchanged
                  ? t.unchanged(result.year)
                  : t.imported(result.year, result.version, result.changes.length)}
            </h2>
          </div>
          <p className="muted table-meta">
            {t.counts(result.holidays, result.workdays)} · {t.scope(result.documents.inFlight, result.tasks.open)}
          </p>
          {result.changes.length > 0 ? (
            <table className="table">
              <caption className="visually-hidden">{t.changesTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.document}</th>
                  <th scope="col">{t.deadline}</th>
                  <th scope="col">{t.from}</th>
                  <th scope="col">{t.to}</th>
                </tr>
              </thead>
              <tbody>
                {result.changes.map((c) => (
                  <tr key={`${c.documentId}-${c.taskId ?? 'publication'}`}>
                    <td className="mono small">
                      <Link to={`/documents/${c.documentId}`}>{c.documentId.slice(0, 8)}</Link>
                    </td>
                    <td>{c.kind ? t.task(label(d, 'taskKind', c.kind)) : t.publication}</td>
                    <td className="nowrap">{c.from}</td>
                    <td className="nowrap">
                      {c.to}
                      {c.provisional ? <span className="chip">{t.provisional}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}

      <div className="card card-flush">
        <div className="card-head">
          <h2 className="card-title">{t.storedTitle}</h2>
        </div>
        <QueryState resource={stored} isEmpty={(stored.data ?? []).length === 0} empty={t.storedEmpty}>
          {(years) => (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t.year}</th>
                  <th scope="col">{t.version}</th>
                  <th scope="col">{t.notice}</th>
                  <th scope="col">{t.importedAt}</th>
                  <th scope="col">{t.importedBy}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td>{y.version}</td>
                    <td>{y.notice ?? d.common.none}</td>
                    <td className="nowrap">{fmt.dateTime(y.importedAt)}</td>
                    <td>{y.importedBy}</td>
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
