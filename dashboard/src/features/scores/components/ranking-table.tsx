import { useState } from 'react';
import type { AgencyScores } from '../../../../../shared/api/responses';
import { SCORE_NAMES, type ScoreName } from '../../../../../shared/model/scores';
import { label, useI18n } from '../../../i18n';
import { Link, useRouter } from '../../../lib/router';
import { ScoreCell } from './score-cell';

type SortKey = 'name' | ScoreName;

/** Null scores (nothing due) sort last whichever the direction. */
function compare(a: AgencyScores, b: AgencyScores, key: SortKey, dir: 1 | -1): number {
  if (key === 'name') return dir * a.name.localeCompare(b.name, 'zh-CN');
  const x = a[key].value;
  const y = b[key].value;
  if (x === null && y === null) return a.name.localeCompare(b.name, 'zh-CN');
  if (x === null) return 1;
  if (y === null) return -1;
  return dir * (x - y) || b[key].denominator - a[key].denominator;
}

export function RankingTable({ rows, year }: { rows: readonly AgencyScores[]; year: number }) {
  const { d } = useI18n();
  const { navigate } = useRouter();
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'timeliness', dir: -1 });
  const sorted = [...rows].sort((a, b) => compare(a, b, sort.key, sort.dir));

  const header = (key: SortKey, text: string) => {
    const active = sort.key === key;
    const ariaSort = active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none';
    return (
      <th key={key} scope="col" aria-sort={ariaSort} className={key === 'name' ? undefined : 'num'}>
        <button
          type="button"
          className={`sort ${active ? 'sort-active' : ''}`}
          title={d.scores.sortBy(text)}
          onClick={() =>
            setSort((s) => (s.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: key === 'name' ? 1 : -1 }))
          }
        >
          {text}
          <span className="sort-icon" aria-hidden="true">
            {active ? (sort.dir === 1 ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <table className="table table-hover ranking-table" data-testid="ranking-table">
      <thead>
        <tr>
          <th scope="col" className="num">
            {d.scores.rank}
          </th>
          {header('name', d.scores.agency)}
          {SCORE_NAMES.map((key) => header(key, label(d, 'score', key)))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row, i) => (
          <tr
            key={row.agency}
            data-agency={row.agency}
            onClick={(event) => {
              if ((event.target as HTMLElement).closest('a')) return;
              navigate(`/scores/${encodeURIComponent(row.agency)}/${year}`);
            }}
          >
            <td className="num muted">{sort.key === 'name' ? '' : i + 1}</td>
            <td>
              <Link to={`/scores/${encodeURIComponent(row.agency)}/${year}`}>{row.name}</Link>
            </td>
            {SCORE_NAMES.map((key) => (
              <td key={key} className="num">
                <ScoreCell score={row[key]} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
