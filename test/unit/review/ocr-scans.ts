/**
 * Scans made in the tests: Chinese text drawn with Debian's Noto CJK font (fonts-noto-cjk) by
 * @napi-rs/canvas into a PNG or JPEG, and image-only PDFs of them (pdf-lib), as a scanner or a
 * phone would make them. The OCR tests read these back.
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { degrees, PDFDocument } from 'pdf-lib';

export const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const FAMILY = 'Noto Sans CJK SC';

let registered = false;
function font(): void {
  if (registered) return;
  if (!existsSync(CJK_FONT)) throw new Error(`${CJK_FONT} is missing: apt-get install fonts-noto-cjk`);
  GlobalFonts.registerFromPath(CJK_FONT, FAMILY);
  registered = true;
}

export interface ScanOptions {
  /** @default 1700 px (A4 width at 200 dpi is 1654) */
  readonly width?: number;
  /** @default enough for the lines */
  readonly height?: number;
  /** @default 40 px (about 14 pt at 200 dpi) */
  readonly fontSize?: number;
  /** Grey speckles, as a scanner adds. @default 0 */
  readonly noise?: number;
  readonly format?: 'png' | 'jpeg';
}

/** The lines drawn black on white, one under the other, from the top left. */
export function renderScan(lines: readonly string[], options: ScanOptions = {}): Uint8Array {
  font();
  const size = options.fontSize ?? 40;
  const width = options.width ?? 1700;
  const height = options.height ?? Math.max(200, 120 + lines.length * size * 2);
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#000000';
  g.font = `${size}px "${FAMILY}"`;
  lines.forEach((line, i) => {
    g.fillText(line, 80, 80 + size + i * size * 2);
  });
  // A fixed pseudo-random sequence: the same speckles every run.
  let seed = 7;
  g.fillStyle = '#777777';
  for (let i = 0; i < (options.noise ?? 0); i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const x = seed % width;
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    g.fillRect(x, seed % height, 2, 2);
  }
  return new Uint8Array(options.format === 'jpeg' ? canvas.toBuffer('image/jpeg', 90) : canvas.toBuffer('image/png'));
}

export interface TableScanOptions {
  /** @default 1700 px */
  readonly width?: number;
  /** @default 36 px */
  readonly fontSize?: number;
  /** @default 'png' */
  readonly format?: 'png' | 'jpeg';
  /** A title line above the table. */
  readonly title?: string;
}

/**
 * A ruled table as a printed roster has it: a grid of 3 px lines, a header row, the cells' text
 * from their left edge; columns as wide as their longest cell.
 */
export function renderTable(rows: ReadonlyArray<readonly string[]>, options: TableScanOptions = {}): Uint8Array {
  font();
  const size = options.fontSize ?? 36;
  const width = options.width ?? 1700;
  const rowHeight = Math.round(size * 2.2);
  const top = options.title ? 80 + size * 2 : 80;
  const height = top + rows.length * rowHeight + 80;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#000000';
  g.font = `${size}px "${FAMILY}"`;
  if (options.title) g.fillText(options.title, 80, 80 + size);
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from(
    { length: columns },
    (_, c) => Math.max(...rows.map((row) => g.measureText(row[c] ?? '').width)) + size * 1.5,
  );
  const edges = [60];
  for (const w of widths) edges.push((edges[edges.length - 1] ?? 60) + w);
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      g.fillText(cell, (edges[c] ?? 0) + size * 0.5, top + r * rowHeight + rowHeight * 0.68);
    });
  });
  g.strokeStyle = '#000000';
  g.lineWidth = 3;
  const right = edges[edges.length - 1] ?? width;
  for (let r = 0; r <= rows.length; r++) {
    g.beginPath();
    g.moveTo(60, top + r * rowHeight);
    g.lineTo(right, top + r * rowHeight);
    g.stroke();
  }
  for (const x of edges) {
    g.beginPath();
    g.moveTo(x, top);
    g.lineTo(x, top + rows.length * rowHeight);
    g.stroke();
  }
  return new Uint8Array(options.format === 'jpeg' ? canvas.toBuffer('image/jpeg', 90) : canvas.toBuffer('image/png'));
}

export interface PdfScanOptions {
  /** The page's /Rotate, with the image stored turned the other way so the page reads upright. */
  readonly rotate?: 0 | 90 | 180 | 270;
  /** The scan's resolution: the page is the image's size at it. @default 216 (1785 × 2526 px is A4) */
  readonly dpi?: number;
}

/** An image-only PDF: a page for each image, the image filling it. JPEG embeds fastest. */
export async function scanPdf(images: readonly Uint8Array[], options: PdfScanOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const dpi = options.dpi ?? 216;
  for (const bytes of images) {
    const image = bytes[0] === 0x89 ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
    const [w, h] = [(image.width * 72) / dpi, (image.height * 72) / dpi];
    const rotate = options.rotate ?? 0;
    // Stored turned by -rotate, shown turned by +rotate: what a scanner writes when the sheet went
    // in sideways and its software fixed it with /Rotate. pdf-lib turns an image counter-clockwise
    // about its lower left corner.
    const turned = rotate === 90 || rotate === 270;
    const page = doc.addPage(turned ? [h, w] : [w, h]);
    page.setRotation(degrees(rotate));
    const at = { 0: { x: 0, y: 0 }, 90: { x: h, y: 0 }, 180: { x: w, y: h }, 270: { x: 0, y: w } }[rotate];
    page.drawImage(image, { ...at, width: w, height: h, rotate: degrees(rotate) });
  }
  return doc.save();
}
