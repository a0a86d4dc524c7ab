/** A ratio with its 95% Wilson score interval: 3 documents are not read like 300. */
export interface ScoreValue {
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  readonly low: number;
  readonly high: number;
}

const Z = 1.959963984540054; // two-sided 95%

export function wilson(numerator: number, denominator: number): ScoreValue {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || numerator > denominator) {
    throw new RangeError(`bad ratio ${numerator}/${denominator}`);
  }
  if (denominator === 0) return { value: null, numerator, denominator, low: 0, high: 1 };
  const p = numerator / denominator;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator);
  const half =
    (Z * Math.sqrt((p * (1 - p)) / denominator + z2 / (4 * denominator * denominator))) / (1 + z2 / denominator);
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    value: round(p),
    numerator,
    denominator,
    low: round(Math.max(0, centre - half)),
    high: round(Math.min(1, centre + half)),
  };
}
