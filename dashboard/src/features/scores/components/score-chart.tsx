import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgencyScores, ScoreValue } from '../../../../../shared/api/responses';
import type { ScoreName } from '../../../../../shared/model/scores';
import { label, useI18n } from '../../../i18n';
import { AXIS_COLOR, GRID_COLOR, INTERVAL_COLOR, SCORE_COLORS } from './palette';

interface Row {
  readonly agency: string;
  readonly name: string;
  /** Percent, null when nothing was due. */
  readonly pct: number | null;
  /** Distances from the value down to the interval's low and up to its high, in percent. */
  readonly err: [number, number] | null;
  readonly score: ScoreValue;
}

function toRows(rows: readonly AgencyScores[], key: ScoreName): Row[] {
  return rows.map((r) => {
    const s = r[key];
    const pct = s.value === null ? null : s.value * 100;
    const err: [number, number] | null =
      s.value === null ? null : [Math.max(0, (s.value - s.low) * 100), Math.max(0, (s.high - s.value) * 100)];
    return { agency: r.agency, name: r.name, pct, err, score: s };
  });
}

/** One score for every agency: a horizontal bar per agency with its Wilson interval as an error bar. */
export function ScoreChart({
  rows,
  scoreKey,
  onSelect,
}: {
  rows: readonly AgencyScores[];
  scoreKey: ScoreName;
  onSelect: (agency: string) => void;
}) {
  const { d, fmt } = useI18n();
  const data = toRows(rows, scoreKey);
  const height = Math.max(160, data.length * 30 + 48);
  // Room for the longest agency name (CJK glyphs are about one em wide at 12 px).
  const axisWidth = Math.min(180, Math.max(72, Math.max(...data.map((r) => r.name.length)) * 12.5 + 14));
  const title = label(d, 'score', scoreKey);
  return (
    <figure className="card chart-card" data-score={scoreKey}>
      <figcaption className="card-title">
        <span className="legend-swatch" style={{ background: SCORE_COLORS[scoreKey] }} aria-hidden="true" />
        {title}
        <span className="muted small"> · {d.scores.interval}</span>
      </figcaption>
      <div className="chart" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 20, bottom: 4, left: 4 }} barCategoryGap={6}>
            <CartesianGrid horizontal={false} stroke={GRID_COLOR} />
            <XAxis
              type="number"
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(v: number) => `${v}%`}
              tick={{ fontSize: 11, fill: AXIS_COLOR }}
              stroke={GRID_COLOR}
            />
            <YAxis
              type="category"
              dataKey="name"
              width={axisWidth}
              interval={0}
              tick={{ fontSize: 12, fill: '#333' }}
              stroke={GRID_COLOR}
              tickLine={false}
            />
            <Tooltip
              cursor={{ fill: 'rgba(168, 32, 26, 0.06)' }}
              content={({ active, payload }) => {
                const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
                if (!row) return null;
                const s = row.score;
                return (
                  <div className="chart-tooltip">
                    <strong>{row.name}</strong>
                    <div>
                      {title}: {fmt.percent(s.value)} ({fmt.number(s.numerator)}/{fmt.number(s.denominator)})
                    </div>
                    {s.low !== null &&
                    s.low !== undefined &&
                    s.high !== null &&
                    s.high !== undefined &&
                    s.value !== null ? (
                      <div className="muted">
                        {d.scores.interval}: {fmt.percent(s.low)}–{fmt.percent(s.high)}
                      </div>
                    ) : null}
                    {s.value === null ? <div className="muted">{d.scores.noData}</div> : null}
                  </div>
                );
              }}
            />
            <Bar
              dataKey="pct"
              fill={SCORE_COLORS[scoreKey]}
              barSize={14}
              radius={[0, 2, 2, 0]}
              isAnimationActive={false}
              // A zero still gets a sliver, so its interval (often wide) is drawn; null (nothing due) gets none.
              minPointSize={(value) => (value === 0 ? 2 : 0)}
              cursor="pointer"
              onClick={(item) => {
                const agency = (item as { payload?: Row }).payload?.agency;
                if (agency) onSelect(agency);
              }}
            >
              <ErrorBar dataKey="err" direction="x" width={5} stroke={INTERVAL_COLOR} strokeWidth={1.2} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
