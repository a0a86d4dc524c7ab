import { createHash } from 'node:crypto';
import { beijingDate } from '../../calendar/beijing';
import { BatchConflictError, type BatchEntry, type BatchRecord, type CellProblem, leaseHeld } from '../../model/batch';
import { derivedDocumentId } from '../../model/derived-id';
import { DomainError, ForbiddenError } from '../../model/errors';
import { hasRole, type Identity } from '../../model/identity';
import { batchPrefix, singleDropPrefix } from '../../model/object-keys';
import type { PipelineDeps } from '../deps';
import { registerDocument } from '../upload';
import { FILE_COLUMN, type RowContext, type RowResult } from './manifest';

/** The entry of a batch's file (a hash: a file name is the dropper's text, never a key of ours). */
export const fileEntryKey = (file: string) => `F:${createHash('sha256').update(file).digest('hex').slice(0, 32)}`;
/** The entry of a row that names no usable file. */
export const rowEntryKey = (row: number) => `R:${String(row).padStart(6, '0')}`;

/**
 * The id of the document a batch's file is registered as: derived from the batch and the file, so a
 * retried row, a duplicate event or a second import finds the registration instead of making another.
 */
export function batchDocumentId(batchId: string, file: string): string {
  return derivedDocumentId('gongkai-batch', batchId, file);
}

/** The actor of a folder an agency's role dropped on AWS (prefix authority: IAM decided who wrote it). */
export const dropActor = (agency: string) => `drop:${agency}`;

/** Where a batch's files are: its folder (batches/…) or, for single uploads, uploads/<agency>/<batch>/. */
export const folderOf = (batch: BatchRecord, kind: 'batch' | 'single') =>
  kind === 'batch' ? batchPrefix(batch.agency, batch.id) : singleDropPrefix(batch.agency, batch.id);

/**
 * Who registers a batch's rows: the uploader who opened it (still an uploader of its agency), or,
 * for a folder dropped on AWS without one, the agency's drop role, which only IAM lets write there.
 */
export async function batchPrincipal(deps: PipelineDeps, batch: BatchRecord): Promise<Identity> {
  if (batch.openedBy === dropActor(batch.agency)) {
    return { user: batch.openedBy, name: `${batch.agency} drop folder`, roles: ['uploader'], agency: batch.agency };
  }
  const opener = await deps.directory.getUser(batch.openedBy);
  if (!opener || opener.disabled || !hasRole(opener, 'uploader') || opener.agency !== batch.agency) {
    throw new ForbiddenError(
      `${batch.openedBy}, who opened batch ${batch.id}, is no longer an uploader of ${batch.agency}`,
    );
  }
  return opener;
}

/** What rows are checked against: the batch's agency, its departments, the district's agencies, today. */
export async function rowContext(deps: PipelineDeps, agency: string): Promise<RowContext> {
  const [departments, agencies] = await Promise.all([deps.directory.listDepartments(), deps.directory.listAgencies()]);
  return {
    agency,
    today: beijingDate(deps.clock.now()),
    departments: new Set(departments.filter((d) => d.agency === agency).map((d) => d.id)),
    agencies: new Set(agencies.map((a) => a.id)),
  };
}

/**
 * Reads an entry, lets `change` decide its next version (undefined: leave it), writes it
 * conditionally; read again and retried on a conflict. `known` saves the first read when the
 * caller has the entry (null: known not to exist).
 */
export async function writeEntry(
  deps: PipelineDeps,
  batchId: string,
  key: string,
  change: (current: BatchEntry | undefined) => BatchEntry | undefined,
  known?: BatchEntry | null,
): Promise<BatchEntry | undefined> {
  let first = known;
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = first === undefined ? await deps.batches.getEntry(batchId, key) : (first ?? undefined);
    first = undefined;
    const next = change(current);
    if (!next) return current;
    const version = current?.version ?? 0;
    try {
      await deps.batches.putEntry({ ...next, batchId, key, version: version + 1 }, current ? version : null);
      return { ...next, version: version + 1 };
    } catch (err) {
      if (!(err instanceof BatchConflictError)) throw err;
    }
  }
  throw new BatchConflictError(`entry ${key} of batch ${batchId} (too much contention)`);
}

/** The column a registration's refusal is about: shared/pipeline/upload.ts names the field first. */
function columnOfRefusal(message: string): string {
  if (message.startsWith('INTERP-3')) return 'interprets';
  return /^(department|formedAt|madeBy|heldBy|leadDrafter|consult)\b/.exec(message)?.[1] ?? FILE_COLUMN;
}

/**
 * Registers one checked row through the registration use case, as its batch's principal, under the
 * id its file derives — or finds the document a previous attempt registered — and records the
 * row's entry. A refused row records its problems; a file's entry keeps what was seen of the file.
 */
export async function registerRow(
  deps: PipelineDeps,
  principal: Identity,
  batch: BatchRecord,
  row: number,
  result: RowResult,
  options: {
    /** The file as the folder has it. */
    readonly seen?: { readonly size: number };
    /** A row that names a file another row names: its own entry, not the file's. */
    readonly duplicate?: boolean;
    /** The batch's entries as just listed (saves a read of each). */
    readonly entries?: ReadonlyMap<string, BatchEntry>;
  } = {},
): Promise<BatchEntry> {
  const { seen } = options;
  const key = result.file && !options.duplicate ? fileEntryKey(result.file) : rowEntryKey(row);
  let documentId: string | undefined;
  let problems: readonly CellProblem[] | undefined = result.ok ? undefined : result.problems;
  const known = options.entries ? (options.entries.get(key) ?? null) : undefined;
  if (result.ok && known?.documentId) documentId = known.documentId;
  else if (result.ok) {
    const id = batchDocumentId(batch.id, result.file);
    try {
      documentId = (await registerDocument(deps, principal, result.metadata, { id })).id;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // Registered before (a retry, a second import): the registration stays what it is.
      if (await deps.documents.get(id)) documentId = id;
      else
        problems = [
          { column: err instanceof ForbiddenError ? FILE_COLUMN : columnOfRefusal(err.message), reason: err.message },
        ];
    }
  }
  const written = await writeEntry(
    deps,
    batch.id,
    key,
    (current) => {
      // A registration stays what it is: a later manifest's row for the same file changes nothing of it.
      if (current?.documentId) {
        const next = { ...current, row, ...sizeOf(seen, current) };
        return next.row === current.row && next.fileSize === current.fileSize ? undefined : next;
      }
      return {
        batchId: batch.id,
        key,
        row,
        ...(result.file ? { file: result.file } : {}),
        ...(documentId ? { documentId } : {}),
        ...(problems ? { problems } : {}),
        ...sizeOf(seen, current),
      };
    },
    known,
  );
  return written as BatchEntry;
}

const sizeOf = (seen: { size: number } | undefined, current: BatchEntry | undefined) =>
  seen ? { fileSize: seen.size } : current?.fileSize !== undefined ? { fileSize: current.fileSize } : {};

/** Spaces out the starts of one importer: at most `perSecond` files handed to the flow a second. */
export class Pacer {
  private next = 0;

  constructor(
    private readonly perSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async wait(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await this.sleep(at - now);
  }
}

/**
 * Hands a row's file to the flow exactly once: a lease on the entry first (a second importer, or a
 * duplicate event, finds it and starts nothing), then the copy to the document's upload key, whose
 * Object Created event starts the one execution, then `startedAt`. A document that already left
 * DRAFT (its file came another way) is only marked.
 */
export async function startEntry(
  deps: PipelineDeps,
  batch: BatchRecord,
  entry: BatchEntry,
  folder: string,
  runner: string,
  pacer: Pacer,
): Promise<boolean> {
  const { documentId, file } = entry;
  if (!documentId || !file || entry.startedAt || entry.fileSize === undefined) return false;
  const now = deps.clock.now();
  const leased = await writeEntry(
    deps,
    batch.id,
    entry.key,
    (current) => {
      if (!current || current.startedAt || (leaseHeld(current.starting, now) && current.starting?.by !== runner))
        return undefined;
      return { ...current, starting: { by: runner, since: now.toISOString() } };
    },
    entry,
  );
  if (leased?.starting?.by !== runner || leased.startedAt) return false;
  const doc = await deps.documents.get(documentId);
  let started = false;
  if (doc?.status === 'DRAFT' && doc.executionId === undefined) {
    await pacer.wait();
    await deps.drops.copyToUpload(`${folder}${file}`, doc.objectKey, doc.contentType);
    started = true;
  }
  await writeEntry(
    deps,
    batch.id,
    entry.key,
    (current) => (current ? { ...current, startedAt: deps.clock.now().toISOString(), starting: undefined } : undefined),
    leased,
  );
  return started;
}
