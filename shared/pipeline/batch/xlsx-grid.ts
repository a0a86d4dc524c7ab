import { SaxesParser } from 'saxes';
import { MAX_MANIFEST_ROWS } from '../../model/batch';
import { ZipArchive } from '../../review/zip';

/**
 * The first sheet of an XLSX manifest as a grid of cell texts. On the review's bounded ZIP reader
 * (shared/review/zip.ts: sizes checked as declared and while inflating), parsed with saxes, which
 * refuses DTD entities — a manifest comes from outside like any upload. Runs in the browser too
 * (fflate and saxes are plain JavaScript), so the dashboard reads the same manifest the importer
 * does. The review's own XLSX reader (shared/review/formats/xlsx.ts) reads text for the detectors,
 * not a grid: it leaves out empty cells and TRUE/FALSE, which a manifest's columns need.
 */

const LIMITS = { entries: 2_000, entryBytes: 50 * 1024 * 1024, totalBytes: 100 * 1024 * 1024, label: 'XLSX manifest' };
const MAX_COLUMNS = 100;

export class ManifestReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestReadError';
  }
}

interface XmlHandlers {
  open?(name: string, attributes: Readonly<Record<string, string>>): void;
  text?(text: string): void;
  close?(name: string): void;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function parse(zip: ZipArchive, part: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attributes[localName(key)] = String(value);
    handlers.open?.(localName(tag.name), attributes);
  });
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.on('closetag', (tag) => handlers.close?.(localName(tag.name)));
  parser.write(new TextDecoder('utf-8').decode(zip.read(part))).close();
}

/** Relationship id → target part, for a part's `_rels`. */
function relationships(zip: ZipArchive, part: string): Map<string, { target: string; type: string }> {
  const dir = part.slice(0, part.lastIndexOf('/') + 1);
  const rels = `${dir}_rels/${part.slice(dir.length)}.rels`;
  const found = new Map<string, { target: string; type: string }>();
  if (!zip.has(rels)) return found;
  parse(zip, rels, {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') {
        const target = a.Target.startsWith('/') ? a.Target.slice(1) : normalise(dir + a.Target);
        found.set(a.Id, { target, type: a.Type ?? '' });
      }
    },
  });
  return found;
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

function columnNumber(ref: string): number | undefined {
  const letters = /^([A-Za-z]{1,3})\d+$/.exec(ref)?.[1];
  if (!letters) return undefined;
  let n = 0;
  for (const char of letters.toUpperCase()) n = n * 26 + (char.charCodeAt(0) - 64);
  return n;
}

/** Row number → cells (index 0 is column A), for the workbook's first sheet. */
export function readXlsxGrid(bytes: Uint8Array): Array<{ row: number; cells: string[] }> {
  let zip: ZipArchive;
  try {
    zip = new ZipArchive(bytes, LIMITS);
  } catch (err) {
    throw new ManifestReadError(`not a readable XLSX file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const workbook = 'xl/workbook.xml';
  if (!zip.has(workbook)) throw new ManifestReadError('not an XLSX workbook (no xl/workbook.xml)');
  try {
    const rels = relationships(zip, workbook);
    let first: string | undefined;
    parse(zip, workbook, {
      open(name, a) {
        if (name === 'sheet' && first === undefined && a.id) first = rels.get(a.id)?.target;
      },
    });
    if (!first || !zip.has(first)) throw new ManifestReadError('the workbook has no sheet');
    const sharedPart = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const strings = sharedPart && zip.has(sharedPart) ? sharedStrings(zip, sharedPart) : [];
    return sheetRows(zip, first, strings);
  } catch (err) {
    if (err instanceof ManifestReadError) throw err;
    throw new ManifestReadError(
      `the XLSX manifest cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function sharedStrings(zip: ZipArchive, part: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inText = 0;
  let phonetic = 0;
  parse(zip, part, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 't') inText++;
      else if (name === 'rPh') phonetic++;
    },
    text(text) {
      if (inText > 0 && phonetic === 0) current += text;
    },
    close(name) {
      if (name === 'si') strings.push(current);
      else if (name === 't') inText = Math.max(0, inText - 1);
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
    },
  });
  return strings;
}

function sheetRows(zip: ZipArchive, part: string, strings: readonly string[]) {
  const rows: Array<{ row: number; cells: string[] }> = [];
  let row: { row: number; cells: string[] } | undefined;
  let column = 0;
  let type = 'n';
  let value = '';
  let inValue = false;
  let inInline = 0;
  parse(zip, part, {
    open(name, a) {
      if (name === 'row') {
        const r = Number(a.r);
        row = { row: Number.isInteger(r) && r > 0 ? r : (rows.at(-1)?.row ?? 0) + 1, cells: [] };
        column = 0;
        if (rows.length > MAX_MANIFEST_ROWS + 1) throw new ManifestReadError(`more than ${MAX_MANIFEST_ROWS} rows`);
      } else if (name === 'c') {
        column = columnNumber(a.r ?? '') ?? column + 1;
        if (column > MAX_COLUMNS) throw new ManifestReadError(`a row has more than ${MAX_COLUMNS} columns`);
        type = a.t ?? 'n';
        value = '';
      } else if (name === 'v') inValue = true;
      else if (name === 'is') inInline++;
    },
    text(text) {
      if (inValue || inInline > 0) value += text;
    },
    close(name) {
      if (name === 'v') inValue = false;
      else if (name === 'is') inInline = Math.max(0, inInline - 1);
      else if (name === 'c' && row) row.cells[column - 1] = cellText(type, value, strings);
      else if (name === 'row' && row) {
        rows.push({ row: row.row, cells: Array.from(row.cells, (cell) => cell ?? '') });
        row = undefined;
      }
    },
  });
  return rows;
}

function cellText(type: string, value: string, strings: readonly string[]): string {
  if (type === 's') return strings[Number(value)] ?? '';
  if (type === 'b') return value === '1' ? 'TRUE' : 'FALSE';
  if (type === 'e') return '';
  return value;
}
