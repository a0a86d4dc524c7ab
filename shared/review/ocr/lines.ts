/**
 * From what Tesseract returns (blocks → paragraphs → lines → words, each with a box) to the lines
 * OCR gives the review: a page's lines, each with its box, so a finding in a scan says where on
 * the page it is. The text is tidied only where Tesseract's Chinese output differs from
 * what was printed: a single space it puts between Chinese characters goes, a colon between them
 * becomes the full-width one, and a wide gap (table cells, columns: Tesseract writes several
 * spaces) becomes three spaces, which end a number as between the cells of an HTML table. Digits
 * and letters are left as read (a space inside a number stays: joining could make one of two).
 */
import type { Page } from 'tesseract.js';
import type { Box, PartSpan, TextPart } from '../extraction';

export interface OcrWord {
  readonly text: string;
  /** Tesseract's confidence, 0–100. */
  readonly confidence: number;
  readonly box: Box;
}

export interface OcrLine {
  readonly text: string;
  readonly confidence: number;
  readonly box: Box;
  readonly words: readonly OcrWord[];
  /** The pieces the line was put together from, each with its box. */
  readonly cells?: readonly OcrCell[];
}

interface Bbox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

const box = ({ x0, y0, x1, y1 }: Bbox): Box => ({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });

/** Chinese characters and the full-width punctuation around them. */
const WIDE = '\\p{Script=Han}\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65';
const SPACE_BETWEEN_WIDE = new RegExp(`(?<=[${WIDE}]) (?=[${WIDE}])`, 'gu');
const COLON_BETWEEN_WIDE = new RegExp(`(?<=[${WIDE}])[ \\t]*[:：][ \\t]*(?=[${WIDE}\\p{Nd}A-Za-z])`, 'gu');

export function tidy(text: string): string {
  return text
    .replace(/[\t\u00a0]/g, ' ')
    .trim()
    .replace(/ {2,}/g, '   ')
    .replace(SPACE_BETWEEN_WIDE, '')
    .replace(COLON_BETWEEN_WIDE, '：');
}

/** What Tesseract read as one piece of a line: a table's cell, a line's stretch up to a wide gap. */
export interface OcrCell {
  readonly text: string;
  /** Where it starts in its line's text. */
  readonly start: number;
  readonly box: Box;
}

/**
 * The lines of a recognised page, top to bottom, without the empty ones. Tesseract reads the page
 * as sparse text (PSM 11, ./index.ts): every cell of a table, every stretch of a line between wide
 * gaps, on its own; the pieces that share a band of the page are put back together here as one
 * line, left to right, a wide gap (a column's) written as three spaces as between the cells of a
 * table elsewhere. So a roster's row is one line under its header line, whatever its layout.
 */
export function pageLines(page: Page): OcrLine[] {
  const pieces: OcrLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const text = tidy(line.text);
        if (text === '' || line.words.every(isSpeck)) continue;
        pieces.push({
          text,
          confidence: line.confidence,
          box: box(line.bbox),
          words: line.words
            .filter((word) => word.text.trim() !== '')
            .map((word) => ({ text: word.text, confidence: word.confidence, box: box(word.bbox) })),
        });
      }
    }
  }
  return bands(pieces).map(joinBand);
}

/**
 * What Tesseract makes of a speck, the rest of a rule or a stamp's edge: a few Latin letters it is
 * unsure of ("TF" at 21). A digit is never one: a number it is unsure of may still be an ID.
 */
const SPECK_CONFIDENCE = 30;
const isSpeck = (word: { readonly text: string; readonly confidence: number }) =>
  word.confidence < SPECK_CONFIDENCE && !/\p{Nd}/u.test(word.text);

/** How much of the lower of two boxes their heights share. */
function verticalOverlap(a: Box, b: Box): number {
  const shared = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return shared / Math.max(1, Math.min(a.height, b.height));
}

/** Pieces side by side (sharing half of the lower one's height) are one band, top to bottom. */
function bands(pieces: readonly OcrLine[]): OcrLine[][] {
  const found: Array<{ box: Box; pieces: OcrLine[] }> = [];
  for (const piece of [...pieces].sort((a, b) => a.box.y - b.box.y)) {
    let best: (typeof found)[number] | undefined;
    let bestOverlap = 0.5;
    for (const band of found) {
      const overlap = Math.min(...band.pieces.map((p) => verticalOverlap(p.box, piece.box)));
      if (overlap >= bestOverlap) {
        best = band;
        bestOverlap = overlap;
      }
    }
    if (best) {
      best.pieces.push(piece);
      best.box = union(best.box, piece.box);
    } else found.push({ box: piece.box, pieces: [piece] });
  }
  return found.sort((a, b) => a.box.y - b.box.y).map((band) => band.pieces.sort((a, b) => a.box.x - b.box.x));
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

const WIDE_CHAR = new RegExp(`^[${WIDE}]$`, 'u');

/** A band's pieces as one line: a gap wider than a character is a cell's, else a word's (none between Chinese). */
function joinBand(pieces: readonly OcrLine[]): OcrLine {
  let text = '';
  const cells: OcrCell[] = [];
  let previous: OcrLine | undefined;
  for (const piece of pieces) {
    if (previous) {
      const gap = piece.box.x - (previous.box.x + previous.box.width);
      const wide = gap > Math.max(previous.box.height, piece.box.height);
      const chinese = WIDE_CHAR.test(text.slice(-1)) && WIDE_CHAR.test(piece.text.charAt(0));
      text += wide ? '   ' : chinese ? '' : ' ';
    }
    cells.push({ text: piece.text, start: text.length, box: piece.box });
    text += piece.text;
    previous = piece;
  }
  const characters = pieces.reduce((n, p) => n + p.text.length, 0);
  return {
    text,
    confidence: pieces.reduce((n, p) => n + p.confidence * p.text.length, 0) / Math.max(1, characters),
    box: pieces.map((p) => p.box).reduce(union),
    words: pieces.flatMap((p) => p.words),
    cells,
  };
}

/** "page 3 (OCR)": where a finding in a scan was, and that a machine read it. */
export function ocrLocation(page: number): string {
  return `page ${page} (OCR)`;
}

/**
 * What OCR read on a page as one part, a line a line of its text, each cell of a line a span with
 * its box: a table's header line then names the cells of the rows below it for the detectors, as
 * in any table, and a finding's box is its cell's. No lines, no part.
 */
export function lineParts(lines: readonly OcrLine[], page: number): TextPart[] {
  if (lines.length === 0) return [];
  const location = ocrLocation(page);
  const spans: PartSpan[] = [];
  let at = 0;
  for (const line of lines) {
    for (const cell of line.cells ?? [{ text: line.text, start: 0, box: line.box }]) {
      spans.push({ start: at + cell.start, end: at + cell.start + cell.text.length, location, box: cell.box });
    }
    at += line.text.length + 1;
  }
  return [{ location, text: lines.map((line) => line.text).join('\n'), page, spans }];
}
