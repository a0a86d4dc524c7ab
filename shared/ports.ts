/**
 * Ports: what the domain needs from the outside world. AWS adapters live in functions/adapters;
 * the local runtime uses the same adapters against DynamoDB Local and s3rver.
 */

import type { CatalogEntry, CatalogQuery, InterpretationLink } from './model/catalog';
import type { AuditEvent, DocumentRecord, Status } from './model/document';
import type { Agency, Department, Identity } from './model/identity';
import type { HumanTask } from './model/task';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Directory {
  getAgency(id: string): Promise<Agency | undefined>;
  listAgencies(): Promise<Agency[]>;
  getDepartment(agency: string, id: string): Promise<Department | undefined>;
  listDepartments(): Promise<Department[]>;
  getUser(user: string): Promise<Identity | undefined>;
  listUsers(): Promise<Identity[]>;
}

/** A status change: conditional on `from`, with the audit event written in the same transaction. */
export interface Transition {
  readonly from: Status;
  readonly to: Status;
  readonly event: Omit<AuditEvent, 'documentId' | 'from' | 'to'>;
  /**
   * Attributes set on the document together with the status; a function is given the document as
   * it is when written (it runs again if a concurrent write forces a retry).
   */
  readonly patch?: Partial<DocumentRecord> | ((current: DocumentRecord) => Partial<DocumentRecord>);
}

export interface DocumentStore {
  create(doc: DocumentRecord, event: Omit<AuditEvent, 'documentId' | 'from' | 'to'>): Promise<void>;
  get(id: string): Promise<DocumentRecord | undefined>;
  history(id: string): Promise<AuditEvent[]>;
  listByAgency(agency: string, limit?: number): Promise<DocumentRecord[]>;
  /** An agency's documents registered in [from, to) (ISO timestamps), for the periodic reviews. */
  listRegisteredBetween(agency: string, from: string, to: string): Promise<DocumentRecord[]>;
  /** Documents not in a terminal status (for resuming after a restart and the pipeline view). */
  listInFlight(): Promise<DocumentRecord[]>;
  /** Throws ConflictError when the document is no longer in `from`. */
  transition(id: string, transition: Transition): Promise<DocumentRecord>;
  /** Sets attributes without a status change (findings, routing), still conditional on the status. */
  update(id: string, expected: Status, patch: Partial<DocumentRecord>): Promise<void>;
  /**
   * Claims an upload for one execution: succeeds only while the document is a DRAFT nobody
   * claimed. Returns false when another execution holds it.
   */
  claim(id: string, executionId: string, transition: Transition): Promise<boolean>;
  /** Hands the document over to a new execution that resumes it (local restart, redrive). */
  takeOver(id: string, fromExecution: string, toExecution: string): Promise<boolean>;
}

export interface TaskStore {
  getTask(id: string): Promise<HumanTask | undefined>;
  listOpen(assignees: readonly string[]): Promise<HumanTask[]>;
  /** Creates tasks, optionally moving their document in the same transaction. */
  open(tasks: readonly HumanTask[], documentTransition?: Transition): Promise<void>;
  /** Registers a new callback token on an open task (a resumed execution waits again). */
  refreshToken(id: string, taskToken: string): Promise<void>;
  /** Closes an open task with a decision and moves its document, atomically. ConflictError if closed. */
  close(
    id: string,
    decision: Pick<HumanTask, 'decision' | 'decidedBy' | 'decidedAt' | 'comment'> & { status?: 'closed' | 'expired' },
    documentTransition?: Transition,
  ): Promise<void>;
}

export interface PublicationStore {
  /**
   * Publishes atomically: takes the next index sequence for the agency and year (gap-free under
   * concurrency), moves the document and writes its catalogue entry.
   */
  publish(
    id: string,
    input: {
      readonly agencyCode: string;
      readonly categoryCode: string;
      readonly year: number;
      readonly transition: Omit<Transition, 'patch'> & { patch: Partial<DocumentRecord> };
      readonly catalog?: Omit<CatalogEntry, 'indexNumber'>;
    },
  ): Promise<string>;
  catalog(query: CatalogQuery): Promise<CatalogEntry[]>;
  /** READ-5(6): counts one public query of a catalogue entry (no personal data) and returns it. */
  recordQuery(doc: DocumentRecord): Promise<CatalogEntry | undefined>;
  /** INTERP-6: links a published interpretation to its policy (document and catalogue entry). */
  linkInterpretation(policyId: string, interpretation: InterpretationLink, linkedAt: string): Promise<void>;
}

export interface DocumentFiles {
  readOriginal(key: string, versionId?: string): Promise<{ bytes: Uint8Array; contentType?: string }>;
  putPublicCopy(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Keeps a file in the intake bucket (corrected versions, as evidence). */
  putIntake(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Whether an object exists in the intake bucket. */
  exists(key: string): Promise<boolean>;
  presignUpload(key: string, contentType: string, expiresInSeconds: number): Promise<string>;
  /** Where the public reads a published copy. */
  publicUrl(key: string): string;
}

/** Resolves a waiting execution (SendTaskSuccess on AWS; the local engine locally). */
export interface WorkflowCallbacks {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<void>;
}
