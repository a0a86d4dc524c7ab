import { type BatchEntry, type BatchRecord, MANIFEST_NAMES } from '../../model/batch';
import { batchReportKey } from '../../model/object-keys';
import type { PipelineDeps } from '../deps';

/**
 * A batch's report (report.json next to the manifest, and the batch view): every refused row with
 * its column and reason, the files no row names, the rows whose file is not in the folder.
 */
export interface BatchReport {
  readonly batch: string;
  readonly agency: string;
  /** manifest.csv, manifest.xlsx, or null when rows came from the dashboard or single uploads. */
  readonly manifest: string | null;
  /** Rows the manifest has (rows sent through the API, single uploads: those recorded). */
  readonly rows: number;
  /** Rows registered as documents. */
  readonly registered: number;
  /** Files handed to the flow from the folder. */
  readonly started: number;
  /** A problem per refused cell, by row; row 1 is the header (a problem of the whole manifest). */
  readonly invalid: ReadonlyArray<{
    readonly row: number;
    readonly file?: string;
    readonly column: string;
    readonly reason: string;
  }>;
  readonly filesWithoutRow: readonly string[];
  readonly rowsWithoutFile: ReadonlyArray<{ readonly row: number; readonly file: string }>;
}

export function batchReport(batch: BatchRecord, entries: readonly BatchEntry[]): BatchReport {
  const rows = entries.filter((e) => e.row !== undefined).sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  // Rows without a file only mean something where the files come in a folder.
  const fromFolder = (MANIFEST_NAMES as readonly string[]).includes(batch.manifest?.name ?? '');
  const header = (batch.manifest?.problems ?? []).map((p) => ({
    row: p.row ?? 1,
    column: p.column ?? '',
    reason: p.reason,
  }));
  return {
    batch: batch.id,
    agency: batch.agency,
    manifest: fromFolder ? (batch.manifest?.name ?? null) : null,
    rows: fromFolder ? (batch.manifest?.rows ?? rows.length) : rows.length,
    registered: rows.filter((e) => e.documentId).length,
    started: entries.filter((e) => e.startedAt).length,
    invalid: [
      ...header,
      ...rows.flatMap((e) =>
        (e.problems ?? []).map((p) => ({ row: e.row ?? 0, ...(e.file ? { file: e.file } : {}), ...p })),
      ),
    ],
    filesWithoutRow: entries
      .filter((e) => e.row === undefined && e.file)
      .map((e) => e.file as string)
      .sort(),
    rowsWithoutFile: fromFolder
      ? rows
          .filter((e) => e.documentId && e.file && e.fileSize === undefined && !e.startedAt)
          .map((e) => ({ row: e.row ?? 0, file: e.file as string }))
      : [],
  };
}

/** Writes the batch's report.json into its folder (batches/<agency>/<batch>/), from its entries. */
export async function writeReport(deps: PipelineDeps, batch: BatchRecord): Promise<BatchReport> {
  const report = batchReport(batch, await deps.batches.listEntries(batch.id));
  await deps.drops.putReport(batchReportKey(batch.agency, batch.id), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
