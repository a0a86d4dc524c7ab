/**
 * What one automatic scan reads at most. A file past a limit is not scanned: it goes to the
 * pre-review group (REVIEW-2) with the limit as its reason, like a file that cannot be read. The
 * limits live in the extraction itself, so they hold wherever it runs (a Lambda, a worker thread,
 * the CLI), and they bound memory and time before anything big is built.
 *
 * Uploads are at most 20 MB (MAX_UPLOAD_BYTES); the limits let every honest file of that size
 * through and stop the ones that expand to far more than their size (issue 8: a 459 KB DOCX holding
 * 300 MB of `<w:p/>`, a 269 KB PDF of 20,000 pages).
 */
export const SCAN_LIMITS = {
  /**
   * ZIP entries in a DOCX. Word writes a few dozen (one per image, header, footer …); 10,000
   * central-directory records are still parsed in milliseconds.
   */
  zipEntries: 10_000,
  /**
   * What the entries of a DOCX expand to, together and each (declared sizes checked before, real
   * bytes counted while inflating). Images are stored nearly uncompressed and XML compresses about
   * 10:1, so a 20 MB upload of ordinary content stays well below; the caps bound what inflation can
   * hold in memory.
   */
  zipTotalBytes: 100 * 1024 * 1024,
  zipEntryBytes: 50 * 1024 * 1024,
  /**
   * XML elements and attributes (`<` and `=` in the parts parsed) of a DOCX, counted
   * before each part is parsed. The readers stream (saxes) and keep only text, so this bounds time
   * and the parts built rather than a DOM. Set when mammoth kept one (about 1 KB of heap per
   * element: 10 MB of `<w:p/>` took 40 s and 1.5 GB) and kept: in Word's own markup (rsids, run
   * properties) 500,000 is about 7 MB of document.xml, 1,000 or more pages.
   */
  docxMarkup: 500_000,
  /**
   * The same for an XLSX, whose markup is mostly cells (`<c r="D7" t="s"><v>12</v></c>`, six
   * counted): 5,000,000 is over 800,000 cells, a roster far beyond any district's, and parses in
   * a few seconds.
   */
  xlsxMarkup: 5_000_000,
  /**
   * And for an OFD: converters often draw a page glyph by glyph, one TextObject (about ten counted)
   * a character, so a dense page is thousands; 5,000,000 is some hundreds of such pages.
   */
  ofdMarkup: 5_000_000,
  /**
   * PDF pages read. PDF.js works page by page at a few milliseconds each (more with text); 2,000
   * pages is a long report and reads in seconds, where 20,000 empty pages took 159 s.
   */
  pdfPages: 2_000,
  /**
   * Characters of extracted text. Above any text upload (20 MB is at most 20 million characters
   * in any encoding), and the detectors run over 20 million in under a second; beyond it, what a
   * DOCX or PDF expands to is not a publication one person wrote.
   */
  textChars: 25_000_000,
} as const;

/** A file past one of SCAN_LIMITS; the message is the reason the pre-review group reads. */
export class ScanLimitError extends Error {
  override readonly name = 'ScanLimitError';
}

export const MB = 1024 * 1024;

/** "100 MB", "25 million": how the reasons state the limits. */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
