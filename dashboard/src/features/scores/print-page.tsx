import { SCORE_NAMES } from '../../../../shared/model/scores';
import { QueryState } from '../../components/feedback';
import { label, useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { useAgencies } from '../agencies/directory';
import { fetchScores, inDistrictOrder } from './data/scores';

/** 年度政务公开考核: the year's table on A4 landscape; the app's chrome is hidden when printing. */
export function PrintPage({ year }: { year: number }) {
  const { d, fmt } = useI18n();
  const scores = useResource(`scores:${year}`, (signal) => fetchScores(year, signal));
  const agencies = useAgencies();
  const interval = (low: number, high: number) => `${fmt.percent(low)}–${fmt.percent(high)}`;

  return (
    <article className="print-page">
      <div className="print-toolbar no-print">
        <Link to={`/scores?year=${year}`}>← {d.scores.backToScores}</Link>
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={() => window.print()}
          disabled={!scores.data}
        >
          {d.scores.printNow}
        </button>
      </div>
      <header className="print-header">
        <h1>{d.scores.printTitle(year)}</h1>
        <p>{d.scores.printSubtitle}</p>
      </header>
      <QueryState resource={scores}>
        {(data) => (
          <table className="print-table">
            <thead>
              <tr>
                <th rowSpan={2}>{d.scores.serial}</th>
                <th rowSpan={2}>{d.scores.agency}</th>
                {SCORE_NAMES.map((key) => (
                  <th key={key} colSpan={3}>
                    {label(d, 'score', key)}
                  </th>
                ))}
              </tr>
              <tr>
                {SCORE_NAMES.flatMap((key) => [
                  <th key={`${key}-f`}>{d.scores.fraction}</th>,
                  <th key={`${key}-v`}>{d.scores.value}</th>,
                  <th key={`${key}-i`}>{d.scores.interval}</th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {inDistrictOrder(data, agencies.data).map((row, i) => (
                <tr key={row.agency}>
                  <td className="num">{i + 1}</td>
                  <td>{row.name}</td>
                  {SCORE_NAMES.flatMap((key) => [
                    <td key={`${key}-f`} className="num">
                      {row[key].numerator}/{row[key].denominator}
                    </td>,
                    <td key={`${key}-v`} className="num strong">
                      {fmt.percent(row[key].value)}
                    </td>,
                    <td key={`${key}-i`} className="num small">
                      {row[key].value === null ? d.scores.noData : interval(row[key].low, row[key].high)}
                    </td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <section className="print-method">
        <h2>{d.scores.printMethod}</h2>
        <ol>
          {d.scores.printMethodItems.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ol>
        <p className="muted small">{d.scores.printGenerated(fmt.dateTime(new Date().toISOString()))}</p>
      </section>
    </article>
  );
}
