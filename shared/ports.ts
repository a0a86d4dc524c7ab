/**
 * Ports: what the domain needs from the outside world. The domain decides every write as plain
 * data (a DocumentCommit); the adapters (functions/adapters for AWS and the local emulators,
 * test/support/memory for fast tests) store it atomically and know no rule.
 */

import type { StoredArrangement } from './calendar/arrangement';
import type { AuditDigest } from './model/audit';
import type { BatchEntry, BatchRecord, DropAuthority } from './model/batch';
import type { CatalogEntry, CatalogKey, CatalogRead, CatalogSlice, QueryVisit } from './model/catalog';
import type { ClaimItem, ClaimKind, DirectoryImport, DirectoryLogEntry } from './model/directory';
import type { AuditEvent, DocumentRecord } from './model/document';
import type { Agency, Department, Identity } from './model/identity';
import type {
  AgencyDocumentsRead,
  AgencyDocumentsSlice,
  OpenTasksRead,
  OpenTasksSlice,
  PipelineRead,
  PipelineSlice,
} from './model/paging';
import type { EvidenceItem, ScoreChange, ScoreCounterItem } from './model/scores';
import type { HumanTask, TaskDocument } from './model/task';
import type { AnnualReportRecord } from './report/model';
import type { ExtractHint, ScanResult } from './review';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the routing and task rules read of the directory. */
export interface DirectoryReader {
  getAgency(id: string): Promise<Agency | undefined>;
  listAgencies(): Promise<Agency[]>;
  getDepartment(agency: string, id: string): Promise<Department | undefined>;
}

export interface Directory extends DirectoryReader {
  listDepartments(): Promise<Department[]>;
  getUser(user: string): Promise<Identity | undefined>;
  listUsers(): Promise<Identity[]>;
  /**
   * Raw puts, replacing the whole item without a version check, a claim or a log entry: for tests
   * and data migrations. Administration goes through `write` (shared/directory/).
   */
  putAgency(agency: Agency): Promise<void>;
  putDepartment(department: Department): Promise<void>;
  putUser(identity: Identity): Promise<void>;
  /**
   * Writes one directory change atomically (one transaction, at most 100 items in all): every
   * record conditional on the version read, every claim on its holder as read, every task move on
   * the task still being open with the assignee it is moved from, and the change's log entry.
   * Throws DirectoryConflictError naming the first condition that failed; then nothing is written.
   */
  write(change: DirectoryWrite): Promise<void>;
  /** Who holds a claim (an agency code, a user's e-mail or subject); undefined when nobody does. */
  claimOwner(kind: ClaimKind, value: string): Promise<string | undefined>;
  listClaims(): Promise<ClaimItem[]>;
  /**
   * The change log, newest first: up to `limit` entries, after the cursor `before` (an entry's
   * id) and only those touching `agency` or written by `importId` when given; `next` continues it.
   */
  changeLog(query: ChangeLogQuery): Promise<{ entries: DirectoryLogEntry[]; next?: string }>;
  getImport(id: string): Promise<DirectoryImport | undefined>;
  /** Every import, newest first. */
  listImports(): Promise<DirectoryImport[]>;
}

export interface ChangeLogQuery {
  readonly limit: number;
  readonly before?: string;
  readonly agency?: string;
  readonly importId?: string;
}

/** A directory record written conditional on the version read (null: it must not exist yet). */
export type DirectoryPut =
  | { readonly kind: 'agency'; readonly record: Agency; readonly expectedVersion: number | null }
  | { readonly kind: 'department'; readonly record: Department; readonly expectedVersion: number | null }
  | { readonly kind: 'user'; readonly record: Identity; readonly expectedVersion: number | null };

/** A claim changing hands: taken (expectedOwner null), released (owner null) or passed on. */
export interface DirectoryClaim {
  readonly kind: ClaimKind;
  readonly value: string;
  /** Who holds it after the write; null: nobody (the claim is deleted). */
  readonly owner: string | null;
  /** Who held it when read; null: nobody (it must still be free). */
  readonly expectedOwner: string | null;
}

/** An open task handed to another assignee (a department's new leader, an agency's new head). */
export interface TaskMove {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly at: string;
  readonly by: string;
}

/** One directory change, fully decided by the domain (shared/directory/write.ts). */
export interface DirectoryWrite {
  readonly puts?: readonly DirectoryPut[];
  /** Records deleted (undoing a creation), conditional on the version read (never null). */
  readonly removals?: readonly DirectoryPut[];
  readonly claims?: readonly DirectoryClaim[];
  readonly taskMoves?: readonly TaskMove[];
  /** A bulk import's progress, written with its parts. */
  readonly importStatus?: DirectoryImport;
  readonly log: DirectoryLogEntry;
}

/** Closes an open human task, conditional on it still being open. */
export interface TaskClosure {
  readonly id: string;
  /** expired: superseded (escalation) or left without a decision (the document failed). */
  readonly status: 'closed' | 'expired';
  readonly decidedAt: string;
  readonly decidedBy: string;
  readonly decision?: string;
  readonly comment?: string;
  /** The request that decided it, when sent with an Idempotency-Key: a retry finds it (shared/pipeline/tasks/decide.ts). */
  readonly requestDigest?: string;
  /** A redaction's upload (HumanTask.redactionKey). */
  readonly redactionKey?: string;
}

/** Takes the next index-number sequence of an agency and year, conditional on the last one read. */
export interface SequenceClaim {
  readonly agencyCode: string;
  readonly year: number;
  /** The last sequence taken when it was read; 0 when none was. */
  readonly expected: number;
  readonly next: number;
}

/**
 * One document write, fully decided by the domain: the document's next version, its audit event,
 * what it changes in the scores, and the items that must change with it. Written in one
 * transaction, conditional on the version the domain read.
 */
export interface DocumentCommit {
  /** The next version of the document (its `version` is expectedVersion + 1). */
  readonly document: DocumentRecord;
  /** The version read; null when the document must not exist yet. */
  readonly expectedVersion: number | null;
  readonly event?: AuditEvent;
  readonly scores: ScoreChange;
  readonly openTasks?: readonly HumanTask[];
  readonly closeTask?: TaskClosure;
  readonly sequence?: SequenceClaim;
  readonly catalogPut?: { readonly key: CatalogKey; readonly entry: CatalogEntry };
  readonly catalogUpdate?: { readonly key: CatalogKey; readonly patch: Partial<CatalogEntry> };
  /** Open tasks of the document whose due date moves (a calendar import), each conditional on the date read. */
  readonly taskDueChanges?: readonly TaskDueChange[];
  /** Tasks of the document whose copy of it (what their list shows) is written again: its deadline moved. */
  readonly taskDocuments?: { readonly taskIds: readonly string[]; readonly document: TaskDocument };
}

/** An open task's due date recomputed: written only while the task is open and still due `from`. */
export interface TaskDueChange {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

/** Where the holiday arrangements ops import are kept (shared/calendar/stored.ts reads them). */
export interface CalendarStore {
  /** Every imported year's arrangement, by year. */
  listYears(): Promise<StoredArrangement[]>;
  /**
   * Stores a year's arrangement, conditional on the version read (0: none stored yet): a
   * ConflictError when another import of that year came first.
   */
  putYear(arrangement: StoredArrangement, expectedVersion: number): Promise<void>;
}

export interface DocumentStore {
  get(id: string): Promise<DocumentRecord | undefined>;
  /** The audit events of a document in the order they were committed (their sequence). */
  history(id: string): Promise<AuditEvent[]>;
  /** An agency's most recently registered documents, newest first. */
  listByAgency(agency: string, limit?: number): Promise<DocumentRecord[]>;
  /**
   * Every document of an agency: rebuilding scores, and the annual report's table 二 (read when a
   * report is opened or exported — a few people a few times a year; the district's reads them all).
   */
  listAllByAgency(agency: string): Promise<DocumentRecord[]>;
  /** An agency's documents registered in [from, to) (ISO timestamps), for the periodic reviews. */
  listRegisteredBetween(agency: string, from: string, to: string): Promise<DocumentRecord[]>;
  /** Documents not in a terminal status (for resuming after a restart). */
  listInFlight(): Promise<DocumentRecord[]>;
  /**
   * One Query of up to `limit` (≤ MAX_STORE_READ) of an agency's documents, newest registered first
   * (registration time, then id), after `after`. `next` is the last one read whenever more may
   * follow (always when `limit` were read).
   */
  agencyPage(read: AgencyDocumentsRead): Promise<AgencyDocumentsSlice>;
  /**
   * One Query of up to `limit` of an agency's documents past DRAFT and not finished, soonest
   * deadline first (none yet first, then by id), after `after`: what the pipeline index projects
   * of them. `next` as above.
   */
  pipelinePage(read: PipelineRead): Promise<PipelineSlice>;
  /**
   * Writes a commit atomically. Throws CommitConflictError naming the condition that failed
   * (the document moved on, a task was already decided, the sequence was taken …).
   */
  commit(commit: DocumentCommit): Promise<void>;
}

/**
 * The daily digests of every audit chain's head, append-only: S3 with Object Lock (compliance
 * mode) on AWS, files under the data directory locally. A stored digest is never replaced.
 */
export interface AuditDigests {
  /** Stores the digest of its day; false when that day has one already (which is kept). */
  put(digest: AuditDigest): Promise<boolean>;
  /** The days that have a digest (YYYY-MM-DD), oldest first. */
  list(): Promise<string[]>;
  get(date: string): Promise<AuditDigest | undefined>;
}

export interface TaskStore {
  getTask(id: string): Promise<HumanTask | undefined>;
  /** Open tasks of these assignees, soonest due first. */
  listOpen(assignees: readonly string[]): Promise<HumanTask[]>;
  /**
   * One Query of up to `limit` (≤ MAX_STORE_READ) of an assignee's open tasks, soonest due first
   * (due, then id), after `after`; each with the document summary it carries. `next` is the last
   * task read whenever more may follow (always when `limit` were read).
   */
  openPage(read: OpenTasksRead): Promise<OpenTasksSlice>;
  /** Registers a new callback token on an open task (a resumed execution waits again). */
  refreshToken(id: string, taskToken: string): Promise<void>;
  /** Closes a task without moving its document. ConflictError when it is no longer open. */
  close(closure: TaskClosure): Promise<void>;
}

export interface PublicationStore {
  /** The last index sequence taken for an agency code and year (0 when none). */
  lastSequence(agencyCode: string, year: number): Promise<number>;
  /**
   * Up to `limit` (≤ MAX_CATALOG_READ) entries of a year's catalogue, newest first (published, then
   * document id), after the position `after`: all of them, or those of an agency, a category or
   * both, each read by its own key — so what a read costs depends on `limit`, never on the year's
   * size. `next` is the last entry read whenever more may follow (always when `limit` were read).
   */
  catalogPage(read: CatalogRead): Promise<CatalogSlice>;
  /**
   * READ-5(6): counts a public query of a catalogue entry once per visit — the visit's marker and
   * the count are written together, and a visit whose marker is there already counts nothing — and
   * returns the entry; undefined (and nothing written) when there is no such entry.
   */
  recordQuery(key: CatalogKey, visit: QueryVisit): Promise<CatalogEntry | undefined>;
  /**
   * The salt of a day's visit markers: `candidate` when the day had none (stored until
   * `expiresAt`, epoch seconds), else the one stored first — every caller of a day gets the same.
   */
  querySalt(day: string, candidate: string, expiresAt: number): Promise<{ salt: string; created: boolean }>;
  /** Deletes the salts of the days before `day`. */
  discardQuerySalts(before: string): Promise<void>;
}

/** Reads pre-aggregated scores: one item per agency and year, never the documents. */
export interface ScoreStore {
  scoreCounters(year: number): Promise<ScoreCounterItem[]>;
  scoreYears(): Promise<number[]>;
  evidence(agency: string, year: number): Promise<EvidenceItem[]>;
  /** Replaces the counters and evidence of a year with recomputed ones (the rebuild command). */
  replaceScores(year: number, counters: readonly ScoreCounterItem[], evidence: readonly EvidenceItem[]): Promise<void>;
}

/** The annual reports (政府信息公开工作年度报告): one item per agency (or `district`) and year. */
export interface AnnualReportStore {
  getReport(agency: string, year: number): Promise<AnnualReportRecord | undefined>;
  /**
   * Writes a report conditional on the version read (null: there must be none yet); its `version`
   * is that plus one. Throws ReportConflictError when someone wrote first; then nothing is written.
   */
  putReport(report: AnnualReportRecord, expectedVersion: number | null): Promise<void>;
  /** Every report of a year (one partition), in agency order. */
  listReports(year: number): Promise<AnnualReportRecord[]>;
}

export interface DocumentFiles {
  readOriginal(key: string, versionId?: string): Promise<{ bytes: Uint8Array; contentType?: string }>;
  /** Publishes a copy, downloaded (never rendered on the site's origin) under `downloadName`. */
  putPublicCopy(key: string, bytes: Uint8Array, contentType: string, downloadName: string): Promise<void>;
  /** Stops serving a public copy (a withdrawal); a versioned bucket keeps it as evidence. */
  removePublicCopy(key: string): Promise<void>;
  /** Keeps a file in the intake bucket (corrected versions, as evidence). */
  putIntake(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Whether an object exists in the intake bucket. */
  exists(key: string): Promise<boolean>;
  presignUpload(key: string, contentType: string, expiresInSeconds: number): Promise<string>;
  /** Where the public reads a published copy. */
  publicUrl(key: string): string;
}

/**
 * The confidentiality scan of a file (FIVE-4). In-process for tests and the CLI; off the event loop
 * in a worker with a memory and time limit where a hostile file must not take the service down.
 */
export interface Scanner {
  scan(bytes: Uint8Array, hint: ExtractHint): Promise<ScanResult>;
}
/** What a scanner is given and answers: an adapter speaks the port's types, not the review's module. */
export type { ExtractHint, ScanResult };

/** Resolves a waiting execution (SendTaskSuccess on AWS; the local engine locally). */
export interface WorkflowCallbacks {
  /** SendTaskSuccess: the waiting state ends with `output`. */
  succeed(taskToken: string, output: Record<string, unknown>): Promise<void>;
  /** SendTaskFailure: the waiting state fails with `error`, which its Retry and Catch match by name. */
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/**
 * Starts a new execution of the flow that resumes a document where it stands (StartExecution on
 * AWS; the local engine locally), taking it over from `previousExecutionId` — the execution that
 * last held it, undefined when none did. The input is a ResumeRequest (shared/pipeline/events.ts).
 */
export interface WorkflowStarter {
  /** `purpose` names the execution: a person's re-run (the default) or the sweeper's start of a lost upload. */
  resume(documentId: string, previousExecutionId: string | undefined, purpose?: StartPurpose): Promise<void>;
}

/** Why an execution is started outside the EventBridge rule. */
export type StartPurpose = 'rerun' | 'sweep';

/**
 * An event the EventBridge rule could not deliver to the state machine, kept in the rule target's
 * dead-letter queue (SQS on AWS, files under the data directory locally).
 */
export interface DeadLetter {
  /** The queue's id of the message. */
  readonly id: string;
  /** What the queue needs to delete it (SQS's receipt handle; the file locally). */
  readonly receipt: string;
  /** The event as EventBridge would have delivered it (JSON). */
  readonly body: string;
}

export interface DeadLetters {
  /** Up to `max` letters not yet received in this run. */
  receive(max: number): Promise<DeadLetter[]>;
  /** Deletes a letter once its event is delivered. */
  remove(letter: DeadLetter): Promise<void>;
}

/** Delivers an event to the state machine as the EventBridge rule does (StartExecution with the event as input). */
export interface EventRedelivery {
  /** false when an execution for that event exists already: it was delivered before. */
  redeliver(eventId: string, event: unknown): Promise<boolean>;
}

/** Bulk intake's batches and their rows (shared/model/batch.ts), each written conditional on the version read. */
export interface BatchStore {
  getBatch(id: string): Promise<BatchRecord | undefined>;
  /** Throws BatchConflictError when the batch is not at `expectedVersion` (null: it must not exist yet). */
  putBatch(batch: BatchRecord, expectedVersion: number | null): Promise<void>;
  /** An agency's batches, newest first. */
  listBatches(agency: string, limit: number): Promise<BatchRecord[]>;
  getEntry(batchId: string, key: string): Promise<BatchEntry | undefined>;
  /** Throws BatchConflictError when the entry is not at `expectedVersion` (null: it must not exist yet). */
  putEntry(entry: BatchEntry, expectedVersion: number | null): Promise<void>;
  /** Every entry of a batch, in key order. */
  listEntries(batchId: string): Promise<BatchEntry[]>;
}

/** An object in a drop folder: its size, type and user metadata (`x-amz-meta-*`, names in lower case). */
export interface DroppedObject {
  readonly key: string;
  readonly size: number;
  readonly etag?: string;
  readonly contentType?: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The intake bucket's drop folders, as the batch importer reads them. */
export interface DropBox {
  /** How the uploader of a drop is known where this store runs (DropAuthority). */
  readonly authority: DropAuthority;
  /** The objects under a prefix, every page: key and size. */
  list(prefix: string): Promise<Array<{ readonly key: string; readonly size: number }>>;
  /** undefined when there is no such object. */
  head(key: string): Promise<DroppedObject | undefined>;
  read(key: string): Promise<Uint8Array>;
  /**
   * Copies a dropped file to a registered document's upload key, stored as the type it was
   * registered as: its Object Created event starts the flow, as a browser's upload does.
   */
  copyToUpload(from: string, to: string, contentType: string): Promise<void>;
  /** Writes a batch's report (JSON) into its folder. */
  putReport(key: string, json: string): Promise<void>;
}
