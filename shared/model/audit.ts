import * as z from 'zod';
import { IntegrityError } from './errors';

/**
 * The audit trail you can prove: every document's events form a hash chain (AuditEvent in
 * document.ts), and once a day a digest of every chain's head goes to an append-only store
 * (S3 Object Lock in compliance mode on AWS, `.data/audit-digests/` locally).
 */

/** A SHA-256 as this system writes it (content pins, audit chain): 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
const sha256Hex = z.string().regex(SHA256_HEX, 'expected a SHA-256 as 64 lowercase hex digits');

/** The head of one document's chain: the sequence and hash of its last event. */
export const ChainHeadSchema = z.object({ seq: z.number().int().positive(), hash: sha256Hex }).strict();
export type ChainHead = z.infer<typeof ChainHeadSchema>;

export const AUDIT_DIGEST_FORMAT = 1;

/** A day's digest, as stored: `hash` is the SHA-256 of the canonical JSON of every other field. */
export const AuditDigestSchema = z
  .object({
    format: z.literal(AUDIT_DIGEST_FORMAT),
    /** The Beijing calendar day it was written on (its name in the store). */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** When it was written (ISO timestamp). */
    at: z.string(),
    /** How many chains it records (the number of entries of `heads`). */
    documents: z.number().int().nonnegative(),
    /** Document id → the head of its chain when the digest was written. */
    heads: z.record(z.string(), ChainHeadSchema),
    hash: sha256Hex,
  })
  .strict();
export type AuditDigest = z.infer<typeof AuditDigestSchema>;

/**
 * A stored digest read back: IntegrityError when it is not a digest, or not the one of the day it
 * is stored under (its own hash is checked by `audit verify`).
 */
export function parseStoredDigest(text: string, date: string): AuditDigest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new IntegrityError(`the audit digest of ${date} is not JSON`);
  }
  const parsed = AuditDigestSchema.safeParse(json);
  if (!parsed.success || parsed.data.date !== date) {
    throw new IntegrityError(`the audit digest of ${date} is not a digest of that day`);
  }
  return parsed.data;
}

/**
 * What `audit verify` can find wrong, each about one document and event:
 * - `edited`: the event's content does not hash to its `hash` (a field was changed);
 * - `missing`: an event the chain, the document or the digest names is not there (deleted);
 * - `broken-link`: the event's `prevHash` is not the hash of the event before it (that one was replaced);
 * - `out-of-order`: the event does not come after the one before it (events reordered);
 * - `head-mismatch`: the document's head (`lastEventSeq`/`lastEventHash`) is not its last event;
 * - `document-missing`: events or a digest entry remain of a document that is not there;
 * - `digest-mismatch`: the latest digest's head of the document is not an event of its chain;
 * - `digest-altered`: the latest digest does not hash to its own `hash` (documentId and seq null).
 */
export const AUDIT_PROBLEMS = [
  'edited',
  'missing',
  'broken-link',
  'out-of-order',
  'head-mismatch',
  'document-missing',
  'digest-mismatch',
  'digest-altered',
] as const;
export type AuditProblem = (typeof AUDIT_PROBLEMS)[number];

export interface AuditMismatch {
  readonly documentId: string | null;
  /** The event concerned; null when the problem is not one event's. */
  readonly seq: number | null;
  readonly problem: AuditProblem;
}

/** What `gongkai audit verify` prints. */
export interface AuditReport {
  readonly documents: number;
  readonly events: number;
  readonly mismatches: AuditMismatch[];
  /** The day of the digest the heads were compared with; null when there is none yet. */
  readonly digest: string | null;
}
