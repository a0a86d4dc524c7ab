/**
 * The labelled corpus of the confidentiality review (test/fixtures/review/corpus): documents as a
 * district publishes them, in every accepted format, each with the findings a careful reviewer
 * would mark (expected.json, written by hand). The unit test, the OCR integration test and
 * `npm run bench:review` read it through this module, so they agree on what a hit is.
 *
 * Scans (`_scan_` in the name: image-only PDF pages, PNG/JPEG uploads, an OFD page drawn as an
 * image) are read only by OCR; by design they always go to the pre-review group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../shared/review';

export const CORPUS_DIR = join(import.meta.dirname, '../fixtures/review/corpus');

export interface Expected {
  readonly kind: string;
  readonly text: string;
  /** Where the finding must be said to be; not checked when absent. */
  readonly location?: string;
}

export interface CorpusDocument {
  readonly name: string;
  /** What the file is: its extension, or "scan". */
  readonly format: string;
  readonly scan: boolean;
  readonly expected: readonly Expected[];
  readonly bytes: Uint8Array;
}

export const expectations: Readonly<Record<string, readonly Expected[]>> = JSON.parse(
  readFileSync(join(CORPUS_DIR, 'expected.json'), 'utf8'),
);

export const corpusFiles = (): string[] =>
  readdirSync(CORPUS_DIR)
    .filter((name) => name !== 'expected.json')
    .sort();

export const isScan = (name: string) => name.includes('_scan_');

export function corpus(): CorpusDocument[] {
  return corpusFiles().map((name) => ({
    name,
    format: isScan(name) ? 'scan' : (name.split('.').pop() ?? ''),
    scan: isScan(name),
    expected: expectations[name] ?? [],
    bytes: new Uint8Array(readFileSync(join(CORPUS_DIR, name))),
  }));
}

/** What OCR may read differently without being wrong: spacing. */
const compact = (text: string) => text.replace(/\s+/g, '');

function matches(found: Pick<Finding, 'kind' | 'text' | 'location'>, want: Expected): boolean {
  return (
    found.kind === want.kind &&
    compact(found.text) === compact(want.text) &&
    (want.location === undefined || found.location === want.location)
  );
}

export interface Comparison<F> {
  readonly hits: ReadonlyArray<{ readonly found: F; readonly expected: Expected }>;
  /** Expected and not found. */
  readonly missed: readonly Expected[];
  /** Found and not expected (unreadable parts are not findings of a kind: left out). */
  readonly falseAlarms: readonly F[];
}

/** Pairs findings with expectations one for one (a multiset match, order free). */
export function compare<F extends Pick<Finding, 'kind' | 'text' | 'location'>>(
  found: readonly F[],
  expected: readonly Expected[],
): Comparison<F> {
  const left = found.filter((f) => f.kind !== 'unreadable');
  const hits: Array<{ found: F; expected: Expected }> = [];
  const missed: Expected[] = [];
  for (const want of expected) {
    const i = left.findIndex((f) => matches(f, want));
    if (i < 0) missed.push(want);
    else hits.push({ found: left.splice(i, 1)[0] as F, expected: want });
  }
  return { hits, missed, falseAlarms: left };
}
