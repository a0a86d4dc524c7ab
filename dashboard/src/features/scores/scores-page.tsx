import { useState } from 'react';
import { SCORE_NAMES } from '../../../../shared/model/scores';
import { ChoiceOptions } from '../../components/choice-options';
import { Empty, ErrorState, Loading, PageHeader, QueryState } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { Link, useRouter } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { useAgencies } from '../agencies/directory';
import { currentYear } from '../catalog/data/categories';
import { RankingTable } from './components/ranking-table';
import { ScoreChart } from './components/score-chart';
import { TrendChart } from './components/trend-chart';
import { downloadCsv, scoresCsv } from './data/csv';
import { fetchScores, fetchYears, inDistrictOrder } from './data/scores';

/** 考核: the year's three scores per agency, the ranking, and the trend over the years with data. */
export function ScoresPage() {
  const { d } = useI18n();
  const { search, navigate } = useRouter();
  const years = useResource('score-years', (signal) => fetchYears(signal));
  const available = [...(years.data ?? [])].sort((a, b) => b - a);
  const asked = Number(search.get('year'));
  const year =
    Number.isInteger(asked) && asked > 2000 ? asked : (available[0] ?? (years.loading ? null : currentYear()));
  const scores = useResource(year === null ? null : `scores:${year}`, (signal) => fetchScores(year ?? 0, signal));
  const trend = useResource(available.length > 1 ? `trend:${available.join(',')}` : null, (signal) =>
    Promise.all(available.map(async (y) => ({ year: y, rows: await fetchScores(y, signal) }))),
  );
  const agencies = useAgencies();
  const ordered = inDistrictOrder(scores.data ?? [], agencies.data);
  const [scope, setScope] = useState('');
  const options = year !== null && !available.includes(year) ? [year, ...available] : available;
  const select = (agency: string) => navigate(`/scores/${encodeURIComponent(agency)}/${year}`);

  return (
    <section className="scores-page">
      <PageHeader
        title={d.scores.title}
        lead={d.scores.lead}
        actions={
          <>
            <label className="inline-field">
              <span>{d.scores.year}</span>
              <select
                value={year ?? ''}
                onChange={(e) => navigate(`/scores?year=${e.target.value}`, { replace: true })}
                disabled={options.length === 0}
              >
                {options.map((y) => (
                  <option key={y} value={y}>
                    {d.scores.yearOf(y)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="btn btn-small"
              disabled={!scores.data || year === null}
              onClick={() => scores.data && year !== null && downloadCsv(d.scores.csvName(year), scoresCsv(ordered, d))}
            >
              {d.scores.exportCsv}
            </button>
            {year !== null ? (
              <Link className="btn btn-small" to={`/scores/${year}/print`}>
                {d.scores.print}
              </Link>
            ) : null}
          </>
        }
      />
      {years.error ? <ErrorState error={years.error} onRetry={years.reload} /> : null}
      {scores.error ? <ErrorState error={scores.error} onRetry={scores.reload} /> : null}
      {(scores.loading || years.loading) && !scores.data ? <Loading /> : null}
      {scores.data && scores.data.length === 0 ? <Empty>{d.common.empty}</Empty> : null}
      {scores.data && scores.data.length > 0 && year !== null ? (
        <>
          <h2 className="section-title">
            {d.scores.chartsTitle} <span className="muted small">· {d.scores.clickHint}</span>
          </h2>
          <div className="chart-grid">
            {SCORE_NAMES.map((key) => (
              <ScoreChart key={key} rows={ordered} scoreKey={key} onSelect={select} />
            ))}
          </div>
          <section className="card card-flush">
            <div className="card-head">
              <h2 className="card-title">{d.scores.ranking}</h2>
            </div>
            <div className="table-scroll">
              <RankingTable rows={scores.data} year={year} />
            </div>
          </section>
        </>
      ) : null}
      {available.length > 1 ? (
        <section className="card">
          <div className="card-head card-head-flat">
            <h2 className="card-title">{d.scores.trend}</h2>
            <label className="inline-field">
              <span>{d.scores.trendScope}</span>
              <select value={scope} onChange={(e) => setScope(e.target.value)}>
                <ChoiceOptions
                  placeholder={d.scores.districtTotal}
                  choices={ordered.map((r) => ({ id: r.agency, name: r.name }))}
                />
              </select>
            </label>
          </div>
          <QueryState resource={trend}>{(data) => <TrendChart years={data} scope={scope} />}</QueryState>
          {!scope ? <p className="muted small">{d.scores.trendNote}</p> : null}
        </section>
      ) : null}
    </section>
  );
}
