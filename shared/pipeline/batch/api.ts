import { randomUUID } from 'node:crypto';
import { BATCH_STAGES, type BatchRecord, type BatchStage, type CellProblem, STAGE_OF_STATUS } from '../../model/batch';
import type { Status } from '../../model/document';
import { ForbiddenError, NotFoundError, ValidationError } from '../../model/errors';
import { hasRole, type Identity, seesEveryAgency } from '../../model/identity';
import type { PipelineDeps } from '../deps';
import { checkRows } from './check';
import { batchPrincipal, registerRow, rowContext } from './entries';
import type { RowCells } from './manifest';
import { type BatchReport, batchReport } from './report';
import { inBatches, writeBatch } from './write-batch';

/** The manifest name of rows sent through the API (the dashboard's grid, the CLI). */
export const API_MANIFEST = 'dashboard';

/** At most this many rows in one request (a 5,000-row batch is 50 requests). */
export const MAX_ROWS_PER_REQUEST = 100;

/** An uploader opens a batch for their agency: its folder may then be dropped into, and rows sent. */
export async function openBatch(deps: PipelineDeps, caller: Identity, label?: string): Promise<BatchRecord> {
  if (!hasRole(caller, 'uploader')) throw new ForbiddenError('only uploaders open batches');
  const id = randomUUID();
  const batch = await writeBatch(deps, id, () => ({
    id,
    agency: caller.agency,
    ...(label ? { label } : {}),
    openedBy: caller.user,
    openedAt: deps.clock.now().toISOString(),
    source: 'api',
  }));
  return batch as BatchRecord;
}

/** The batch, for its agency's staff and the district-wide roles; anyone else finds nothing. */
export async function visibleBatch(deps: PipelineDeps, caller: Identity, id: string): Promise<BatchRecord> {
  const batch = await deps.batches.getBatch(id);
  if (!batch || (batch.agency !== caller.agency && !seesEveryAgency(caller))) throw new NotFoundError('no such batch');
  return batch;
}

/** What became of one row sent: its document (with where to PUT the file while it is DRAFT), or why not. */
export interface SentRow {
  readonly row: number;
  readonly file?: string;
  readonly documentId?: string;
  readonly status?: Status;
  readonly problems?: readonly CellProblem[];
}

/**
 * Rows sent from the dashboard's grid or the CLI: each checked with the registration schema
 * exactly as a manifest's row, and registered as the caller, under the id its file derives — a
 * retried request (a dropped connection) finds what it registered. Only the batch's agency's
 * uploaders send rows.
 */
export async function sendRows(
  deps: PipelineDeps,
  caller: Identity,
  id: string,
  rows: ReadonlyArray<{ readonly row: number; readonly cells: RowCells }>,
): Promise<SentRow[]> {
  const batch = await visibleBatch(deps, caller, id);
  if (!hasRole(caller, 'uploader') || batch.agency !== caller.agency) {
    throw new ForbiddenError(`only uploaders of ${batch.agency} send its batch's rows`);
  }
  if (rows.length > MAX_ROWS_PER_REQUEST) throw new ValidationError(`at most ${MAX_ROWS_PER_REQUEST} rows a request`);
  const principal = await batchPrincipal(deps, { ...batch, openedBy: caller.user });
  const context = await rowContext(deps, batch.agency);
  const checked = checkRows(rows, context);
  const sent = await inBatches(checked, 8, async ({ row, result, duplicate }) => {
    const entry = await registerRow(deps, principal, batch, row, result, { duplicate });
    const doc = entry.documentId ? await deps.documents.get(entry.documentId) : undefined;
    return {
      row,
      ...(entry.file ? { file: entry.file } : {}),
      ...(entry.documentId ? { documentId: entry.documentId } : {}),
      ...(doc ? { status: doc.status } : {}),
      ...(entry.problems && !entry.documentId ? { problems: entry.problems } : {}),
    };
  });
  // The batch's rows came from here (its report counts them from its entries, not from a manifest file).
  if (!batch.manifest) {
    await writeBatch(deps, batch.id, (current) =>
      current && !current.manifest
        ? {
            ...current,
            manifest: { name: API_MANIFEST, importedAt: deps.clock.now().toISOString(), rows: 0, problems: [] },
          }
        : undefined,
    );
  }
  return sent;
}

/** One row of the batch view. */
export interface BatchRowView {
  readonly row?: number;
  readonly file?: string;
  readonly documentId?: string;
  readonly status?: Status;
  readonly stage?: BatchStage;
  readonly problems?: readonly CellProblem[];
  readonly fileSize?: number;
  readonly startedAt?: string;
}

export interface BatchView {
  readonly batch: BatchRecord;
  /** Documents per stage (a refused row counts as failed). */
  readonly stages: Readonly<Record<BatchStage, number>>;
  readonly rows: readonly BatchRowView[];
  readonly report: BatchReport;
}

/** How many documents are read at once for the view. */
const READ_CONCURRENCY = 16;

/** The batch view: every row with its document's status and stage, the count per stage, the report. */
export async function batchView(deps: PipelineDeps, caller: Identity, id: string): Promise<BatchView> {
  const batch = await visibleBatch(deps, caller, id);
  const entries = await deps.batches.listEntries(batch.id);
  const stages = Object.fromEntries(BATCH_STAGES.map((s) => [s, 0])) as Record<BatchStage, number>;
  const rows = await inBatches(entries, READ_CONCURRENCY, async (entry): Promise<BatchRowView> => {
    const doc = entry.documentId ? await deps.documents.get(entry.documentId) : undefined;
    const stage = doc ? STAGE_OF_STATUS[doc.status] : entry.problems ? 'failed' : undefined;
    if (stage) stages[stage]++;
    return {
      ...(entry.row !== undefined ? { row: entry.row } : {}),
      ...(entry.file ? { file: entry.file } : {}),
      ...(entry.documentId ? { documentId: entry.documentId } : {}),
      ...(doc ? { status: doc.status } : {}),
      ...(stage ? { stage } : {}),
      ...(entry.problems && !entry.documentId ? { problems: entry.problems } : {}),
      ...(entry.fileSize !== undefined ? { fileSize: entry.fileSize } : {}),
      ...(entry.startedAt ? { startedAt: entry.startedAt } : {}),
    };
  });
  rows.sort(
    (a, b) =>
      (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER) ||
      (a.file ?? '').localeCompare(b.file ?? ''),
  );
  return { batch, stages, rows, report: batchReport(batch, entries) };
}

/** The caller's agency's batches, newest first. */
export function listBatches(deps: PipelineDeps, caller: Identity): Promise<BatchRecord[]> {
  return deps.batches.listBatches(caller.agency, 50);
}
