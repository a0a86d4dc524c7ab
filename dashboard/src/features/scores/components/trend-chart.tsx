import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgencyScores } from '../../../../../shared/api/responses';
import { SCORE_NAMES } from '../../../../../shared/model/scores';
import { label, useI18n } from '../../../i18n';
import { pooled } from '../data/scores';
import { AXIS_COLOR, GRID_COLOR, SCORE_COLORS } from './palette';

export interface YearScores {
  readonly year: number;
  readonly rows: readonly AgencyScores[];
}

/** The three scores per year, for the whole district (pooled) or one agency. */
export function TrendChart({ years, scope }: { years: readonly YearScores[]; scope: string }) {
  const { d, fmt } = useI18n();
  const data = [...years]
    .sort((a, b) => a.year - b.year)
    .map(({ year, rows }) => {
      const point: Record<string, number | null> = { year };
      for (const key of SCORE_NAMES) {
        const value = scope ? (rows.find((r) => r.agency === scope)?.[key].value ?? null) : pooled(rows, key);
        point[key] = value === null ? null : Math.round(value * 1000) / 10;
      }
      return point;
    });
  return (
    <div className="chart" style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 12, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={GRID_COLOR} vertical={false} />
          <XAxis
            dataKey="year"
            tick={{ fontSize: 12, fill: AXIS_COLOR }}
            stroke={GRID_COLOR}
            padding={{ left: 24, right: 24 }}
          />
          <YAxis
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fontSize: 11, fill: AXIS_COLOR }}
            stroke={GRID_COLOR}
          />
          <Tooltip
            formatter={(value, name) => [
              typeof value === 'number' ? fmt.percent(value / 100) : d.common.none,
              label(d, 'score', String(name)),
            ]}
          />
          <Legend itemSorter={null} formatter={(value: string) => label(d, 'score', value)} />
          {SCORE_NAMES.map((key) => (
            <Line
              key={key}
              type="monotone"
              dataKey={key}
              stroke={SCORE_COLORS[key]}
              strokeWidth={2}
              dot={{ r: 4 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
