/**
 * Legacy Word 97–2003 (.doc, [MS-DOC]) on the bounded compound-file reader (./cfb.ts): the text
 * of every story — body, footnotes, headers and footers, comments, endnotes, text boxes — from the
 * piece table, tracked insertions and deletions from the character properties (sprmCFRMarkIns /
 * sprmCFRMarkDel), and the summary information (author, last saved by, company …).
 *
 * Not word-extractor: it drops deleted text (the leak that hides in a tracked deletion) and
 * follows sector chains without a bound (a looping chain never ends). Everything here is bounded
 * by the file: chains visit each sector once, the text is at most the character counts the FIB
 * declares and SCAN_LIMITS.textChars.
 */
import type { Extraction, TextPart } from '../extraction';
import { SCAN_LIMITS } from '../limits';
import { CompoundFile } from './cfb';
import { failure, finish, tooMuchText } from './common';
import { type Mark, Paragraph, storyParts } from './revisions';

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

export async function fromDoc(bytes: Uint8Array): Promise<Extraction> {
  let cfb: CompoundFile;
  try {
    cfb = new CompoundFile(bytes);
  } catch (error) {
    return failure(error, 'Office 97–2003 file is corrupt or unreadable');
  }
  if (!cfb.has('WordDocument')) {
    const what = cfb.has('Workbook') || cfb.has('Book') ? 'an Excel 97–2003 workbook (.xls)' : 'not a Word document';
    return { ok: false, reason: `legacy Office 97–2003 file is ${what}: save it as .docx, .xlsx or PDF` };
  }
  let parts: TextPart[];
  try {
    parts = readDoc(cfb);
  } catch (error) {
    if (error instanceof Encrypted) return { ok: false, reason: 'DOC is password-protected' };
    return failure(error, 'DOC is corrupt or unreadable');
  }
  return finish(parts, 'doc', { empty: 'DOC has no text (images only?)' });
}

class Encrypted extends Error {}

interface Piece {
  readonly cp: number;
  readonly length: number;
  /** Byte offset of the piece's text in the WordDocument stream. */
  readonly fc: number;
  readonly compressed: boolean;
}

/** The stories in the order of their character positions ([MS-DOC] 2.3.1 … 2.3.8). */
const STORIES = [
  ['body', 0x4c],
  ['footnote', 0x50],
  ['header', 0x54],
  ['comment', 0x5c],
  ['endnote', 0x60],
  ['text box', 0x64],
  ['header, text box', 0x68],
] as const;

function readDoc(cfb: CompoundFile): TextPart[] {
  const word = cfb.stream('WordDocument');
  if (u16(word, 0) !== 0xa5ec) throw new Error('WordDocument has no Word 97 FIB');
  const flags = u16(word, 0x0a);
  if (flags & 0x0100) throw new Encrypted();
  const table = cfb.stream(flags & 0x0200 ? '1Table' : '0Table');

  const lengths = STORIES.map(([, at]) => u32(word, at));
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total > SCAN_LIMITS.textChars) throw tooMuchText('doc');
  const pieces = pieceTable(word, table, total);
  const text = textOf(word, pieces, total);
  const marks = revisionMarks(word, table, pieces, total);

  const parts: TextPart[] = [];
  let cp = 0;
  STORIES.forEach(([story], i) => {
    const length = lengths[i] ?? 0;
    if (story === 'header') parts.push(...headerStories(table, word, text, marks, cp, length));
    else if (length > 0) parts.push(...storyParts(story, paragraphs(text, marks, cp, cp + length)));
    cp += length;
  });
  parts.push(...summary(cfb));
  return parts;
}

/** The piece table (Clx → Pcdt → PlcPcd): where each run of characters is stored. */
function pieceTable(word: Uint8Array, table: Uint8Array, total: number): Piece[] {
  const fcClx = u32(word, 0x01a2);
  const lcbClx = u32(word, 0x01a6);
  if (fcClx + lcbClx > table.length) throw new Error('the piece table lies outside the table stream');
  let at = fcClx;
  const end = fcClx + lcbClx;
  while (at < end && table[at] === 0x01) at += 3 + u16(table, at + 1); // Prc: property modifiers
  if (table[at] !== 0x02) throw new Error('no piece table');
  const lcb = u32(table, at + 1);
  const plc = at + 5;
  if (plc + lcb > table.length || lcb < 16) throw new Error('broken piece table');
  const n = Math.floor((lcb - 4) / 12);
  const pieces: Piece[] = [];
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const cp = u32(table, plc + i * 4);
    const next = u32(table, plc + (i + 1) * 4);
    if (cp < previous || next < cp) throw new Error('piece table out of order');
    previous = next;
    if (cp >= total) break;
    const raw = u32(table, plc + (n + 1) * 4 + i * 8 + 2);
    const compressed = (raw & 0x40000000) !== 0;
    const fc = compressed ? (raw & 0x3fffffff) / 2 : raw;
    const length = Math.min(next, total) - cp;
    if (fc + length * (compressed ? 1 : 2) > word.length) throw new Error('a piece lies outside the document');
    pieces.push({ cp, length, fc, compressed });
  }
  return pieces;
}

function textOf(word: Uint8Array, pieces: readonly Piece[], total: number): string {
  const chunks: string[] = [];
  let cp = 0;
  for (const piece of pieces) {
    if (piece.cp > cp) chunks.push(' '.repeat(piece.cp - cp));
    const bytes = word.subarray(piece.fc, piece.fc + piece.length * (piece.compressed ? 1 : 2));
    chunks.push(new TextDecoder(piece.compressed ? 'windows-1252' : 'utf-16le').decode(bytes));
    cp = piece.cp + piece.length;
  }
  const text = chunks.join('');
  return text.length >= total ? text.slice(0, total) : text + ' '.repeat(total - text.length);
}

/**
 * Per character: inserted or deleted under revision marking, from the character property runs
 * (PlcBteChpx → ChpxFkp pages → sprmCFRMarkIns 0x0801, sprmCFRMarkDel 0x0800), which are by byte
 * offset and mapped to characters through the pieces.
 */
function revisionMarks(word: Uint8Array, table: Uint8Array, pieces: readonly Piece[], total: number): Uint8Array {
  const marks = new Uint8Array(total);
  const fcPlc = u32(word, 0x00fa);
  const lcbPlc = u32(word, 0x00fe);
  if (lcbPlc < 12 || fcPlc + lcbPlc > table.length) return marks;
  const n = Math.floor((lcbPlc - 4) / 8);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const pn = u32(table, fcPlc + (n + 1) * 4 + i * 4) & 0x3fffff;
    if (seen.has(pn) || (pn + 1) * 512 > word.length) continue;
    seen.add(pn);
    const page = word.subarray(pn * 512, pn * 512 + 512);
    const runs = page[511] ?? 0;
    for (let j = 0; j < runs; j++) {
      const from = u32(page, j * 4);
      const to = u32(page, (j + 1) * 4);
      const offset = (page[(runs + 1) * 4 + j] ?? 0) * 2;
      if (offset === 0 || to <= from) continue;
      const size = page[offset] ?? 0;
      const mark = revisionOf(page.subarray(offset + 1, offset + 1 + size));
      if (mark !== 0) markBytes(marks, pieces, from, to, mark);
    }
  }
  return marks;
}

/** 1 inserted, 2 deleted, 0 neither, from a grpprl of character sprms. */
function revisionOf(grpprl: Uint8Array): number {
  let mark = 0;
  for (let at = 0; at + 2 <= grpprl.length; ) {
    const sprm = u16(grpprl, at);
    const operand = grpprl[at + 2] ?? 0;
    if (sprm === 0x0800 && operand & 1) mark = 2;
    else if (sprm === 0x0801 && operand & 1 && mark === 0) mark = 1;
    const spra = sprm >> 13;
    const size = [1, 1, 2, 4, 2, 2, -1, 3][spra] ?? 1;
    at += 2 + (size < 0 ? 1 + operand : size);
  }
  return mark;
}

function markBytes(marks: Uint8Array, pieces: readonly Piece[], from: number, to: number, mark: number): void {
  for (const piece of pieces) {
    const width = piece.compressed ? 1 : 2;
    const start = Math.max(from, piece.fc);
    const end = Math.min(to, piece.fc + piece.length * width);
    if (start >= end) continue;
    const a = piece.cp + Math.floor((start - piece.fc) / width);
    const b = piece.cp + Math.ceil((end - piece.fc) / width);
    marks.fill(mark, Math.min(a, marks.length), Math.min(b, marks.length));
  }
}

/**
 * Characters [from, to) as paragraphs: 0x0D ends a paragraph, 0x07 a table cell (a tab), 0x0B and
 * 0x0C break lines; a field's instructions (between 0x13 and 0x14) are left out, its result kept;
 * other control characters (pictures, note references) are dropped.
 */
function paragraphs(text: string, marks: Uint8Array, from: number, to: number): Paragraph[] {
  const out: Paragraph[] = [];
  let p = new Paragraph();
  const fields: boolean[] = [];
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x13) {
      fields.push(false);
      continue;
    }
    if (code === 0x14) {
      if (fields.length > 0) fields[fields.length - 1] = true;
      continue;
    }
    if (code === 0x15) {
      fields.pop();
      continue;
    }
    if (fields.some((result) => !result)) continue;
    if (code === 0x0d) {
      out.push(p);
      p = new Paragraph();
      continue;
    }
    const char =
      code === 0x07 || code === 0x09
        ? '\t'
        : code === 0x0b || code === 0x0c || code === 0x0e
          ? '\n'
          : code === 0x1e
            ? '-'
            : code < 0x20 || code === 0x1f
              ? ''
              : text.charAt(i);
    if (char === '') continue;
    const mark: Mark = marks[i] === 2 ? 'deleted' : marks[i] === 1 ? 'inserted' : 'normal';
    p.add(char, mark);
  }
  out.push(p);
  return out;
}

/**
 * The header story, split by PlcfHdd into headers and footers: six separator stories first, then
 * per section even/odd header, even/odd footer, first-page header and footer.
 */
function headerStories(
  table: Uint8Array,
  word: Uint8Array,
  text: string,
  marks: Uint8Array,
  start: number,
  length: number,
): TextPart[] {
  if (length === 0) return [];
  const fc = u32(word, 0x00f2);
  const lcb = u32(word, 0x00f6);
  if (lcb < 8 || fc + lcb > table.length) return storyParts('header', paragraphs(text, marks, start, start + length));
  const count = Math.floor(lcb / 4);
  const header: Paragraph[] = [];
  const footer: Paragraph[] = [];
  for (let i = 0; i + 1 < count; i++) {
    const a = start + Math.min(u32(table, fc + i * 4), length);
    const b = start + Math.min(u32(table, fc + (i + 1) * 4), length);
    if (b <= a || i < 6) continue;
    const kind = (i - 6) % 6;
    (kind === 2 || kind === 3 || kind === 5 ? footer : header).push(...paragraphs(text, marks, a, b));
  }
  return [...storyParts('header', header), ...storyParts('footer', footer)];
}

/** \x05SummaryInformation and \x05DocumentSummaryInformation: the fields people type in. */
const SUMMARY: ReadonlyArray<readonly [string, Readonly<Record<number, string>>]> = [
  ['\x05SummaryInformation', { 2: 'title', 3: 'subject', 4: 'author', 5: 'keywords', 6: 'comments', 8: 'lastSavedBy' }],
  ['\x05DocumentSummaryInformation', { 2: 'category', 14: 'manager', 15: 'company' }],
];

function summary(cfb: CompoundFile): TextPart[] {
  const lines: string[] = [];
  for (const [name, fields] of SUMMARY) {
    if (!cfb.has(name)) continue;
    try {
      lines.push(...propertySet(cfb.stream(name), fields));
    } catch {
      // A broken property set hides no text the document shows; the stories were read.
    }
  }
  return lines.length > 0 ? [{ location: 'document properties', text: lines.join('\n') }] : [];
}

/**
 * The Windows code pages property sets are written in, as the WHATWG labels of Node's decoders (the
 * Encoding Standard's: what a .doc from an office in China, Taiwan, Japan, Korea or the West uses).
 */
const ENCODING_OF_CODEPAGE: Readonly<Record<number, string>> = {
  65001: 'utf-8',
  1200: 'utf-16le',
  1201: 'utf-16be',
  936: 'gbk',
  54936: 'gb18030',
  950: 'big5',
  932: 'shift_jis',
  949: 'euc-kr',
  874: 'windows-874',
  1250: 'windows-1250',
  1251: 'windows-1251',
  1252: 'windows-1252',
  1253: 'windows-1253',
  1254: 'windows-1254',
  1255: 'windows-1255',
  1256: 'windows-1256',
  1257: 'windows-1257',
  1258: 'windows-1258',
  10000: 'macintosh',
  20866: 'koi8-r',
  28591: 'iso-8859-1',
  28592: 'iso-8859-2',
  28605: 'iso-8859-15',
};

/** The string properties of the first property set ([MS-OLEPS] 2.21): VT_LPSTR in its code page, VT_LPWSTR. */
function propertySet(stream: Uint8Array, fields: Readonly<Record<number, string>>): string[] {
  const set = u32(stream, 44);
  if (set + 8 > stream.length) return [];
  const count = Math.min(u32(stream, set + 4), 1000);
  const entries: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) entries.push([u32(stream, set + 8 + i * 8), set + u32(stream, set + 12 + i * 8)]);
  const codepageAt = entries.find(([id]) => id === 1)?.[1];
  const codepage = codepageAt !== undefined ? u16(stream, codepageAt + 4) : 1252;
  const encoding = ENCODING_OF_CODEPAGE[codepage];
  const lines: string[] = [];
  for (const [id, at] of entries) {
    const field = fields[id];
    if (!field || at + 8 > stream.length) continue;
    const type = u32(stream, at);
    const size = u32(stream, at + 4);
    let value = '';
    if (type === 0x1e) {
      const bytes = stream.subarray(at + 8, Math.min(stream.length, at + 8 + size));
      value = encoding ? new TextDecoder(encoding).decode(bytes) : '';
    } else if (type === 0x1f) {
      value = new TextDecoder('utf-16le').decode(stream.subarray(at + 8, Math.min(stream.length, at + 8 + size * 2)));
    }
    value = value.replace(/\0+$/, '').trim();
    if (value) lines.push(`${field}: ${value}`);
  }
  return lines;
}
