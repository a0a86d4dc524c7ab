import type { CellProblem } from '../../model/batch';
import { MAX_UPLOAD_BYTES } from '../../model/document';
import { checkRow, FILE_COLUMN, type RowCells, type RowContext, type RowResult } from './manifest';

/** A row checked, in its batch: a row naming a file an earlier row names is refused as a duplicate. */
export interface CheckedRow {
  readonly row: number;
  readonly cells: RowCells;
  readonly result: RowResult;
  /** It names a file an earlier row names: it gets an entry of its own, never the file's. */
  readonly duplicate: boolean;
}

/**
 * Checks every row of a batch with the registration schema (checkRow), and each file named once:
 * the importer, the API, the CLI's dry run and the dashboard all check rows here.
 */
export function checkRows(
  rows: ReadonlyArray<{ readonly row: number; readonly cells: RowCells }>,
  context: RowContext,
  headers: Readonly<Record<string, string>> = {},
): CheckedRow[] {
  const named = new Map<string, number>();
  return rows.map(({ row, cells }) => {
    const result = checkRow(cells, context, headers);
    const first = result.file ? named.get(result.file) : undefined;
    if (result.file && first !== undefined) {
      const problems = [
        { column: headers[FILE_COLUMN] ?? FILE_COLUMN, reason: `file ${result.file} is named by row ${first} too` },
      ];
      return { row, cells, result: { ok: false, file: result.file, problems }, duplicate: true };
    }
    if (result.file) named.set(result.file, row);
    return { row, cells, result, duplicate: false };
  });
}

/** A file the folder has but the flow cannot take (over the size limit) is a problem of its row. */
export function againstFile(result: RowResult, size: number | undefined): RowResult {
  if (!result.ok || size === undefined || size <= MAX_UPLOAD_BYTES) return result;
  const problems = [{ column: FILE_COLUMN, reason: `file is ${size} bytes; the limit is ${MAX_UPLOAD_BYTES}` }];
  return { ok: false, file: result.file, problems };
}

/** What a batch's rows and its files say before anything is sent (the CLI's dry run, the dashboard). */
export interface Preflight {
  readonly rows: number;
  readonly valid: number;
  readonly invalid: ReadonlyArray<{ readonly row: number; readonly file?: string } & CellProblem>;
  readonly filesWithoutRow: readonly string[];
  readonly rowsWithoutFile: ReadonlyArray<{ readonly row: number; readonly file: string }>;
}

export function preflight(checked: readonly CheckedRow[], files: ReadonlyMap<string, number>): Preflight {
  const named = new Set(checked.map((c) => c.result.file).filter((f): f is string => !!f));
  const results = checked.map((c) => ({
    row: c.row,
    result: againstFile(c.result, c.result.file ? files.get(c.result.file) : undefined),
  }));
  return {
    rows: checked.length,
    valid: results.filter((r) => r.result.ok).length,
    invalid: results.flatMap(({ row, result }) =>
      result.ok ? [] : result.problems.map((p) => ({ row, ...(result.file ? { file: result.file } : {}), ...p })),
    ),
    filesWithoutRow: [...files.keys()].filter((f) => !named.has(f)).sort(),
    rowsWithoutFile: results
      .filter(({ result }) => result.ok && !files.has(result.file))
      .map(({ row, result }) => ({ row, file: result.file as string })),
  };
}
