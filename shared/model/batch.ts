import type { Status } from './document';
import { ConflictError } from './errors';

/**
 * Bulk intake (issue 14): a batch is documents an agency uploads at once — rows of a manifest
 * (CSV or XLSX) with their files, dropped into `batches/<agency>/<batch>/` or sent from the
 * dashboard and the CLI — or single files dropped under `uploads/<agency>/<batch>/` with their
 * metadata as `x-amz-meta-*`. Every row is registered through the one registration use case.
 */

/** Ids a batch may have: the server issues UUIDs; ops dropping a folder on AWS choose their own. */
export const BATCH_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The manifest's names in a drop folder; report.json is what the importer writes next to it. */
export const MANIFEST_NAMES = ['manifest.csv', 'manifest.xlsx'] as const;
export const REPORT_NAME = 'report.json';

/** At most this many rows a manifest (5,000 are started at a controlled rate). */
export const MAX_MANIFEST_ROWS = 10_000;
/** A manifest file's largest size (a 10,000-row CSV of long titles is about 5 MB). */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/**
 * How the uploader of a dropped object is known. `prefix`: only an agency's role may write under
 * its prefixes (an IAM policy per agency role, on AWS), so the prefix names the agency. `grant`:
 * whoever reaches the store may write anywhere (s3rver checks no signature), so a drop counts only
 * under a batch a signed-in uploader of that agency opened through the API.
 */
export const DROP_AUTHORITIES = ['prefix', 'grant'] as const;
export type DropAuthority = (typeof DROP_AUTHORITIES)[number];

/** Opened through the API (dashboard, CLI) or by a folder dropped straight into S3. */
export type BatchSource = 'api' | 'drop';

export interface BatchRecord {
  readonly id: string;
  readonly agency: string;
  /** The uploader who opened it, or `drop:<agency>` for a folder the agency's role dropped on AWS. */
  readonly openedBy: string;
  readonly openedAt: string;
  readonly source: BatchSource;
  /** What the uploader calls it (本周行政许可决定); a dropped folder is known by its id. */
  readonly label?: string;
  /** The manifest imported last, and what was wrong with it as a whole. */
  readonly manifest?: BatchManifest;
  /**
   * An import under way (a lease): a duplicate manifest event finds it and starts nothing; an
   * import that died is taken over once the lease is old (IMPORT_LEASE_MS).
   */
  readonly importing?: Lease;
  /** Optimistic lock: every write is conditional on the version read. */
  readonly version?: number;
}

export interface Lease {
  readonly by: string;
  readonly since: string;
}

export interface BatchManifest {
  /** manifest.csv or manifest.xlsx; `dashboard` for rows sent from the dashboard or the CLI. */
  readonly name: string;
  /** The manifest object's ETag, when it came from S3. */
  readonly etag?: string;
  readonly importedAt: string;
  readonly rows: number;
  /** What stops the manifest as a whole (unreadable, an unknown or missing column). */
  readonly problems: readonly RowProblem[];
}

/** A manifest cell that failed validation: the column, and why. */
export interface CellProblem {
  readonly column: string;
  readonly reason: string;
}

export interface RowProblem extends Partial<CellProblem> {
  /** The spreadsheet row (the header is row 1). */
  readonly row?: number;
  readonly reason: string;
}

/**
 * One row of a batch, or one file of its folder that no row names. Keyed by its file (`F:` and a
 * hash of the name), or by its row when it names no usable file (`R:<row>`).
 */
export interface BatchEntry {
  readonly batchId: string;
  readonly key: string;
  readonly file?: string;
  /** The spreadsheet row (the header is row 1); absent for a file without a row. */
  readonly row?: number;
  /** The registered document (its id derives from the batch and the file: a retry finds it). */
  readonly documentId?: string;
  /** Why the row was refused (validation or registration): nothing was registered. */
  readonly problems?: readonly CellProblem[];
  /** The file is in the batch folder (drops), with its size. */
  readonly fileSize?: number;
  /** When its file was handed to the flow (copied to the document's upload key: one execution). */
  readonly startedAt?: string;
  /** A start under way (a lease), so that two importers never start a row twice. */
  readonly starting?: Lease;
  readonly version?: number;
}

/** A batch write lost its condition (someone wrote first); nothing was written. */
export class BatchConflictError extends ConflictError {
  constructor(what: string) {
    super(`${what} changed since it was read`);
  }
}

/** How long an import or a start may hold its lease before another importer takes it over. */
export const IMPORT_LEASE_MS = 15 * 60 * 1000;

/** Whether a lease is still held at `now`. */
export function leaseHeld(lease: Lease | undefined, now: Date): boolean {
  return lease !== undefined && now.getTime() - Date.parse(lease.since) < IMPORT_LEASE_MS;
}

/**
 * Where a batch's documents stand, in the batch view: every status belongs to one stage, so a new
 * status does not compile until it is placed. A refused row counts as failed.
 */
export const BATCH_STAGES = [
  'registered',
  'inReview',
  'awaitingSignoff',
  'afterSignoff',
  'published',
  'stopped',
  'failed',
] as const;
export type BatchStage = (typeof BATCH_STAGES)[number];

export const STAGE_OF_STATUS: Readonly<Record<Status, BatchStage>> = {
  DRAFT: 'registered',
  RECEIVED: 'registered',
  IN_REVIEW: 'inReview',
  CLEARED: 'inReview',
  AWAITING_SIGNOFF: 'awaitingSignoff',
  SIGNED_OFF: 'afterSignoff',
  IN_CONSULTATION: 'afterSignoff',
  AWAITING_APPROVAL: 'afterSignoff',
  ROUTED: 'afterSignoff',
  PUBLISHED: 'published',
  CORRECTED: 'published',
  WITHDRAWN: 'published',
  RECORDED: 'published',
  REJECTED: 'stopped',
  RETURNED: 'stopped',
  WITHHELD: 'stopped',
  CANCELLED: 'stopped',
  FAILED: 'failed',
};
