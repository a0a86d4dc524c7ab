/**
 * What every detector returns (FIVE-4 / EXPAND-4): a candidate range in the normalised text, merged
 * by detect() in shared/review/detectors.ts. Also the one masking rule all kinds share.
 */
import type { FindingKind } from '../detectors';

export interface Candidate {
  /** 'org-credit-code' is never reported; it only blocks misreadings of a company code. */
  readonly kind: Exclude<FindingKind, 'unreadable'> | 'org-credit-code';
  readonly start: number;
  readonly end: number;
  /** The reading covers its whole digit cluster (numbers); always true for the other kinds. */
  readonly whole: boolean;
  readonly groups: number;
}

export function textCandidate(kind: Candidate['kind'], start: number, end: number): Candidate {
  return { kind, start, end, whole: true, groups: 1 };
}

/**
 * Characters that stand for removed characters in a published value: 370405********3617,
 * 139****2345, 张**, 6222 **** **** 1234, 某某村●组●号. Full-width ＊ is folded to * by normalize().
 */
export const MASK_CHARS = '*×✕✱﹡●•○◯■□';
const MASK_CLASS = `[${MASK_CHARS}]`;
const MASK_INSIDE = new RegExp(`${MASK_CLASS}|[Xx]{2}`);

/** A masked value is never a finding: it shows mask characters, inside or (for numbers) at its ends. */
export function hasMask(value: string): boolean {
  return MASK_INSIDE.test(value);
}

const isMaskChar = (char: string) => char !== '' && MASK_CHARS.includes(char);
const isX = (char: string) => char === 'X' || char === 'x';
const isSeparator = (char: string) => char === ' ' || char === '-';

/**
 * True if the range is the visible part of a masked value: "6222 0212 3456 7890 ***" leaves a
 * 16-digit run that may pass Luhn by chance, "370405198503142***" an ID-shaped prefix. Checked
 * for every digit span, so it reads characters rather than slicing.
 */
export function touchesMask(norm: string, start: number, end: number): boolean {
  const before = isSeparator(norm.charAt(start - 1)) ? start - 1 : start;
  const after = isSeparator(norm.charAt(end)) ? end + 1 : end;
  const prev = norm.charAt(before - 1);
  const next = norm.charAt(after);
  return (
    isMaskChar(prev) ||
    isMaskChar(next) ||
    (isX(prev) && isX(norm.charAt(before - 2))) ||
    (isX(next) && isX(norm.charAt(after + 1)))
  );
}
