import { useState } from 'react';
import { Empty, PageHeader, QueryState } from '../../components/feedback';
import { label, useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { SCORE_COLORS } from './components/palette';
import { ScoreCell } from './components/score-cell';
import { evidenceText, isEvidenceCode } from './data/evidence-text';
import { fetchAgencyScore, SCORE_KEYS } from './data/schema';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Why an agency scored what it did: the documents that cost points, by score. */
export function EvidencePage({ agency, year }: { agency: string; year: number }) {
  const { d, fmt } = useI18n();
  const detail = useResource(`score:${agency}:${year}`, (signal) => fetchAgencyScore(agency, year, signal));
  const [filter, setFilter] = useState<string>('');

  const evidence = (detail.data?.evidence ?? []).filter((e) => !filter || e.score === filter);
  return (
    <section>
      <p className="breadcrumb">
        <Link to={`/scores?year=${year}`}>← {d.scores.backToScores}</Link>
      </p>
      <PageHeader title={d.scores.evidenceTitle(detail.data?.name ?? agency, year)} lead={d.scores.evidenceLead} />
      <QueryState resource={detail}>
        {() => (
          <>
            <div className="stats">
              {SCORE_KEYS.map((key) => (
                <div key={key} className="stat" style={{ borderTopColor: SCORE_COLORS[key] }}>
                  <span className="stat-label">{label(d, 'score', key)}</span>
                  <ScoreCell score={detail.data?.[key] ?? { value: null, numerator: 0, denominator: 0 }} />
                </div>
              ))}
            </div>
            <div className="tabs" role="tablist">
              {['', ...SCORE_KEYS].map((key) => {
                const count = (detail.data?.evidence ?? []).filter((e) => !key || e.score === key).length;
                return (
                  <button
                    key={key || 'all'}
                    type="button"
                    role="tab"
                    aria-selected={filter === key}
                    className={filter === key ? 'tab tab-active' : 'tab'}
                    onClick={() => setFilter(key)}
                  >
                    {key ? label(d, 'score', key) : d.common.all} <span className="muted">({count})</span>
                  </button>
                );
              })}
            </div>
            {evidence.length === 0 ? <Empty>{d.scores.evidenceEmpty}</Empty> : null}
            <ul className="evidence-list">
              {evidence.map((e) => {
                const known = isEvidenceCode(d, e.code);
                return (
                  <li
                    key={`${e.documentId}-${e.score}-${e.code ?? e.reason}`}
                    className="card evidence"
                    data-code={e.code ?? undefined}
                  >
                    <div className="evidence-head">
                      <span
                        className="chip"
                        style={{ borderColor: SCORE_COLORS[e.score as keyof typeof SCORE_COLORS] ?? undefined }}
                      >
                        {label(d, 'score', e.score)}
                      </span>
                      <Link to={`/documents/${e.documentId}`} className="evidence-title">
                        {e.title}
                      </Link>
                    </div>
                    <p className="evidence-reason" title={known ? e.reason : undefined}>
                      {evidenceText(d, fmt, e)}
                    </p>
                    {!known && e.detail && Object.keys(e.detail).length > 0 ? (
                      <dl className="evidence-detail">
                        {Object.entries(e.detail).map(([k, v]) => (
                          <div key={k}>
                            <dt>{k}</dt>
                            <dd>{show(v)}</dd>
                          </div>
                        ))}
                      </dl>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  );
}
