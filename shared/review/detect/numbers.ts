/** id-number, mobile, bank-card: personal numbers written as digit runs (EXPAND-4 personal privacy). */
import isIdentityCard from 'validator/lib/isIdentityCard';
import isLuhnNumber from 'validator/lib/isLuhnNumber';
import { inDecimal, type NumberSpan, numberSpans } from '../normalize';
import { type Candidate, touchesMask } from './candidate';
import { textBefore } from './layout';

/** Every group but the last at least `min` long: the shapes people write numbers in. */
function grouped(lengths: readonly number[], min: number): boolean {
  return lengths.every((len, i) => i === lengths.length - 1 || len >= min);
}

function isIdNumber(span: NumberSpan, norm: string): boolean {
  const { compact } = span;
  if (!/^(?:\d{17}[\dXx]|\d{15})$/.test(compact)) return false;
  if (!grouped(span.groupLengths, 2)) return false;
  // Legacy 15-digit business registration numbers (注册号) share the 15-digit shape and often
  // happen to hold a valid "date" in positions 7–12.
  if (compact.length === 15 && /注册号/.test(norm.slice(Math.max(0, span.start - 12), span.start))) {
    return false;
  }
  // validator checks region code, a real past birth date and the GB 11643 check char.
  return isIdentityCard(compact, 'zh-CN');
}

/**
 * Returns the range of a mainland mobile in the span, or null. validator's isMobilePhone
 * 'zh-CN' is not used: it also admits 92x/98x numbers, which are not mainland mobiles.
 */
function mobileRange(span: NumberSpan, norm: string): { start: number; end: number } | null {
  const { compact, groupLengths } = span;
  const m = /^(0086|86)?1[3-9]\d{9}$/.exec(compact);
  if (m === null) return null;
  const prefix = m[1] ?? '';
  // The prefix may be its own group ("+86 138 1234 5678"); the 11 digits then come in groups of ≥3.
  const body = groupLengths[0] === prefix.length && prefix !== '' ? groupLengths.slice(1) : groupLengths;
  if (!body.every((len) => len >= 3)) return null;
  const start = prefix !== '' && norm.charAt(span.start - 1) === '+' ? span.start - 1 : span.start;
  return { start, end: span.end };
}

/** An issuer identification range (ISO/IEC 7812) and the card lengths its scheme issues. */
interface CardScheme {
  readonly scheme: string;
  readonly lengths: readonly number[];
  readonly issues: (digits: string) => boolean;
  /** Only with a card word before it: the shape alone collides with common local numbers. */
  readonly needsCardWord?: boolean;
}

const SIXTEEN_TO_NINETEEN = [16, 17, 18, 19];

function headBetween(digits: string, width: number, low: number, high: number): boolean {
  const head = Number(digits.slice(0, width));
  return head >= low && head <= high;
}

/**
 * validator's isCreditCard is not used: its UnionPay pattern only takes 16 digits, while most
 * mainland debit cards are 19-digit 62…, and it knows no pre-UnionPay domestic BINs.
 */
const CARD_SCHEMES: readonly CardScheme[] = [
  { scheme: 'UnionPay', lengths: SIXTEEN_TO_NINETEEN, issues: (d) => d.startsWith('62') },
  // Domestic cards issued before UnionPay and still in use: ICBC 9558…, ABC 95595–95599….
  { scheme: 'domestic 955', lengths: SIXTEEN_TO_NINETEEN, issues: (d) => d.startsWith('955') },
  // Bank of China 长城卡 601382…, Bank of Communications 太平洋卡 601428….
  { scheme: 'domestic 60', lengths: SIXTEEN_TO_NINETEEN, issues: (d) => /^60(?:1382|1428)/.test(d) },
  { scheme: 'Visa', lengths: [16, 19], issues: (d) => d.startsWith('4') },
  // 2-series Mastercard is 2221–2720; the rest of the 2s is where years (2019 2020 …) live.
  {
    scheme: 'Mastercard',
    lengths: [16],
    issues: (d) => headBetween(d, 2, 51, 55) || headBetween(d, 4, 2221, 2720),
  },
  { scheme: 'JCB', lengths: SIXTEEN_TO_NINETEEN, issues: (d) => headBetween(d, 4, 3528, 3589) },
  {
    scheme: 'Discover',
    lengths: SIXTEEN_TO_NINETEEN,
    issues: (d) => d.startsWith('6011') || d.startsWith('65') || headBetween(d, 3, 644, 649),
  },
  // 15 digits from 37… is also every Shandong 15-digit registration number (注册号) and legacy ID.
  { scheme: 'American Express', lengths: [15], issues: (d) => /^3[47]/.test(d), needsCardWord: true },
];

/** The lengths any scheme below issues, checked first: most digit spans are none. */
const CARD_LENGTH = /^\d{15,19}$/;
const CARD_WORD = /卡号|银行卡|信用卡|借记卡|账号|帐号|card/i;
const CARD_WORD_REACH = 30;

function isBankCard(span: NumberSpan, norm: string): boolean {
  const { compact } = span;
  if (!CARD_LENGTH.test(compact) || !grouped(span.groupLengths, 4)) return false;
  const scheme = CARD_SCHEMES.find((s) => s.lengths.includes(compact.length) && s.issues(compact));
  if (scheme === undefined || !isLuhnNumber(compact)) return false;
  if (scheme.needsCardWord !== true) return true;
  return CARD_WORD.test(textBefore(norm, span.start, CARD_WORD_REACH, /\n/));
}

export function numbers(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const span of numberSpans(norm)) {
    const base = { whole: span.whole, groups: span.groupLengths.length };
    if (inDecimal(norm, span.start, span.end) || touchesMask(norm, span.start, span.end)) continue;
    if (isIdNumber(span, norm)) found.push({ kind: 'id-number', start: span.start, end: span.end, ...base });
    const mobile = mobileRange(span, norm);
    if (mobile !== null) found.push({ kind: 'mobile', ...mobile, ...base });
    if (isBankCard(span, norm)) found.push({ kind: 'bank-card', start: span.start, end: span.end, ...base });
  }
  return found;
}
