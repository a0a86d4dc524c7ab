import { createHash } from 'node:crypto';
import { AUDIT_DIGEST_FORMAT, type AuditDigest, type AuditMismatch, type ChainHead } from '../model/audit';
import type { AuditEntry, AuditEvent, DocumentRecord } from '../model/document';

/**
 * The audit chain, as plain data: each event of a document carries the hash of the one before it
 * and a hash over its own canonical content, so an edited, deleted, reordered or inserted event
 * shows. writeDocument chains every event it commits; `audit verify` recomputes the chains.
 */

/**
 * The canonical JSON of a value (RFC 8785 style): object keys sorted by UTF-16 code units,
 * members whose value is undefined left out (as DynamoDB leaves them out), no whitespace, strings
 * and numbers as JSON.stringify writes them. Anything JSON cannot say exactly is refused:
 * non-finite numbers, undefined in an array, bigints, functions, class instances.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot canonicalise the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((item) => {
            if (item === undefined) throw new TypeError('cannot canonicalise undefined in an array');
            return canonicalJson(item);
          })
          .join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`cannot canonicalise a ${proto?.constructor?.name ?? 'non-plain object'}`);
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`cannot canonicalise a ${typeof value}`);
  }
}

/** SHA-256 (lowercase hex) of the UTF-8 bytes of a value's canonical JSON. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** The hash an event must carry: over every field of it but `hash`. */
export function eventHash(event: Omit<AuditEvent, 'hash'> | AuditEvent): string {
  const { hash: _hash, ...content } = event as AuditEvent;
  return canonicalHash(content);
}

/**
 * Chains an entry after the document's head: its sequence (the document's new version), the
 * previous event's sequence and hash, and its own hash. Undefined attributes are dropped, as the
 * store drops them, so the event is exactly what is stored and read back.
 */
export function chainEvent(head: ChainHead | undefined, entry: AuditEntry, seq: number): AuditEvent {
  const content: Record<string, unknown> = { ...entry };
  delete content.hash;
  for (const key of Object.keys(content)) if (content[key] === undefined) delete content[key];
  const chained = { ...content, seq, prevSeq: head?.seq ?? null, prevHash: head?.hash ?? null } as Omit<
    AuditEvent,
    'hash'
  >;
  return { ...chained, hash: eventHash(chained) };
}

/** The head a document records: its last event's sequence and hash, if it has one. */
export function headOf(doc: Pick<DocumentRecord, 'lastEventSeq' | 'lastEventHash'> | undefined): ChainHead | undefined {
  return doc?.lastEventSeq !== undefined && doc.lastEventHash !== undefined
    ? { seq: doc.lastEventSeq, hash: doc.lastEventHash }
    : undefined;
}

/**
 * The next version of a document with its chain head: the new event's when it has one, else the
 * head it had (whatever the build put there: only writeDocument moves the head).
 */
export function withHead(next: DocumentRecord, previous: DocumentRecord | undefined, event?: AuditEvent) {
  const { lastEventSeq: _seq, lastEventHash: _hash, ...rest } = next;
  const head = event ? { seq: event.seq, hash: event.hash } : headOf(previous);
  return (head ? { ...rest, lastEventSeq: head.seq, lastEventHash: head.hash } : rest) as DocumentRecord;
}

/** What verifying one document's chain found. */
export interface ChainCheck {
  readonly mismatches: AuditMismatch[];
  /** The last event read (the chain's head as stored), if any. */
  readonly last?: ChainHead;
}

/**
 * Recomputes one document's chain from its history (in the store's order) and compares its end
 * with the head the document records and the head an earlier digest recorded. Each mismatch
 * names the event it is about: the one edited, out of place or pointing at a replaced one, or the
 * sequence of one that is gone.
 */
export function verifyChain(
  documentId: string,
  doc: DocumentRecord | undefined,
  events: readonly AuditEvent[],
  digested?: ChainHead,
): ChainCheck {
  const found: AuditMismatch[] = [];
  const report = (seq: number | null, problem: AuditMismatch['problem']) => {
    if (!found.some((m) => m.seq === seq && m.problem === problem)) found.push({ documentId, seq, problem });
  };
  for (const event of events) if (eventHash(event) !== event.hash) report(event.seq, 'edited');
  // The store keeps events in sequence order: one anywhere else was moved.
  const chain = [...events].sort((a, b) => a.seq - b.seq);
  chain.forEach((event, i) => {
    if (events[i] !== event) report(events[i]?.seq ?? null, 'out-of-order');
  });
  const present = new Set(chain.map((e) => e.seq));
  let previous: AuditEvent | undefined;
  for (const event of chain) {
    if (event.prevSeq === (previous?.seq ?? null)) {
      if (event.prevHash !== (previous?.hash ?? null)) report(event.seq, 'broken-link');
    } else if (event.prevSeq !== null && !present.has(event.prevSeq)) {
      report(event.prevSeq, 'missing');
    } else {
      // It follows another event than the one before it: the one before was put in.
      report(event.seq, 'broken-link');
    }
    previous = event;
  }
  const last = previous ? { seq: previous.seq, hash: previous.hash } : undefined;
  if (!doc) {
    report(null, 'document-missing');
  } else {
    const head = headOf(doc);
    if (head && (!last || head.seq > last.seq)) report(head.seq, 'missing');
    else if (last && (!head || head.seq !== last.seq || head.hash !== last.hash)) report(last.seq, 'head-mismatch');
  }
  if (digested) {
    const at = chain.find((e) => e.seq === digested.seq);
    if (!at) report(digested.seq, 'missing');
    else if (at.hash !== digested.hash) report(digested.seq, 'digest-mismatch');
  }
  return { mismatches: found, ...(last ? { last } : {}) };
}

/** The hash a digest must carry: over every field of it but `hash`. */
export function digestHash(digest: Omit<AuditDigest, 'hash'> | AuditDigest): string {
  const { hash: _hash, ...content } = digest as AuditDigest;
  return canonicalHash(content);
}

/** A day's digest of the heads the documents record (documents without events have none). */
export function buildDigest(date: string, at: string, docs: readonly DocumentRecord[]): AuditDigest {
  const heads: Record<string, ChainHead> = {};
  for (const doc of [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const head = headOf(doc);
    if (head) heads[doc.id] = head;
  }
  const content = { format: AUDIT_DIGEST_FORMAT, date, at, documents: Object.keys(heads).length, heads } as const;
  return { ...content, hash: digestHash(content) };
}
