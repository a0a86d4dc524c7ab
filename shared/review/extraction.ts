/**
 * What an extraction gives (FIVE-4 / EXPAND-4): the text of every part of a file, each part with
 * where it was ("footer", "tracked deletion", "page 3", "sheet 低保名单, cell D7 (hidden column)").
 * The detectors read `text`, the parts joined with PART_SEPARATOR; a finding's offsets are into
 * that text, and the part it falls in says where it was. A part that could not be read is listed
 * in `unread` and goes to a person like an unreadable file.
 */

/** A rectangle on a page, in the units of whoever measured it (OCR: image pixels; OFD: mm). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A stretch of a part with a location of its own, offsets into the part's text: an inserted run
 * inside a paragraph, one cell of a spreadsheet row. A finding there is reported at its location.
 */
export interface PartSpan {
  readonly start: number;
  readonly end: number;
  readonly location: string;
  /** Where on the page the span is (a line OCR read), when the part's box is not precise enough. */
  readonly box?: Box;
}

export interface TextPart {
  readonly location: string;
  readonly text: string;
  readonly page?: number;
  readonly box?: Box;
  readonly spans?: readonly PartSpan[];
  /**
   * The part repeats the text of another part around its spans (a paragraph as it read before its
   * tracked changes, so that a number half deleted is whole again): only the findings that touch a
   * span are its own; the rest are the other part's, already found there.
   */
  readonly spansOnly?: true;
}

/** A part the scanner could not read (an image-only page without OCR): a person must. */
export interface UnreadPart {
  readonly location: string;
  readonly reason: string;
  readonly page?: number;
}

export type ExtractedFormat = 'text' | 'html' | 'docx' | 'xlsx' | 'ofd' | 'doc' | 'pdf' | 'image';

export type Extraction =
  | {
      readonly ok: true;
      readonly format: ExtractedFormat;
      readonly parts: readonly TextPart[];
      /** The parts' text joined with PART_SEPARATOR: what the detectors read and offsets refer to. */
      readonly text: string;
      /** Some text came from OCR, which can misread a digit: the document always goes to a person. */
      readonly scanned?: true;
      readonly unread?: readonly UnreadPart[];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Optical character recognition of one image (PNG, JPEG, TIFF … as uploaded or embedded), page
 * being the page it is on. The parts it returns carry their page and box.
 */
export type Ocr = (image: Uint8Array, page?: number) => Promise<TextPart[]>;

/** What the extraction may use beyond the bytes. Without `ocr`, images stay unreadable. */
export interface ExtractOptions {
  readonly ocr?: Ocr;
  /** Why there is no `ocr` (the language data is missing …): added to the reason a scan is unread. */
  readonly ocrUnavailable?: string;
}

/** The reason a scan (or a page of one) is unread, with why OCR did not read it when it could not. */
export function unreadScanReason(reason: string, options: ExtractOptions): string {
  return options.ocr === undefined && options.ocrUnavailable ? `${reason}; ${options.ocrUnavailable}` : reason;
}

export interface ExtractHint {
  readonly filename?: string;
  readonly contentType?: string;
}

/**
 * Between parts: two line breaks end any number, word or line, so nothing found runs from one
 * part into the next (a number in a footer never continues one in the body).
 */
export const PART_SEPARATOR = '\n\n';

/** The text the detectors read: the parts' text joined with PART_SEPARATOR. */
export function joinParts(parts: readonly TextPart[]): string {
  return parts.map((part) => part.text).join(PART_SEPARATOR);
}

/** Where each part starts in the joined text. */
export function partStarts(parts: readonly TextPart[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const part of parts) {
    starts.push(at);
    at += part.text.length + PART_SEPARATOR.length;
  }
  return starts;
}

export interface Placed {
  readonly part: TextPart;
  readonly location: string;
  /** The span's box, else the part's. */
  readonly box?: Box;
  /** False when the part only repeats text found in another part (spansOnly, no span touched). */
  readonly own: boolean;
}

/**
 * The part a range of the joined text falls in (the one it starts in), and its location there:
 * the span's it touches, else the part's. `starts` is partStarts(parts).
 */
export function placeRange(
  parts: readonly TextPart[],
  starts: readonly number[],
  start: number,
  end: number,
): Placed | undefined {
  let lo = 0;
  let hi = parts.length - 1;
  let index = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) <= start) {
      index = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const part = parts[index];
  if (part === undefined) return undefined;
  const from = start - (starts[index] ?? 0);
  const to = Math.max(from, end - (starts[index] ?? 0));
  const span =
    part.spans?.find((s) => s.start <= from && from < s.end) ??
    part.spans?.find((s) => s.start < to && from < s.end) ??
    (from === to ? part.spans?.find((s) => s.start === from) : undefined);
  const box = span?.box ?? part.box;
  if (span) return { part, location: span.location, own: true, ...(box ? { box } : {}) };
  return { part, location: part.location, own: part.spansOnly !== true, ...(box ? { box } : {}) };
}

/** The parts that have text (a part of only white space is left out), with their joined text. */
export function withText(parts: readonly TextPart[]): { parts: TextPart[]; text: string } {
  const kept = parts.filter((part) => part.text.trim() !== '');
  return { parts: kept, text: joinParts(kept) };
}
