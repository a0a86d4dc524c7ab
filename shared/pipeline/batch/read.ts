import { CsvSyntaxError, decodeCsv, parseCsv } from '../../directory/csv';
import { MAX_MANIFEST_BYTES, MAX_MANIFEST_ROWS } from '../../model/batch';
import type { ManifestTable } from './manifest';
import { ManifestReadError, readXlsxGrid } from './xlsx-grid';

export { ManifestReadError } from './xlsx-grid';

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/**
 * A manifest file as a table: CSV (UTF-8, or GB18030 as spreadsheets in China save it; the
 * directory import's RFC 4180 reader) or XLSX (its first sheet). The first non-blank row is the
 * header; blank rows are left out; each row keeps the spreadsheet row it is on.
 */
export function readManifest(bytes: Uint8Array, name: string): ManifestTable {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    throw new ManifestReadError(`the manifest is ${bytes.byteLength} bytes; at most ${MAX_MANIFEST_BYTES}`);
  }
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return tableOf(readXlsxGrid(bytes));
  if (lower.endsWith('.csv')) {
    try {
      return tableOf(parseCsv(decodeCsv(bytes)).map((record) => ({ row: record.line, cells: [...record.fields] })));
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw new ManifestReadError(`CSV ${err.message}`);
      throw err;
    }
  }
  throw new ManifestReadError(`${name}: a manifest is a .csv or .xlsx file`);
}

/**
 * Rows pasted from a spreadsheet: tab-separated, lines apart, a cell holding a tab, a line break or
 * a quote quoted as Excel quotes it. Rows are numbered from 1 in the order pasted.
 */
export function readPasted(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/\r\n?/g, '\n');
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((r) => !isBlank(r));
}

function tableOf(rows: ReadonlyArray<{ row: number; cells: string[] }>): ManifestTable {
  const filled = rows.filter((r) => !isBlank(r.cells));
  const [header, ...data] = filled;
  if (!header) throw new ManifestReadError('the manifest is empty: a header row and a row per document');
  if (data.length > MAX_MANIFEST_ROWS) throw new ManifestReadError(`more than ${MAX_MANIFEST_ROWS} rows`);
  return { header: header.cells, rows: data };
}
