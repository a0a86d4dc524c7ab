/**
 * OCR for the confidentiality review: scans (image-only PDF pages, PNG/JPEG/TIFF/BMP uploads) are
 * read by Tesseract (`chi_sim` + `eng`, tesseract.js) so the detectors run on their text, after
 * their ruling is taken out (./pixels.ts). A scan
 * always goes to the pre-review group afterwards (OCR can misread a digit); what OCR read, with
 * page and box, is what the reviewer sees highlighted.
 *
 * The interface, for the extraction (../extraction.ts `Ocr`) and whoever wires it:
 *
 *   const ocr = createOcr({ langPath?, languages?, pageLimit? });
 *   ocr.available             // false when the language data is missing (ocr.reason says why)
 *   await ocr.recognise(image, page)   // → TextPart[]: the page, location "page N (OCR)", a
 *                                      //   line a span with its box (the image's pixels); no text → []
 *   await ocr.read(image, page)        // → OcrResult: the lines with their words and boxes
 *   const hook = ocr.forFile({ onPage? })  // an `Ocr` for one file: at most `pageLimit` pages
 *                                      //   (OCR_LIMITS.pages), then a ScanLimitError saying so
 *   await ocr.close()                  // stops the engine (it also lets a process exit while idle)
 *
 * `image` is the bytes of a PNG, JPEG, TIFF, BMP or PGM; ./pdf-page.ts makes the one of a PDF page
 * (`pdfPageImages`). An image OCR cannot read throws with the reason (the extraction keeps it).
 * The engine starts on the first image and is kept for the next ones; one file's pages are read
 * one after the other.
 */
import type { ExtractOptions, Ocr, TextPart } from '../extraction';
import { ScanLimitError } from '../limits';
import { type EngineOptions, TesseractEngine, tesseractWorkerScript } from './engine';
import { prepareImage } from './image';
import { OCR_LIMITS } from './limits';
import { lineParts, type OcrLine, pageLines } from './lines';
import { type Availability, checkTessdata, OCR_LANGUAGES, resolveLangPath } from './tessdata';

export { type GrayImage, imageInfo } from './image';
export { OCR_LIMITS } from './limits';
export { type OcrLine, type OcrWord, ocrLocation } from './lines';
export { pageImage, pdfPageImages } from './pdf-page';
export { DEBIAN_TESSDATA, OCR_LANGUAGES, TESSDATA_ENV } from './tessdata';

export interface OcrOptions {
  /**
   * The folder of the .traineddata files.
   * @default GONGKAI_TESSDATA, else Debian's /usr/share/tesseract-ocr/5/tessdata
   */
  readonly langPath?: string;
  /** @default ['chi_sim', 'eng'] */
  readonly languages?: readonly string[];
  /** Pages one file may have read by OCR. @default OCR_LIMITS.pages (50) */
  readonly pageLimit?: number;
  /** @default OCR_LIMITS.pageTimeoutMs */
  readonly pageTimeoutMs?: number;
  /** @default OCR_LIMITS.startTimeoutMs */
  readonly startTimeoutMs?: number;
}

export interface OcrResult {
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly OcrLine[];
  /** Tesseract's mean confidence over the page, 0–100. */
  readonly confidence: number;
  readonly seconds: number;
}

export interface FileOcrOptions {
  /** Called as each page starts (the local worker extends its time limit by a page's). */
  readonly onPage?: (page: number) => void;
}

export interface OcrService {
  readonly available: boolean;
  /** Why OCR is not available (one line, for the log and the reviewer). */
  readonly reason?: string;
  readonly langPath: string;
  /** The extraction's hook (`Ocr`), without a page limit. */
  recognise(image: Uint8Array, page?: number): Promise<TextPart[]>;
  read(image: Uint8Array, page?: number): Promise<OcrResult>;
  /** The hook for one file: its own page count against the limit. */
  forFile(options?: FileOcrOptions): Ocr;
  close(): Promise<void>;
}

/**
 * Page segmentation: sparse text (Tesseract's PSM 11), every cell of a table and every stretch of
 * a line between wide gaps read on its own, put back together into lines by their boxes
 * (./lines.ts). Of the modes tried on a ruled 低保 roster (its grid taken out, ./pixels.ts) it
 * read the cells best; the automatic layout (PSM 3) read the table column by column, one column
 * (4) and one block (6) misread its names and left marks where the grid had been. Lines are not
 * tried again inverted (white on black, which official documents do not print): a tenth less time
 * a page. Tesseract's own messages ("Estimating resolution as 422") go nowhere: failures come back
 * as errors.
 */
const PARAMETERS = { tessedit_pageseg_mode: '11', tessedit_do_invert: '0', debug_file: '/dev/null' } as const;

export function createOcr(options: OcrOptions = {}): OcrService {
  const languages = options.languages ?? OCR_LANGUAGES;
  const langPath = resolveLangPath(options.langPath, languages);
  const status = availability(langPath, languages);
  const pageLimit = options.pageLimit ?? OCR_LIMITS.pages;
  const engineOptions: EngineOptions = {
    langPath,
    languages,
    startTimeoutMs: options.startTimeoutMs ?? OCR_LIMITS.startTimeoutMs,
    pageTimeoutMs: options.pageTimeoutMs ?? OCR_LIMITS.pageTimeoutMs,
    parameters: PARAMETERS,
  };

  let engine: Promise<TesseractEngine> | undefined;
  // One page at a time: the engine is one thread, and a queue keeps a slow page from timing out others.
  let queue: Promise<unknown> = Promise.resolve();

  const started = async (): Promise<TesseractEngine> => {
    if (!status.available) throw new Error(status.reason);
    const current = engine ? await engine.catch(() => undefined) : undefined;
    if (current?.alive && current.pages < OCR_LIMITS.pagesPerEngine) return current;
    if (current) void current.terminate();
    engine = TesseractEngine.start(tesseractWorkerScript(), engineOptions);
    engine.catch(() => {}); // awaited below; a failed start is tried again by the next page
    return engine;
  };

  const read = (image: Uint8Array, page = 1): Promise<OcrResult> => {
    const run = async (): Promise<OcrResult> => {
      const prepared = prepareImage(image);
      const begun = performance.now();
      const tesseract = await started();
      let result: Awaited<ReturnType<TesseractEngine['recognize']>>;
      try {
        result = await tesseract.recognize(
          prepared.bytes,
          prepared.dpi === undefined ? {} : { user_defined_dpi: String(prepared.dpi) },
        );
      } catch (error) {
        throw new Error(`OCR could not read page ${page}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return {
        page,
        width: prepared.info.width,
        height: prepared.info.height,
        lines: pageLines(result),
        confidence: result.confidence,
        seconds: (performance.now() - begun) / 1000,
      };
    };
    const next = queue.then(run, run);
    queue = next.catch(() => {});
    return next;
  };

  const recognise = async (image: Uint8Array, page = 1): Promise<TextPart[]> =>
    lineParts((await read(image, page)).lines, page);

  return {
    available: status.available,
    ...(status.available ? {} : { reason: status.reason }),
    langPath,
    read,
    recognise,
    forFile(fileOptions = {}) {
      const pages = new Set<number>();
      return async (image, page = 1) => {
        if (!pages.has(page)) {
          if (pages.size >= pageLimit) {
            throw new ScanLimitError(
              `more than ${pageLimit} scanned pages: OCR reads at most ${pageLimit} pages of a file ` +
                'automatically; a person reads the scan',
            );
          }
          pages.add(page);
          fileOptions.onPage?.(page);
        }
        return recognise(image, page);
      };
    },
    async close() {
      const current = engine ? await engine.catch(() => undefined) : undefined;
      engine = undefined;
      await current?.terminate();
    },
  };
}

function availability(langPath: string, languages: readonly string[]): Availability {
  const data = checkTessdata(langPath, languages);
  if (!data.available) return data;
  try {
    tesseractWorkerScript();
  } catch {
    return { available: false, langPath, reason: 'OCR is not available: the tesseract.js package is not installed' };
  }
  return data;
}

let shared: OcrService | undefined;

/**
 * The OCR of this process, made on first use with the defaults (GONGKAI_TESSDATA or Debian's
 * files): what scanDocument uses when it is not given an `ocr`.
 */
export function defaultOcr(): OcrService {
  shared ??= createOcr();
  return shared;
}

/** Whether this process can OCR, and if not why: the local runtime logs it once at start. */
export function ocrStatus(): { readonly available: boolean; readonly reason?: string } {
  const { available, reason } = defaultOcr();
  return reason === undefined ? { available } : { available, reason };
}

/**
 * scanDocument's options when it is given none: this process's OCR with a page count of its own
 * for the file, or no OCR when the language data is missing (scans stay unread, for a person, with
 * that reason added to theirs).
 */
export function defaultExtractOptions(fileOptions: FileOcrOptions = {}): ExtractOptions {
  const ocr = defaultOcr();
  if (ocr.available) return { ocr: ocr.forFile(fileOptions) };
  return ocr.reason === undefined ? {} : { ocrUnavailable: ocr.reason };
}
