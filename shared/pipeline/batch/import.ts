import {
  type BatchEntry,
  type BatchRecord,
  leaseHeld,
  MANIFEST_NAMES,
  MAX_MANIFEST_BYTES,
  REPORT_NAME,
  type RowProblem,
} from '../../model/batch';
import { DomainError } from '../../model/errors';
import { batchReportKey, type DropKey } from '../../model/object-keys';
import type { PipelineDeps } from '../deps';
import { againstFile, checkRows } from './check';
import {
  batchPrincipal,
  dropActor,
  fileEntryKey,
  folderOf,
  Pacer,
  registerRow,
  rowContext,
  startEntry,
  writeEntry,
} from './entries';
import { cellsOf, layoutOf } from './manifest';
import { ManifestReadError, readManifest } from './read';
import { batchReport, writeReport } from './report';
import { inBatches, writeBatch } from './write-batch';

export { inBatches, writeBatch } from './write-batch';

export interface ImportOptions {
  /** Who runs this import (a Lambda request id): the holder of its leases. */
  readonly runner: string;
  /** Files handed to the flow per second by this importer (Step Functions starts). @default 10 */
  readonly startsPerSecond?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * When the importer must stop (a Lambda's end, epoch ms): files not started by then are left to
   * the manifest's next event (Lambda retries the invocation that says so: StartsLeftError).
   */
  readonly deadline?: number;
}

/** The importer stopped before every file was started; the manifest's next event starts the rest. */
export class StartsLeftError extends Error {
  constructor(readonly batch: string) {
    super(`batch ${batch}: stopped before every file was started; the manifest's next event (a retry) starts the rest`);
    this.name = 'StartsLeftError';
  }
}

/** How long before its deadline the importer stops starting files. */
const DEADLINE_MARGIN_MS = 60_000;

/** What an event in a drop folder came to (logged by the handler; the tests read it). */
export type DropOutcome =
  | { readonly outcome: 'imported'; readonly batch: string; readonly rows: number; readonly started: number }
  | { readonly outcome: 'file'; readonly batch: string; readonly started: number }
  /** The manifest's event again: nothing registered again, only files not yet started are started. */
  | { readonly outcome: 'resumed'; readonly batch: string; readonly started: number }
  | { readonly outcome: 'skipped'; readonly batch?: string; readonly reason: string };

/** How many rows are registered at once. */
const ROW_CONCURRENCY = 8;

/**
 * The batch a dropped object belongs to. Under `grant` authority it must have been opened through
 * the API by an uploader of the prefix's agency; under `prefix` authority (IAM decided who could
 * write there) a folder without one opens it, as the agency's drop role.
 */
export async function dropBatch(deps: PipelineDeps, drop: DropKey): Promise<BatchRecord | string> {
  const existing = await deps.batches.getBatch(drop.batchId);
  if (existing) {
    return existing.agency === drop.agency
      ? existing
      : `batch ${drop.batchId} belongs to ${existing.agency}, not ${drop.agency}`;
  }
  if (deps.drops.authority === 'grant') {
    return `batch ${drop.batchId} was not opened by an uploader of ${drop.agency}: open it first (POST /api/batches, or npx gongkai batch upload)`;
  }
  const opened = await writeBatch(deps, drop.batchId, (current) =>
    current
      ? undefined
      : {
          id: drop.batchId,
          agency: drop.agency,
          openedBy: dropActor(drop.agency),
          openedAt: deps.clock.now().toISOString(),
          source: 'drop',
        },
  );
  return opened && opened.agency === drop.agency ? opened : `batch ${drop.batchId} belongs to another agency`;
}

/** Files in a batch's folder (names), besides the manifest and the report. */
async function folderFiles(deps: PipelineDeps, folder: string): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  for (const { key, size } of await deps.drops.list(folder)) {
    const name = key.slice(folder.length);
    if (name.includes('/') || name === REPORT_NAME || (MANIFEST_NAMES as readonly string[]).includes(name)) continue;
    files.set(name, size);
  }
  return files;
}

/**
 * A manifest arrived in a batch folder: check every row with the registration schema, register the
 * good ones as the batch's principal, note the folder's files (files without a row, rows without a
 * file), hand each registered row's file to the flow at a controlled rate, and write report.json.
 * A duplicate event of the same manifest finds it imported (or an import under way) and does
 * nothing; a new version of the manifest is imported again, finding what the last one registered.
 */
export async function importManifest(
  deps: PipelineDeps,
  drop: DropKey,
  object: { readonly size?: number; readonly etag?: string },
  options: ImportOptions,
): Promise<DropOutcome> {
  const found = await dropBatch(deps, drop);
  if (typeof found === 'string') return refuseManifest(deps, drop, found);
  const now = deps.clock.now();
  const alreadyImported = (b: BatchRecord) =>
    !!object.etag && b.manifest?.etag === object.etag && b.manifest.name === drop.name;
  const leased = await writeBatch(deps, found.id, (current) => {
    if (!current || (leaseHeld(current.importing, now) && current.importing?.by !== options.runner)) return undefined;
    if (alreadyImported(current)) return undefined;
    return { ...current, importing: { by: options.runner, since: now.toISOString() } };
  });
  if (leased && !leaseHeld(leased.importing, now) && alreadyImported(leased)) {
    // A duplicate event, or the retry of an importer that ran out of time: it only starts what was not.
    const started = await startReady(deps, leased, options);
    if (started > 0) await writeReport(deps, leased);
    return { outcome: 'resumed', batch: leased.id, started };
  }
  if (!leased || leased.importing?.by !== options.runner) {
    return { outcome: 'skipped', batch: found.id, reason: 'this manifest is being imported' };
  }
  const folder = folderOf(leased, 'batch');
  const problems: RowProblem[] = [];
  let rows = 0;
  try {
    if ((object.size ?? 0) > MAX_MANIFEST_BYTES)
      throw new ManifestReadError(`the manifest is over ${MAX_MANIFEST_BYTES} bytes`);
    const table = readManifest(await deps.drops.read(`${folder}${drop.name}`), drop.name);
    const layout = layoutOf(table.header);
    problems.push(...layout.problems);
    rows = table.rows.length;
    if (layout.problems.length === 0) {
      const principal = await batchPrincipal(deps, leased);
      const context = await rowContext(deps, leased.agency);
      const files = await folderFiles(deps, folder);
      const headers = Object.fromEntries(layout.columns.map((c) => [c.column, c.header]));
      const cellRows = table.rows.map(({ row, cells }) => ({ row, cells: cellsOf(layout, cells) }));
      const checked = checkRows(cellRows, context, headers).map((c) => ({
        ...c,
        result: c.duplicate || !c.result.file ? c.result : againstFile(c.result, files.get(c.result.file)),
      }));
      const named = new Set(checked.map((c) => c.result.file));
      const entries = new Map((await deps.batches.listEntries(leased.id)).map((e) => [e.key, e]));
      await inBatches(checked, ROW_CONCURRENCY, ({ row, result, duplicate }) => {
        const size = result.file && !duplicate ? files.get(result.file) : undefined;
        return registerRow(deps, principal, leased, row, result, {
          ...(size === undefined ? {} : { seen: { size } }),
          duplicate,
          entries,
        });
      });
      for (const [file, size] of files) if (!named.has(file)) await noteFile(deps, leased, file, size);
    }
  } catch (err) {
    if (!(err instanceof ManifestReadError) && !(err instanceof DomainError)) throw err;
    problems.push({ row: 1, reason: err.message });
  }
  // Imported before the folder is listed again: a file arriving from now on is started by its own event.
  const imported = (await writeBatch(deps, leased.id, (current) =>
    current
      ? {
          ...current,
          importing: undefined,
          manifest: {
            name: drop.name,
            ...(object.etag ? { etag: object.etag } : {}),
            importedAt: deps.clock.now().toISOString(),
            rows,
            problems,
          },
        }
      : undefined,
  )) as BatchRecord;
  let started = 0;
  if (problems.length === 0) {
    for (const [file, size] of await folderFiles(deps, folder)) await noteFile(deps, imported, file, size);
    started = await startReady(deps, imported, options);
  }
  await writeReport(deps, imported);
  return { outcome: 'imported', batch: imported.id, rows, started };
}

/** A manifest nobody may drop there: only its report says so. */
async function refuseManifest(deps: PipelineDeps, drop: DropKey, reason: string): Promise<DropOutcome> {
  const batch: BatchRecord = {
    id: drop.batchId,
    agency: drop.agency,
    openedBy: '',
    openedAt: deps.clock.now().toISOString(),
    source: 'drop',
    manifest: { name: drop.name, importedAt: deps.clock.now().toISOString(), rows: 0, problems: [{ row: 1, reason }] },
  };
  const report = batchReport(batch, []);
  await deps.drops.putReport(batchReportKey(drop.agency, drop.batchId), `${JSON.stringify(report, null, 2)}\n`);
  return { outcome: 'skipped', reason };
}

/** Records that a file is in the folder: its row's entry gets its size, or it is a file without a row. */
async function noteFile(
  deps: PipelineDeps,
  batch: BatchRecord,
  file: string,
  size: number,
): Promise<BatchEntry | undefined> {
  return writeEntry(deps, batch.id, fileEntryKey(file), (current) => {
    if (current?.fileSize === size) return undefined;
    return current
      ? { ...current, fileSize: size }
      : { batchId: batch.id, key: fileEntryKey(file), file, fileSize: size };
  });
}

/** Starts every registered row whose file is there and was not started, at the importer's rate. */
async function startReady(deps: PipelineDeps, batch: BatchRecord, options: ImportOptions): Promise<number> {
  const pacer = new Pacer(options.startsPerSecond ?? 10, options.sleep);
  const folder = folderOf(batch, 'batch');
  let started = 0;
  for (const entry of await deps.batches.listEntries(batch.id)) {
    if (options.deadline !== undefined && Date.now() > options.deadline - DEADLINE_MARGIN_MS) {
      await writeReport(deps, batch);
      throw new StartsLeftError(batch.id);
    }
    if (await startEntry(deps, batch, entry, folder, options.runner, pacer)) started++;
  }
  return started;
}

/**
 * A file arrived in a batch folder. Before its manifest is imported there is nothing to do (the
 * import lists the folder); after, its row's document is started, or it is a file without a row.
 */
export async function fileArrived(
  deps: PipelineDeps,
  drop: DropKey,
  size: number,
  options: ImportOptions,
): Promise<DropOutcome> {
  const batch = await deps.batches.getBatch(drop.batchId);
  if (!batch || batch.agency !== drop.agency || !batch.manifest || leaseHeld(batch.importing, deps.clock.now())) {
    return { outcome: 'skipped', batch: drop.batchId, reason: 'no manifest imported yet: its import takes the file' };
  }
  const entry = await noteFile(deps, batch, drop.name, size);
  const pacer = new Pacer(options.startsPerSecond ?? 10, options.sleep);
  const started = entry && (await startEntry(deps, batch, entry, folderOf(batch, 'batch'), options.runner, pacer));
  await writeReport(deps, batch);
  return { outcome: 'file', batch: batch.id, started: started ? 1 : 0 };
}
