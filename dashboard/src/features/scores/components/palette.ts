import type { ScoreName } from '../../../../../shared/model/scores';

/** Restrained: the government red, a bronze and a slate; the interval in dark grey. */
export const SCORE_COLORS: Record<ScoreName, string> = {
  timeliness: '#a8201a',
  completeness: '#9a6a2f',
  accuracy: '#3f5566',
};
export const INTERVAL_COLOR = '#2f2f2f';
export const GRID_COLOR = '#e7e2dc';
export const AXIS_COLOR = '#6b6560';
