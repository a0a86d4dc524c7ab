import { useState } from 'react';
import { SCORE_NAMES, type ScoreName } from '../../../../shared/model/scores';
import { Empty, PageHeader, QueryState } from '../../components/feedback';
import { label, useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { SCORE_COLORS } from './components/palette';
import { ScoreCell } from './components/score-cell';
import { evidenceText } from './data/evidence-text';
import { fetchAgencyEvidence } from './data/scores';

/** Why an agency scored what it did: the documents that cost points, by score. */
export function EvidencePage({ agency, year }: { agency: string; year: number }) {
  const { d, fmt } = useI18n();
  const detail = useResource(`score:${agency}:${year}`, (signal) => fetchAgencyEvidence(agency, year, signal));
  const [filter, setFilter] = useState<ScoreName | ''>('');

  const evidence = (detail.data?.evidence ?? []).filter((e) => !filter || e.score === filter);
  return (
    <section>
      <p className="breadcrumb">
        <Link to={`/scores?year=${year}`}>← {d.scores.backToScores}</Link>
      </p>
      <PageHeader title={d.scores.evidenceTitle(detail.data?.name ?? agency, year)} lead={d.scores.evidenceLead} />
      <QueryState resource={detail}>
        {(data) => (
          <>
            <div className="stats">
              {SCORE_NAMES.map((key) => (
                <div key={key} className="stat" style={{ borderTopColor: SCORE_COLORS[key] }}>
                  <span className="stat-label">{label(d, 'score', key)}</span>
                  <ScoreCell score={data[key]} />
                </div>
              ))}
            </div>
            <div className="tabs" role="tablist">
              {(['', ...SCORE_NAMES] as const).map((key) => {
                const count = data.evidence.filter((e) => !key || e.score === key).length;
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
              {evidence.map((e) => (
                <li key={`${e.documentId}-${e.code}`} className="card evidence" data-code={e.code}>
                  <div className="evidence-head">
                    <span className="chip" style={{ borderColor: SCORE_COLORS[e.score] }}>
                      {label(d, 'score', e.score)}
                    </span>
                    <Link to={`/documents/${e.documentId}`} className="evidence-title">
                      {e.title}
                    </Link>
                  </div>
                  <p className="evidence-reason">{evidenceText(d, fmt, e)}</p>
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryState>
    </section>
  );
}
