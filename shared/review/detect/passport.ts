/**
 * passport: PRC passport numbers (EXPAND-4 personal privacy) in a passport context — foreign-trade
 * delegations, 因公出国 lists, visa notices. The shapes alone (a letter and 7–8 digits) are also
 * model numbers and file numbers, so a 护照 / passport word must name them.
 */
import { type Candidate, textCandidate, touchesMask } from './candidate';
import { columnScopes, type Range, textAfter, textBefore } from './layout';

/** The number formats of PRC passports (普通, 外交, 公务, 公务普通), current and earlier series. */
const PASSPORT_FORMATS = [
  /^E\d{8}$/, // 普通护照 (ordinary, e-passport) since 2012
  /^E[A-HJ-NP-Z]\d{7}$/, // 普通护照 once the E + 8 digit numbers ran out (no I, O)
  /^G\d{8}$/, // 普通护照 of 2007–2012
  /^[DSP]E\d{7}$/, // 外交 (D), 公务 (S), 公务普通 (P) e-passports
  /^[DSP]\d{7}$/, // the same before the e-passport
];
const TOKEN = /(?<![0-9A-Za-z])[A-Za-z]{1,2}\d{7,8}(?![0-9A-Za-z])/g;

/** Names the token as a passport number on its line, as a label above it or as a column header. */
const PASSPORT_WORD = /护照|passport/i;
const REACH_BEFORE = 60;
const REACH_AFTER = 8;
/** How far from the end of the line above a passport word labels the token below. */
const LABEL_TAIL = 8;

export function isPassportNumber(token: string): boolean {
  const upper = token.toUpperCase();
  return PASSPORT_FORMATS.some((format) => format.test(upper));
}

/**
 * A passport word before the token on its line, at the end of the line above it
 * ("证件类型:护照\n证件号码:E12345678"), just after it, or a 护照 column header above the row.
 */
function inPassportContext(norm: string, start: number, end: number, columns: readonly Range[]): boolean {
  const sameLine = textBefore(norm, start, REACH_BEFORE, /\n/);
  const before = `${endOfLineAbove(norm, start - sameLine.length)}\n${sameLine}`;
  const after = textAfter(norm, end, REACH_AFTER, /\n/);
  return (
    PASSPORT_WORD.test(before) ||
    PASSPORT_WORD.test(after) ||
    columns.some((column) => start >= column.start && end <= column.end)
  );
}

/** The end of the line above, if `lineStart` starts a line: a label there ends in the passport word. */
function endOfLineAbove(norm: string, lineStart: number): string {
  if (lineStart === 0 || norm.charAt(lineStart - 1) !== '\n') return '';
  return textBefore(norm, lineStart - 1, LABEL_TAIL, /\n/);
}

export function passports(norm: string): Candidate[] {
  const columns = columnScopes(norm, PASSPORT_WORD);
  const found: Candidate[] = [];
  for (const m of norm.matchAll(TOKEN)) {
    const end = m.index + m[0].length;
    if (!isPassportNumber(m[0]) || touchesMask(norm, m.index, end)) continue;
    if (inPassportContext(norm, m.index, end, columns)) found.push(textCandidate('passport', m.index, end));
  }
  return found;
}
