/**
 * Confidentiality detectors for the review before disclosure (FIVE-4 / EXPAND-4): state-secret
 * markings and personal data. A finding only flags a document for the human pre-review group
 * (REVIEW-2); it never decides on its own.
 */
import isEmail from 'validator/lib/isEmail';
import isIdentityCard from 'validator/lib/isIdentityCard';
import isLuhnNumber from 'validator/lib/isLuhnNumber';
import type { RuleId } from '../model/rules';
import { inDecimal, type NumberSpan, normalize, numberSpans } from './normalize';

export type FindingKind =
  | 'secret-marking'
  | 'id-number'
  | 'bank-card'
  | 'mobile'
  | 'credit-code'
  | 'email'
  | 'unreadable';

export interface Finding {
  readonly kind: FindingKind;
  /** The matched text exactly as it appears in the original (un-normalised) text. */
  readonly text: string;
  /** Half-open range in the original text, in JavaScript string (UTF-16) indices. */
  readonly start: number;
  readonly end: number;
  readonly rule: RuleId;
}

interface Candidate {
  readonly kind: Exclude<FindingKind, 'unreadable'> | 'org-credit-code';
  readonly start: number;
  readonly end: number;
  readonly whole: boolean;
  readonly groups: number;
}

/**
 * Overlap precedence, lowest first. An ID number that also passes Luhn is reported once, as
 * id-number: GB 11643 checks region, birth date and a mod 11-2 check char, far stronger evidence
 * than Luhn's 1 in 10. A valid GB 32100 code beats a Luhn "card" for the same reason.
 * 'org-credit-code' is never reported; it only stops an all-digit company code from being
 * misread as a card or phone.
 */
const PRECEDENCE: Record<Candidate['kind'], number> = {
  'secret-marking': 0,
  email: 0,
  'id-number': 1,
  'credit-code': 2,
  'org-credit-code': 3,
  mobile: 4,
  'bank-card': 5,
};
const STRONG = PRECEDENCE['org-credit-code'];

// 密级★保密期限 as laid down in GB/T 9704 (e.g. 机密★5年, 秘密★启用前, 绝密★). Requiring the star
// keeps prose such as 不得公开涉及国家秘密 or 所称“机密”是指 out.
const MARKING_STAR = /(绝密|机密|秘密)[ \t]*([★☆*])(?:[ \t]*(?:\d{1,3}[ \t]*(?:年|个月|月)|启用前|长期))?/g;
// GB/T 9704 prints a level without a term as the bare word on its own line.
const MARKING_LINE = /^[ \t]*(绝密|机密|秘密)[ \t]*$/gm;

function secretMarkings(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of norm.matchAll(MARKING_STAR)) {
    // A plain asterisk is also a footnote mark (商业秘密*); as a marking it starts the line or field.
    if (m[2] === '*' && /[\p{L}\p{N}]/u.test(norm.charAt(m.index - 1))) continue;
    found.push({
      kind: 'secret-marking',
      start: m.index,
      end: m.index + m[0].length,
      whole: true,
      groups: 1,
    });
  }
  for (const m of norm.matchAll(MARKING_LINE)) {
    const level = m[1] ?? '';
    const start = m.index + m[0].indexOf(level);
    found.push({ kind: 'secret-marking', start, end: start + level.length, whole: true, groups: 1 });
  }
  return found;
}

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

/**
 * Card numbers by issuer (ISO/IEC 7812 major industry identifier) plus Luhn. validator's
 * isCreditCard is not used: its UnionPay pattern only takes 16 digits, and most mainland debit
 * cards are 19-digit 62… or older 9-prefixed domestic cards (9558…, 95599…).
 */
function isBankCard(span: NumberSpan): boolean {
  const { compact } = span;
  if (!/^\d{16,19}$/.test(compact)) return false;
  if (!grouped(span.groupLengths, 4)) return false;
  const issuer = /^[34569]/.test(compact) || isMastercard2Series(compact);
  return issuer && isLuhnNumber(compact);
}

// 2-series Mastercard is 2221–2720; the rest of the 2s is where years (2019 2020 …) live.
function isMastercard2Series(digits: string): boolean {
  const head = Number(digits.slice(0, 4));
  return head >= 2221 && head <= 2720;
}

function numbers(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const span of numberSpans(norm)) {
    const base = { whole: span.whole, groups: span.groupLengths.length };
    if (inDecimal(norm, span.start, span.end)) continue;
    if (isIdNumber(span, norm)) found.push({ kind: 'id-number', start: span.start, end: span.end, ...base });
    const mobile = mobileRange(span, norm);
    if (mobile !== null) found.push({ kind: 'mobile', ...mobile, ...base });
    if (isBankCard(span)) found.push({ kind: 'bank-card', start: span.start, end: span.end, ...base });
  }
  return found;
}

// GB 32100 code alphabet (no I, O, S, V, Z) and weights 3^(i-1) mod 31. No maintained npm
// package validates it (validator has none), so the check is done here.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC = /(?<![0-9A-Za-z])[0-9A-Za-z]{2}\d{6}[0-9A-Za-z]{10}(?![0-9A-Za-z])/g;

export function isCreditCode(code: string): boolean {
  const upper = code.toUpperCase();
  if (upper.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(upper.charAt(i));
    if (value < 0) return false;
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  return upper.charAt(17) === USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * credit-code: only codes of individual businesses (个体工商户, registration authority 9 + type 2,
 * i.e. "92…"). An individual business is one natural person trading under a name, so its code
 * points at that person, and it usually appears next to the owner's name in penalty and licence
 * decisions. Company and institution codes are public registry data that notices must cite, so
 * flagging them would only bury the reviewers; they are matched solely to block misreadings.
 */
function creditCodes(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of norm.matchAll(USCC)) {
    if (!isCreditCode(m[0])) continue;
    const kind = m[0].startsWith('92') ? 'credit-code' : 'org-credit-code';
    found.push({ kind, start: m.index, end: m.index + m[0].length, whole: true, groups: 1 });
  }
  return found;
}

// The look-behind makes a match start only where the local part starts: linear on long runs.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// Government mailboxes are published on purpose (contact and application channels).
const PUBLIC_MAIL_DOMAIN = /(?:^|\.)gov(?:\.cn)?$/i;

/**
 * email: disclosure replies (依申请公开答复), petition lists and application forms quote the
 * applicant's own mailbox, which is personal data under the same review as a phone number.
 * Any address outside a government domain is flagged; the reviewer decides if it is an office's
 * public mailbox.
 */
function emails(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of norm.matchAll(EMAIL)) {
    const address = m[0].replace(/^[._%+-]+/, '');
    const start = m.index + (m[0].length - address.length);
    const domain = address.slice(address.indexOf('@') + 1);
    if (!isEmail(address) || PUBLIC_MAIL_DOMAIN.test(domain)) continue;
    found.push({ kind: 'email', start, end: start + address.length, whole: true, groups: 1 });
  }
  return found;
}

/** Findings in `text`, sorted by start and non-overlapping. */
export function detect(text: string): Finding[] {
  const norm = normalize(text);
  const candidates = [
    ...secretMarkings(norm.text),
    ...emails(norm.text),
    ...creditCodes(norm.text),
    ...numbers(norm.text),
  ];
  // Well-evidenced kinds (marking, email, ID, credit code) win outright. Among the weak ones
  // (mobile: shape only; card: Luhn, 1 in 10) a reading of the whole cluster beats one inside it:
  // "6222 0212 1381 2345 678" is a card, not a phone. Then fewer separators wins.
  candidates.sort(
    (a, b) =>
      Number(PRECEDENCE[a.kind] > STRONG) - Number(PRECEDENCE[b.kind] > STRONG) ||
      Number(b.whole) - Number(a.whole) ||
      PRECEDENCE[a.kind] - PRECEDENCE[b.kind] ||
      a.groups - b.groups ||
      a.start - b.start,
  );
  const taken = new Uint8Array(norm.text.length);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (taken.subarray(c.start, c.end).includes(1)) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  const findings: Finding[] = [];
  for (const c of kept.sort((a, b) => a.start - b.start)) {
    if (c.kind === 'org-credit-code') continue;
    const range = norm.toOriginal(c.start, c.end);
    findings.push({ kind: c.kind, text: text.slice(range.start, range.end), ...range, rule: 'FIVE-4' });
  }
  return findings;
}
