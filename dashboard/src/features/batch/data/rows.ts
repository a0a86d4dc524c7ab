import { type CheckedRow, checkRows, type Preflight, preflight } from '../../../../../shared/pipeline/batch/check';
import {
  cellsOf,
  columnOfHeader,
  layoutOf,
  MANIFEST_COLUMNS,
  type RowContext,
} from '../../../../../shared/pipeline/batch/manifest';
import { readManifest, readPasted } from '../../../../../shared/pipeline/batch/read';

/** The grid's columns: every column of the manifest but the file type, which the file's name gives. */
export const GRID_COLUMNS: readonly string[] = MANIFEST_COLUMNS.filter((c) => c !== 'contentType');

/** One row of the grid: its cells by column. Its number is its place in the grid (from 1). */
export type GridRow = Record<string, string>;

export const emptyRow = (): GridRow => Object.fromEntries(GRID_COLUMNS.map((c) => [c, '']));

/** A manifest file read in the browser with the importer's own reader: its rows by column, or why it cannot be read. */
export async function rowsOfManifest(file: File): Promise<{ rows: GridRow[] } | { error: string }> {
  try {
    const table = readManifest(new Uint8Array(await file.arrayBuffer()), file.name);
    const layout = layoutOf(table.header);
    if (layout.problems.length > 0) return { error: layout.problems.map((p) => p.reason).join('; ') };
    return { rows: table.rows.map((r) => ({ ...emptyRow(), ...cellsOf(layout, r.cells) })) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Rows pasted into the grid at (row, column). When the first pasted row is a header (most of its
 * cells name columns), each column goes where its header says; else the cells fill the grid from
 * the cell pasted into, rightwards and down, as in a spreadsheet.
 */
export function pasteInto(rows: readonly GridRow[], text: string, at: { row: number; column: string }): GridRow[] {
  const pasted = readPasted(text);
  if (pasted.length === 0) return [...rows];
  const [first = [], ...rest] = pasted;
  const named = first.map((cell) => columnOfHeader(cell));
  const isHeader = named.filter(Boolean).length >= Math.max(2, Math.ceil(first.length / 2));
  const next = rows.map((r) => ({ ...r }));
  if (isHeader) {
    // A header pasted into an empty grid replaces it; else its rows are added below.
    const base = next.every((r) => Object.values(r).every((v) => v.trim() === '')) ? [] : next;
    for (const cells of rest) {
      const row = emptyRow();
      cells.forEach((cell, i) => {
        const column = named[i];
        if (column && column in row) row[column] = cell;
      });
      base.push(row);
    }
    return base;
  }
  const start = Math.max(0, GRID_COLUMNS.indexOf(at.column));
  pasted.forEach((cells, i) => {
    const index = at.row + i;
    while (next.length <= index) next.push(emptyRow());
    cells.forEach((cell, j) => {
      const column = GRID_COLUMNS[start + j];
      if (column) (next[index] as GridRow)[column] = cell;
    });
  });
  return next;
}

export interface Checked {
  readonly rows: readonly CheckedRow[];
  readonly preflight: Preflight;
  /** `${row}:${column}` → the reason, for the grid's cells. */
  readonly cellErrors: ReadonlyMap<string, string>;
}

/** Every row checked exactly as the server will check it (shared/pipeline/batch/check.ts), with the chosen files. */
export function checkGrid(rows: readonly GridRow[], files: ReadonlyMap<string, File>, context: RowContext): Checked {
  const filled = rows
    .map((cells, i) => ({ row: i + 1, cells }))
    .filter(({ cells }) => Object.values(cells).some((v) => v.trim() !== ''));
  const checked = checkRows(filled, context);
  const sizes = new Map([...files].map(([name, file]) => [name, file.size]));
  const result = preflight(checked, sizes);
  const cellErrors = new Map<string, string>();
  for (const problem of result.invalid) cellErrors.set(`${problem.row}:${problem.column}`, problem.reason);
  return { rows: checked, preflight: result, cellErrors };
}
