/** credit-code: unified social credit codes (GB 32100) of individual businesses (EXPAND-4). */
import { type Candidate, textCandidate, touchesMask } from './candidate';

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
export function creditCodes(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of norm.matchAll(USCC)) {
    if (!isCreditCode(m[0])) continue;
    const end = m.index + m[0].length;
    const kind = m[0].startsWith('92') && !touchesMask(norm, m.index, end) ? 'credit-code' : 'org-credit-code';
    found.push(textCandidate(kind, m.index, end));
  }
  return found;
}
