import { useEffect, useState } from 'react';
import type { AnnualReport } from '../../../../shared/api/responses';
import { mayEditReport } from '../../../../shared/report/access';
import { parseReportCsv } from '../../../../shared/report/csv';
import { DISTRICT, reportTitle } from '../../../../shared/report/template';
import { ErrorState, Loading, Notice, PageHeader } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { Link, useRouter } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../auth/session';
import { AppealsTable } from './components/appeals-table';
import { ChecksPanel } from './components/checks-panel';
import { ProactiveTable } from './components/proactive-table';
import { ReportPicker } from './components/report-picker';
import { RequestsTable } from './components/requests-table';
import { SectionsEditor } from './components/sections-editor';
import {
  type Draft,
  download,
  draftOf,
  fetchReport,
  liveViolations,
  saveReport,
  submitReport,
  updateOf,
  withComputedCells,
} from './data/report';
import './annual-report.css';

/** 年度报告: one agency's (or the district's) report of a year — the four tables, checks, text, export, submit. */
export function ReportPage({ agency, year }: { agency: string; year: number }) {
  const { d } = useI18n();
  const w = d.annual;
  const { identity } = useSession();
  const { navigate } = useRouter();
  const report = useResource(`annual:${agency}:${year}`, (signal) => fetchReport(agency, year, signal));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [edited, setEdited] = useState(false);
  const [busy, setBusy] = useState<'saving' | 'submitting' | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (report.data && !edited) setDraft(draftOf(report.data));
  }, [report.data, edited]);

  const data = report.data;
  if (report.error && !data) return <ErrorState error={report.error} onRetry={report.reload} />;
  if (!data || !draft) return <Loading />;

  const district = agency === DISTRICT;
  const locked = data.status === 'submitted' || data.status === 'published';
  const editable = !!identity && mayEditReport(identity, agency) && !locked;
  const violations = liveViolations(draft);
  const change = (next: (current: Draft) => Draft) => {
    setDraft((current) => (current ? withComputedCells(next(current)) : current));
    setEdited(true);
    setNotice(null);
  };
  const after = (fresh: AnnualReport, message: string) => {
    setDraft(draftOf(fresh));
    setEdited(false);
    setNotice(message);
    report.reload();
  };
  const save = async () => {
    setFailure(undefined);
    setBusy('saving');
    try {
      after(await saveReport(agency, year, updateOf(draft, district)), w.saved);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };
  const submit = async () => {
    if (!window.confirm(w.submitConfirm)) return;
    setFailure(undefined);
    setBusy('submitting');
    try {
      if (edited) await saveReport(agency, year, updateOf(draft, district));
      await submitReport(agency, year);
      setEdited(false);
      setNotice(w.submittedNotice);
      report.reload();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };
  const importCsv = async (file: File) => {
    try {
      const update = parseReportCsv(await file.text());
      change((current) => ({
        ...current,
        requests: { ...current.requests, ...(update.requests as Draft['requests']) },
        appeals: update.appeals ? [...update.appeals] : current.appeals,
        fees: { ...current.fees, ...update.fees },
      }));
      setNotice(w.imported);
    } catch (err) {
      setFailure(err);
    }
  };
  const title = reportTitle(data.name, year);
  const figures = w.figuresText(year, {
    regulations: data.proactive.regulations.issued.value,
    normative: data.proactive.normative.issued.value,
    abolished: data.proactive.regulations.abolished.value + data.proactive.normative.abolished.value,
    inForce: data.proactive.regulations.inForce.value + data.proactive.normative.inForce.value,
  });

  return (
    <section className="annual-report" data-testid="annual-report">
      <PageHeader
        title={title}
        lead={district ? w.districtNote : w.lead}
        actions={
          <>
            <ReportPicker
              agency={agency}
              year={year}
              onPick={(a, y) => navigate(`/annual-reports/${encodeURIComponent(a)}/${y}`)}
            />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void download(agency, year, 'docx', `${title}.docx`)}
            >
              {w.exportDocx}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void download(agency, year, 'csv', `${title}.csv`)}
            >
              {w.exportCsv}
            </button>
            {editable && !district ? (
              <label className="btn btn-small">
                {w.importCsv}
                <input
                  type="file"
                  accept=".csv,text/csv"
                  className="visually-hidden"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void importCsv(file);
                    e.target.value = '';
                  }}
                />
              </label>
            ) : null}
            <button type="button" className="btn btn-small" onClick={() => window.print()}>
              {w.print}
            </button>
          </>
        }
      />
      <div className="report-meta">
        <span
          className={`badge ${data.status === 'published' ? 'badge-good' : data.status === 'submitted' ? 'badge-progress' : 'badge-neutral'}`}
        >
          {w.statuses[data.status]}
        </span>
        <span>
          {w.due} {data.due}
        </span>
        {data.indexNumber ? <span className="mono">{data.indexNumber}</span> : null}
        {data.documentId ? <Link to={`/documents/${data.documentId}`}>{w.viewDocument}</Link> : null}
      </div>
      {locked ? <Notice>{w.readOnly}</Notice> : null}
      {!locked && identity && !mayEditReport(identity, agency) ? <Notice>{w.mayNotEdit}</Notice> : null}
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {failure ? <ErrorState error={failure} /> : null}

      <div className="report-layout">
        <div className="report-main">
          <section className="card">
            <SectionsEditor
              sections={draft.sections}
              figures={figures}
              readOnly={!editable}
              onChange={(id, text) => change((c) => ({ ...c, sections: { ...c.sections, [id]: text } }))}
              only={['overview']}
            />
          </section>
          <section className="card">
            <h2 className="card-title">{w.tables.proactive}</h2>
            <ProactiveTable
              proactive={data.proactive}
              decisionCounts={draft.decisionCounts}
              charges={draft.fees.charges}
              readOnly={!editable || district}
              onDecision={(type, value) =>
                change((c) => {
                  const counts = { ...c.decisionCounts };
                  if (value) counts[type] = value;
                  else delete counts[type];
                  return { ...c, decisionCounts: counts };
                })
              }
              onCharges={(charges) => change((c) => ({ ...c, fees: { ...c.fees, charges } }))}
            />
          </section>
          <section className="card">
            <h2 className="card-title">{w.tables.requests}</h2>
            <RequestsTable
              requests={draft.requests}
              violations={violations}
              readOnly={!editable || district}
              onChange={(row, column, value) =>
                change((c) => {
                  const cells = [...(c.requests[row] ?? [])];
                  cells[column] = value;
                  return { ...c, requests: { ...c.requests, [row]: cells } };
                })
              }
            />
          </section>
          <section className="card">
            <h2 className="card-title">{w.tables.appeals}</h2>
            <AppealsTable
              appeals={draft.appeals}
              violations={violations}
              readOnly={!editable || district}
              onChange={(i, value) =>
                change((c) => {
                  const appeals = [...c.appeals];
                  appeals[i] = value;
                  return { ...c, appeals };
                })
              }
            />
            <label className="inline-field">
              <span>{w.fees.processing}</span>
              <input
                type="number"
                min={0}
                step={0.01}
                value={draft.fees.processing}
                readOnly={!editable || district}
                onChange={(e) =>
                  change((c) => ({ ...c, fees: { ...c.fees, processing: Math.max(0, Number(e.target.value) || 0) } }))
                }
              />
            </label>
          </section>
          <section className="card">
            <SectionsEditor
              sections={draft.sections}
              figures={figures}
              readOnly={!editable}
              onChange={(id, text) => change((c) => ({ ...c, sections: { ...c.sections, [id]: text } }))}
              only={['problems', 'other']}
            />
          </section>
        </div>
        <aside className="report-side">
          <ChecksPanel checks={data.checks} violations={violations} edited={edited} />
          {editable ? (
            <div className="report-actions">
              <p className="muted small">
                {violations.length > 0 ? w.invalid(violations.length) : edited ? w.unsaved : ''}
              </p>
              <button
                type="button"
                className="btn"
                disabled={!edited || violations.length > 0 || busy !== null}
                onClick={() => void save()}
              >
                {busy === 'saving' ? w.saving : w.save}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={violations.length > 0 || busy !== null}
                onClick={() => void submit()}
              >
                {busy === 'submitting' ? w.submitting : w.submit}
              </button>
            </div>
          ) : null}
        </aside>
      </div>
    </section>
  );
}
