import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { DETECTED_KINDS } from '../../../shared/review/detectors';
import { compare, corpus, corpusFiles, expectations } from '../../support/review-corpus';

// Notice-like documents with made-up, checksum-valid numbers, in every accepted format (files 33
// on are written by test/support/generate-review-corpus.ts); 21_* is GB18030-encoded on purpose.
// Names and places are written 某某 as published examples are; the lists show what a leak looks
// like with the real ones. Scans are read by OCR in test/integration/ocr.test.ts; here, without
// OCR, they must go to a person unread.
const documents = corpus();
const readable = documents.filter((doc) => !doc.scan);
const scans = documents.filter((doc) => doc.scan);

describe('FIVE-4 corpus', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(Object.keys(expectations).sort()).toEqual(corpusFiles());
  });

  it('has at least 60 documents in every accepted format, scans among them', () => {
    expect(documents.length).toBeGreaterThanOrEqual(60);
    expect([...new Set(documents.map((doc) => doc.format))].sort()).toEqual(
      ['doc', 'docx', 'html', 'ofd', 'pdf', 'scan', 'txt', 'xlsx'].sort(),
    );
    expect([...new Set(scans.map((doc) => doc.name.split('.').pop()))].sort()).toEqual(['jpg', 'ofd', 'pdf', 'png']);
  });

  it.each(readable.map((doc) => [doc.name, doc] as const))(
    '%s: exactly the expected findings, where they are',
    async (_, doc) => {
      const result = await scanDocument(doc.bytes, { filename: doc.name }, {});
      expect(result.extracted, result.unreadableReason).toBe(true);
      const { missed, falseAlarms } = compare(result.findings, doc.expected);
      expect({
        missed,
        falseAlarms: falseAlarms.map(({ kind, text, location }) => ({ kind, text, location })),
      }).toEqual({
        missed: [],
        falseAlarms: [],
      });
      expect(result.findings.filter((f) => f.kind === 'unreadable')).toEqual([]);
      expect(result.decision).toBe(doc.expected.length > 0 ? 'needs-review' : 'clear');
    },
  );

  it.each(scans.map((doc) => [doc.name, doc] as const))('%s without OCR: to a person, unread', async (_, doc) => {
    const result = await scanDocument(doc.bytes, { filename: doc.name }, {});
    expect(result.decision).toBe('needs-review');
    expect(result.findings.map((f) => f.kind)).toEqual(['unreadable']);
  });

  it('is not vacuous: every format has files with findings, and files without', () => {
    for (const format of new Set(documents.map((doc) => doc.format))) {
      const docs = documents.filter((doc) => doc.format === format);
      expect(
        docs.some((doc) => doc.expected.length > 0),
        `${format}: a file with findings`,
      ).toBe(true);
      expect(
        docs.some((doc) => doc.expected.length === 0),
        `${format}: a file without`,
      ).toBe(true);
    }
  });

  it('expects every kind a detector reports somewhere, outside scans too', () => {
    const kinds = new Set(readable.flatMap((doc) => doc.expected.map((f) => f.kind)));
    expect(DETECTED_KINDS.filter((kind) => !kinds.has(kind))).toEqual([]);
  });
});
