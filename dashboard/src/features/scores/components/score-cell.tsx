import type { ScoreValue } from '../../../../../shared/api/responses';
import { useI18n } from '../../../i18n';

/** 85.0% · 17/20 · [64.0%–94.8%] */
export function ScoreCell({ score, compact }: { score: ScoreValue; compact?: boolean }) {
  const { d, fmt } = useI18n();
  if (score.value === null) {
    return (
      <span className="score-cell score-none">
        <span className="score-value">{d.common.none}</span>
        <span className="score-sub">
          {score.numerator}/{score.denominator} · {d.scores.noData}
        </span>
      </span>
    );
  }
  return (
    <span className="score-cell">
      <span className="score-value">{fmt.percent(score.value)}</span>
      <span className="score-sub">
        {fmt.number(score.numerator)}/{fmt.number(score.denominator)}
        {compact ? '' : ` · ${fmt.percent(score.low)}–${fmt.percent(score.high)}`}
      </span>
    </span>
  );
}
