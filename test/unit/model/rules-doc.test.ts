import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../shared/model/rules';

const docPath = join(import.meta.dirname, '../../../docs/rules.md');
const doc = readFileSync(docPath, 'utf8');

/**
 * Anything shaped like a rule ID: upper-case prefix, article number, then optional `.point` and
 * `(item)` parts — `COORD-1`, `COORD-5(3)`, `REVIEW-3.4`, `READ-5(6)`, `OGI-26`. Deliberately not
 * limited to the known prefixes, so a made-up or stale ID in the document is caught too.
 */
const RULE_ID_PATTERN = /\b[A-Z][A-Z]+-\d+(?:\.\d+)*(?:\(\d+\))?/g;

function idsIn(text: string): Set<string> {
  return new Set(text.match(RULE_ID_PATTERN) ?? []);
}

/** Markdown headings and table rows: the places where a rule is documented, not merely mentioned. */
const structuralLines = doc.split('\n').filter((line) => /^\s*(#{1,6}\s|\|)/.test(line));

describe('docs/rules.md and RULE_IDS', () => {
  it('the ID pattern recognises every ID in RULE_IDS whole', () => {
    for (const id of RULE_IDS) {
      expect(id.match(RULE_ID_PATTERN), id).toEqual([id]);
    }
  });

  it('documents every ID in RULE_IDS in a heading or table row', () => {
    const documented = idsIn(structuralLines.join('\n'));
    const missing = RULE_IDS.filter((id) => !documented.has(id));
    expect(missing).toEqual([]);
  });

  it('mentions no rule ID that is not in RULE_IDS', () => {
    const known = new Set<string>(RULE_IDS);
    const unknown = [...idsIn(doc)].filter((id) => !known.has(id));
    expect(unknown).toEqual([]);
  });
});
