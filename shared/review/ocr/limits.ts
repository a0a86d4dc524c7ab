/**
 * What OCR does at most for one file, like the extraction's own limits (../limits.ts): past them a
 * scan goes to the pre-review group with the limit as its reason. OCR is the heavy part of a scan:
 * several seconds of a core and a few hundred MB for a full A4 page (`npm run bench:review`).
 */
export const OCR_LIMITS = {
  /**
   * Pages (images) OCR reads in one file: 50 pages take about 6 minutes at the speed measured here,
   * inside the review Lambda's 15 minutes and the local worker's time (which each OCR page extends,
   * infra/local/worker-scanner.ts). A longer scan is a person's to read.
   */
  pages: 50,
  /**
   * Pixels of one image: an A4 page at 600 dpi is 35 million; the engine holds several copies of
   * the page (colour, grey, binary) in its WebAssembly memory, so this bounds its memory.
   */
  imagePixels: 40_000_000,
  /**
   * The most resolution a PDF page drawn as images is put together at for OCR (at its scan's own
   * when that is less; boxes are in its pixels).
   */
  pdfDpi: 300,
  /** Pixels of that page image; a larger page is put together at a lower resolution. */
  pdfPagePixels: 36_000_000,
  /** How long one page may take before the engine is stopped (a full A4 page takes seconds). */
  pageTimeoutMs: 120_000,
  /** How long the engine may take to start (loading the language data takes about half a second). */
  startTimeoutMs: 60_000,
  /** Pages one engine reads before it is replaced: WebAssembly memory only grows. */
  pagesPerEngine: 200,
} as const;
