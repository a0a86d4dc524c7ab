/**
 * From what Tesseract returns (blocks → paragraphs → lines → words, each with a box) to the lines
 * OCR gives the review: one text part per line, with its page and box, so a finding in a scan says
 * where on the page it is. The text is tidied only where Tesseract's Chinese output differs from
 * what was printed: a single space it puts between Chinese characters goes, a colon between them
 * becomes the full-width one, and a wide gap (table cells, columns: Tesseract writes several
 * spaces) becomes three spaces, which end a number as between the cells of an HTML table. Digits
 * and letters are left as read (a space inside a number stays: joining could make one of two).
 */
import type { Page } from 'tesseract.js';
import type { Box, TextPart } from '../extraction';

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

/** The lines of a recognised page, in reading order, without the empty ones. */
export function pageLines(page: Page): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const text = tidy(line.text);
        if (text === '') continue;
        lines.push({
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
  return lines;
}

/** "page 3 (OCR)": where a finding in a scan was, and that a machine read it. */
export function ocrLocation(page: number): string {
  return `page ${page} (OCR)`;
}

export function lineParts(lines: readonly OcrLine[], page: number): TextPart[] {
  return lines.map((line) => ({ location: ocrLocation(page), text: line.text, page, box: line.box }));
}
