import { ErrorState, Loading, PageHeader, RefreshButton } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { Link, useRouter } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { reportYears } from './components/report-picker';
import { fetchReportList } from './data/report';
import './annual-report.css';

const TONE = { 'on-time': 'badge-good', late: 'badge-bad', open: 'badge-neutral', overdue: 'badge-bad' } as const;

/** The oversight view: every agency's report of the year against its deadline (31 January; the district 31 March). */
export function ReportStatusPage({ year }: { year: number }) {
  const { d, fmt } = useI18n();
  const w = d.annual;
  const { navigate } = useRouter();
  const list = useResource(`annual-list:${year}`, (signal) => fetchReportList(year, signal));
  return (
    <section className="annual-status" data-testid="annual-status">
      <PageHeader
        title={`${w.listTitle} · ${w.yearOf(year)}`}
        lead={w.listLead}
        actions={
          <>
            <label className="inline-field">
              <span>{w.year}</span>
              <select
                value={year}
                onChange={(e) => navigate(`/annual-reports?year=${e.target.value}`, { replace: true })}
              >
                {reportYears().map((y) => (
                  <option key={y} value={y}>
                    {w.yearOf(y)}
                  </option>
                ))}
              </select>
            </label>
            <RefreshButton resource={list} />
          </>
        }
      />
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? <Loading /> : null}
      {list.data ? (
        <section className="card card-flush">
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{w.agency}</th>
                  <th scope="col">{w.due}</th>
                  <th scope="col">{w.status}</th>
                  <th scope="col">{w.timeliness}</th>
                  <th scope="col">{w.indexNumber}</th>
                  <th scope="col">{w.updatedAt}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((row) => (
                  <tr key={row.agency} data-agency={row.agency}>
                    <td>
                      <Link to={`/annual-reports/${encodeURIComponent(row.agency)}/${year}`}>{row.name}</Link>
                    </td>
                    <td className="nowrap">{row.due}</td>
                    <td>{w.statuses[row.status]}</td>
                    <td>
                      <span className={`badge ${TONE[row.timeliness]}`}>{w.timelinessLabels[row.timeliness]}</span>
                    </td>
                    <td className="mono">{row.indexNumber ?? '—'}</td>
                    <td className="nowrap">{row.updatedAt ? fmt.dateTime(row.updatedAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </section>
  );
}
