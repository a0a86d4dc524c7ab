/**
 * Confidentiality detectors for the review before disclosure (FIVE-4 / EXPAND-4): state-secret
 * markings and personal data. A finding only flags a document for the human pre-review group
 * (REVIEW-2); it never decides on its own. Each kind is one module under ./detect/; this file
 * merges their candidates. A masked value (370405********3617, 139****2345, 王某某, 某组某号) is
 * never a finding, of any kind.
 */
import type { RuleId } from '../model/rules';
import { addresses } from './detect/address';
import type { Candidate } from './detect/candidate';
import { creditCodes } from './detect/codes';
import { emails } from './detect/email';
import { healthConditions } from './detect/health';
import { secretMarkings } from './detect/markings';
import { numbers } from './detect/numbers';
import { passports } from './detect/passport';
import { normalize } from './normalize';

export { isCreditCode } from './detect/codes';
export { isPassportNumber } from './detect/passport';

export type FindingKind =
  | 'secret-marking'
  | 'id-number'
  | 'bank-card'
  | 'mobile'
  | 'credit-code'
  | 'email'
  | 'passport'
  | 'address'
  | 'health'
  | 'unreadable';

/** Every kind a detector reports, in the order reviewers see them described. */
export const DETECTED_KINDS = [
  'secret-marking',
  'id-number',
  'bank-card',
  'mobile',
  'credit-code',
  'email',
  'passport',
  'address',
  'health',
] as const satisfies readonly Exclude<FindingKind, 'unreadable'>[];

export interface Finding {
  readonly kind: FindingKind;
  /** The matched text exactly as it appears in the original (un-normalised) text. */
  readonly text: string;
  /** Half-open range in the original text, in JavaScript string (UTF-16) indices. */
  readonly start: number;
  readonly end: number;
  readonly rule: RuleId;
}

/**
 * Overlap precedence, lowest first. An ID number that also passes Luhn is reported once, as
 * id-number: GB 11643 checks region, birth date and a mod 11-2 check char, far stronger evidence
 * than Luhn's 1 in 10. A valid GB 32100 code beats a Luhn "card" for the same reason.
 * 'org-credit-code' is never reported; it only stops an all-digit company code from being
 * misread as a card or phone. Context-bound kinds (passport, address, health) rank with markings.
 */
const PRECEDENCE: Record<Candidate['kind'], number> = {
  'secret-marking': 0,
  email: 0,
  passport: 0,
  address: 0,
  health: 0,
  'id-number': 1,
  'credit-code': 2,
  'org-credit-code': 3,
  mobile: 4,
  'bank-card': 5,
};
const STRONG = PRECEDENCE['org-credit-code'];

/** Findings in `text`, sorted by start and non-overlapping. */
export function detect(text: string): Finding[] {
  const norm = normalize(text);
  const candidates = [
    ...secretMarkings(norm.text),
    ...emails(norm.text),
    ...passports(norm.text),
    ...addresses(norm.text),
    ...healthConditions(norm.text),
    ...creditCodes(norm.text),
    ...numbers(norm.text),
  ];
  // Well-evidenced kinds (marking, email, context-bound kinds, ID, credit code) win outright. Among
  // the weak ones (mobile: shape only; card: Luhn, 1 in 10) a reading of the whole cluster beats one
  // inside it: "6222 0212 1381 2345 678" is a card, not a phone. Then fewer separators wins, then
  // the longer reading.
  candidates.sort(
    (a, b) =>
      Number(PRECEDENCE[a.kind] > STRONG) - Number(PRECEDENCE[b.kind] > STRONG) ||
      Number(b.whole) - Number(a.whole) ||
      PRECEDENCE[a.kind] - PRECEDENCE[b.kind] ||
      a.groups - b.groups ||
      a.start - b.start ||
      b.end - a.end,
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
