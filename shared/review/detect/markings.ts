/** secret-marking: 密级 markings of state secrets (FIVE-4 article 四, EXPAND-4). */
import { type Candidate, textCandidate } from './candidate';

// 密级★保密期限 as laid down in GB/T 9704 (e.g. 机密★5年, 秘密★启用前, 绝密★). Requiring the star
// keeps prose such as 不得公开涉及国家秘密 or 所称“机密”是指 out.
const MARKING_STAR = /(绝密|机密|秘密)[ \t]*([★☆*])(?:[ \t]*(?:\d{1,3}[ \t]*(?:年|个月|月)|启用前|长期))?/g;
// GB/T 9704 prints a level without a term as the bare word on its own line.
const MARKING_LINE = /^[ \t]*(绝密|机密|秘密)[ \t]*$/gm;

export function secretMarkings(norm: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of norm.matchAll(MARKING_STAR)) {
    // A plain asterisk is also a footnote mark (商业秘密*); as a marking it starts the line or field.
    if (m[2] === '*' && /[\p{L}\p{N}]/u.test(norm.charAt(m.index - 1))) continue;
    found.push(textCandidate('secret-marking', m.index, m.index + m[0].length));
  }
  for (const m of norm.matchAll(MARKING_LINE)) {
    const level = m[1] ?? '';
    const start = m.index + m[0].indexOf(level);
    found.push(textCandidate('secret-marking', start, start + level.length));
  }
  return found;
}
