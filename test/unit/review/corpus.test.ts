import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { DETECTED_KINDS } from '../../../shared/review/detectors';

// Short notice-like texts with made-up, checksum-valid numbers; 21_* is GB18030-encoded on purpose.
// Names and places are written 某某 as published examples are; the lists (23_*, 30_*) show what a
// leak looks like with the real ones.
const DIR = join(import.meta.dirname, '../../fixtures/review/corpus');

interface Expected {
  readonly kind: string;
  readonly text: string;
}

const expected: Record<string, Expected[]> = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8'));
const files = readdirSync(DIR)
  .filter((name) => name.endsWith('.txt'))
  .sort();

const key = (f: Expected) => `${f.kind}\t${f.text}`;

/** Multiset difference: entries of `a` not matched one-for-one in `b`. */
function missing(a: readonly Expected[], b: readonly Expected[]): Expected[] {
  const left = b.map(key);
  return a.filter((f) => {
    const i = left.indexOf(key(f));
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

describe('FIVE-4 corpus', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s: exactly the expected findings', async (name) => {
    const bytes = readFileSync(join(DIR, name));
    const result = await scanDocument(bytes, { filename: name });
    expect(result.extracted).toBe(true);
    const want = expected[name] ?? [];
    expect(result.findings.map((f) => ({ kind: f.kind, text: f.text }))).toEqual(want);
    expect(result.decision).toBe(want.length > 0 ? 'needs-review' : 'clear');
  });

  it('scores zero misses and zero false alarms over the whole corpus', async () => {
    let hits = 0;
    let misses = 0;
    let falseAlarms = 0;
    for (const name of files) {
      const result = await scanDocument(readFileSync(join(DIR, name)), { filename: name });
      const found = result.findings.map((f) => ({ kind: f.kind, text: f.text }));
      const want = expected[name] ?? [];
      const missed = missing(want, found).length;
      misses += missed;
      hits += want.length - missed;
      falseAlarms += missing(found, want).length;
    }
    const total = Object.values(expected).reduce((n, list) => n + list.length, 0);
    expect({ hits, misses, falseAlarms }).toEqual({ hits: total, misses: 0, falseAlarms: 0 });
  });

  it('is not vacuous: it has files, some with findings and some without', () => {
    const counts = files.map((name) => (expected[name] ?? []).length);
    expect(files.length).toBeGreaterThan(0);
    expect(
      counts.some((n) => n > 0),
      'a file with findings',
    ).toBe(true);
    expect(
      counts.some((n) => n === 0),
      'a file without findings',
    ).toBe(true);
  });

  it('expects every kind a detector reports somewhere', () => {
    const kinds = new Set(Object.values(expected).flatMap((list) => list.map((f) => f.kind)));
    expect(DETECTED_KINDS.filter((kind) => !kinds.has(kind))).toEqual([]);
  });
});
