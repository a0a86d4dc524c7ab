import { type AuditEntry, canRerun, canTransition, type DocumentRecord, type Status } from '../model/document';
import { type CommitConflict, CommitConflictError, ConflictError } from '../model/errors';
import type { DocumentCommit, DocumentStore } from '../ports';
import { scoreChange } from '../scores/delta';
import { chainEvent, headOf, withHead } from './audit-chain';

/** A status change: conditional on `from`, with the audit event written in the same transaction. */
export interface Transition {
  readonly from: Status;
  readonly to: Status;
  readonly event: Omit<AuditEntry, 'documentId' | 'from' | 'to'>;
  /**
   * Attributes set on the document together with the status; a function is given the document as
   * it is when written (it runs again if a concurrent write forces a retry).
   */
  readonly patch?: Partial<DocumentRecord> | ((current: DocumentRecord) => Partial<DocumentRecord>);
  /**
   * The one way back: a person re-runs a FAILED document the system failed, to the status it failed
   * in. Checked by canRerun instead of canTransition; no other move goes backwards.
   */
  readonly rerun?: boolean;
}

/** What a use case decided to write: everything of a commit except what follows from it. */
export type DocumentWrite = Omit<DocumentCommit, 'expectedVersion' | 'scores' | 'event'> & {
  /** The change recorded; writeDocument chains it into the document's audit trail. */
  readonly event?: AuditEntry;
  /** Linked conditions worth a fresh read and another try (another publication took the number). */
  readonly retryOn?: readonly CommitConflict[];
  /** What to report when a linked condition fails and is not retried. */
  readonly conflictMessage?: string;
};

/**
 * A write made with an idempotency key (a registration, a correction, a withdrawal): the document,
 * and whether this request made it — false when an earlier request with the key did.
 */
export interface KeyedWrite {
  readonly document: DocumentRecord;
  readonly created: boolean;
}

/** A build that decides not to write, returning this value to the caller instead. */
export class Skip<T> {
  constructor(readonly value: T) {}
}

/** The next version of a document: the patch applied (undefined removes), status and time set. */
export function applyPatch(
  doc: DocumentRecord,
  patch: Partial<DocumentRecord>,
  status: Status,
  at: string,
): DocumentRecord {
  const next: Record<string, unknown> = { ...doc, ...patch, status, updatedAt: at };
  for (const [key, value] of Object.entries(next)) if (value === undefined) delete next[key];
  return next as unknown as DocumentRecord;
}

/** A status change from `from` (checked), with its audit event. */
export function moved(id: string, doc: DocumentRecord | undefined, t: Transition): DocumentWrite {
  if (!doc || doc.status !== t.from) {
    throw new ConflictError(`document ${id} is ${doc?.status ?? 'missing'}, not ${t.from}; not moved to ${t.to}`);
  }
  if (t.rerun) {
    if (t.from !== 'FAILED' || !canRerun(doc.failure, t.to)) {
      throw new Error(`document ${id} cannot be re-run from ${t.from} to ${t.to}`);
    }
  } else if (t.from !== t.to && !canTransition(t.from, t.to)) {
    // Staying put (a task reopened in the same status) is recorded; any other move must be forward.
    throw new Error(`illegal status change ${t.from} → ${t.to} for document ${id}`);
  }
  const patch = typeof t.patch === 'function' ? t.patch(doc) : (t.patch ?? {});
  return {
    document: applyPatch(doc, patch, t.to, t.event.at),
    event: { ...t.event, documentId: id, from: t.from, to: t.to },
  };
}

const MAX_ATTEMPTS = 50;

/**
 * Every document write goes through here: read, let `build` decide the next version and what goes
 * with it, add what that changes in the scores, and commit it conditional on the version read —
 * again with a fresh read if someone wrote first. `current` saves the first read when the caller
 * has just read the document.
 */
export async function writeDocument<T = DocumentRecord>(
  documents: DocumentStore,
  id: string,
  build: (doc: DocumentRecord | undefined) => DocumentWrite | Skip<T> | Promise<DocumentWrite | Skip<T>>,
  current?: DocumentRecord,
): Promise<DocumentRecord | T> {
  let known = current;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = known ?? (await documents.get(id));
    known = undefined;
    const write = await build(doc);
    if (write instanceof Skip) return write.value;
    const { retryOn = [], conflictMessage, event: entry, ...linked } = write;
    const version = (doc?.version ?? 0) + 1;
    // The audit chain: the event follows the document's head, and becomes it.
    const event = entry && chainEvent(headOf(doc), entry, version);
    const next: DocumentRecord = withHead({ ...write.document, version }, doc, event);
    try {
      await documents.commit({
        ...linked,
        ...(event ? { event } : {}),
        document: next,
        expectedVersion: doc ? (doc.version ?? 0) : null,
        scores: scoreChange(doc, next),
      });
      return next;
    } catch (err) {
      if (!(err instanceof CommitConflictError)) throw err;
      if (err.part !== 'document' && !retryOn.includes(err.part)) {
        throw new ConflictError(conflictMessage ?? `document ${id} changed while writing (${err.part})`);
      }
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
    }
  }
  throw new ConflictError(`document ${id}: too much contention, gave up after ${MAX_ATTEMPTS} attempts`);
}

export function createDocument(
  documents: DocumentStore,
  doc: DocumentRecord,
  event: Omit<AuditEntry, 'documentId' | 'from' | 'to'>,
): Promise<DocumentRecord> {
  return writeDocument(documents, doc.id, (existing) => {
    if (existing) throw new ConflictError(`document ${doc.id} exists`);
    return { document: doc, event: { ...event, documentId: doc.id, from: null, to: doc.status } };
  });
}

/** Moves a document; ConflictError when it is no longer in `from`. */
export function transitionDocument(
  documents: DocumentStore,
  id: string,
  transition: Transition,
  current?: DocumentRecord,
): Promise<DocumentRecord> {
  return writeDocument(documents, id, (doc) => moved(id, doc, transition), current);
}

/** Sets attributes without a status change (findings, routing), still conditional on the status. */
export async function updateDocument(
  documents: DocumentStore,
  id: string,
  expected: Status,
  patch: Partial<DocumentRecord>,
  current?: DocumentRecord,
): Promise<DocumentRecord> {
  return writeDocument(
    documents,
    id,
    (doc) => {
      if (doc?.status !== expected) throw new ConflictError(`document ${id} is no longer ${expected}`);
      return { document: applyPatch(doc, patch, doc.status, doc.updatedAt) };
    },
    current,
  );
}

/** Records an audit event without moving the document (an ignored upload, say). */
export function recordEvent(
  documents: DocumentStore,
  id: string,
  event: Omit<AuditEntry, 'documentId' | 'from' | 'to'>,
): Promise<DocumentRecord> {
  return writeDocument(documents, id, (doc) => {
    if (!doc) throw new ConflictError(`document ${id} vanished`);
    return moved(id, doc, { from: doc.status, to: doc.status, event });
  });
}

/**
 * Claims an upload for one execution: succeeds only while the document is in `transition.from`
 * and nobody claimed it. Returns the document as claimed (the next step goes on from it without
 * reading it again), undefined when another execution holds it.
 */
export async function claimDocument(
  documents: DocumentStore,
  id: string,
  executionId: string,
  transition: Transition,
  current?: DocumentRecord,
): Promise<DocumentRecord | undefined> {
  const claimed = await writeDocument(
    documents,
    id,
    (doc) => {
      if (!doc || doc.executionId !== undefined || doc.status !== transition.from) return new Skip(undefined);
      const patch = transition.patch;
      return moved(id, doc, {
        ...transition,
        patch: (now) => ({ ...(typeof patch === 'function' ? patch(now) : patch), executionId }),
      });
    },
    current,
  );
  return claimed;
}

/**
 * Hands the document over to a new execution that resumes it (local restart, a re-run), from the
 * one that held it (undefined: none did). Returns the document as handed over, undefined when
 * another execution holds it.
 */
export async function takeOverDocument(
  documents: DocumentStore,
  id: string,
  fromExecution: string | undefined,
  toExecution: string,
  current?: DocumentRecord,
): Promise<DocumentRecord | undefined> {
  return writeDocument(
    documents,
    id,
    (doc) => {
      if (!doc || doc.executionId !== fromExecution) return new Skip(undefined);
      return { document: applyPatch(doc, { executionId: toExecution }, doc.status, doc.updatedAt) };
    },
    current,
  );
}
