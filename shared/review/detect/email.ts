/** email: personal mailboxes (EXPAND-4 personal privacy). */
import isEmail from 'validator/lib/isEmail';
import { type Candidate, MASK_CHARS, textCandidate } from './candidate';

// The look-behind makes a match start only where the local part starts: linear on long runs. A
// mask character there means a masked local part ("z***n@163.com"), whose visible tail is no address.
const EMAIL = new RegExp(
  `(?<![A-Za-z0-9._%+\\-${MASK_CHARS}])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+`,
  'g',
);
// Government mailboxes are published on purpose (contact and application channels).
const PUBLIC_MAIL_DOMAIN = /(?:^|\.)gov(?:\.cn)?$/i;

/**
 * email: disclosure replies (依申请公开答复), petition lists and application forms quote the
 * applicant's own mailbox, which is personal data under the same review as a phone number.
 * Any address outside a government domain is flagged; the reviewer decides if it is an office's
 * public mailbox.
 */
export function emails(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of norm.matchAll(EMAIL)) {
    const address = m[0].replace(/^[._%+-]+/, '');
    const start = m.index + (m[0].length - address.length);
    const domain = address.slice(address.indexOf('@') + 1);
    if (!isEmail(address) || PUBLIC_MAIL_DOMAIN.test(domain)) continue;
    found.push(textCandidate('email', start, start + address.length));
  }
  return found;
}
