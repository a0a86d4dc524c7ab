import type { Appeals, Fees, RequestTable } from './model';
import { APPEAL_COUNT, REQUEST_COLUMNS, REQUEST_ROWS } from './template';

/**
 * The district's compiled tables 三 and 四 and its fees: the agencies' added up cell by cell. Sums
 * of tables that satisfy the identities satisfy them too (they are linear), so the compiled report
 * needs no figures of its own.
 */

export function sumRequests(tables: readonly RequestTable[]): RequestTable {
  const total = Object.fromEntries(
    REQUEST_ROWS.map((row) => [
      row,
      REQUEST_COLUMNS.map((_, i) => tables.reduce((sum, table) => sum + (table[row]?.[i] ?? 0), 0)),
    ]),
  );
  return total as unknown as RequestTable;
}

export function sumAppeals(list: readonly Appeals[]): Appeals {
  return Array.from({ length: APPEAL_COUNT }, (_, i) => list.reduce((sum, appeals) => sum + (appeals[i] ?? 0), 0));
}

/** Amounts keep four decimals (万元) and two (元). */
export function sumFees(list: readonly Fees[]): Fees {
  const add = (pick: (f: Fees) => number, places: number) =>
    Math.round(list.reduce((s, f) => s + pick(f), 0) * 10 ** places) / 10 ** places;
  return { charges: add((f) => f.charges, 4), processing: add((f) => f.processing, 2) };
}
