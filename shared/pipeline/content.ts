import { createHash } from 'node:crypto';
import type { DocumentRecord } from '../model/document';
import { IntegrityError } from '../model/errors';
import { pinnedKey } from '../model/object-keys';
import type { DocumentFiles } from '../ports';

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** S3's ETag of a single-part upload. */
export const md5Of = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

export interface PinnedContent {
  readonly sha256: string;
  readonly size: number;
}

/**
 * Where a document's pinned content is. Derived from its id and hash, not stored: the document item
 * is written at every step, and each byte of it is billed again each time.
 */
export const contentKeyOf = (doc: Pick<DocumentRecord, 'id' | 'sha256'>) =>
  doc.sha256 ? pinnedKey(doc.id, doc.sha256) : undefined;

/** The agency's original, kept pinned (as evidence) after a reviewer's redaction replaced it as content. */
export const originalKeyOf = (doc: Pick<DocumentRecord, 'id' | 'originalSha256'>) =>
  doc.originalSha256 ? pinnedKey(doc.id, doc.originalSha256) : undefined;

/**
 * Keeps exactly these bytes for a document under their own hash. The same bytes always land on
 * the same key, so a retried pin writes nothing new, and nothing a client PUTs can replace them.
 */
export async function pinContent(
  files: DocumentFiles,
  documentId: string,
  bytes: Uint8Array,
  contentType: string,
): Promise<PinnedContent> {
  const sha256 = sha256Of(bytes);
  await files.putIntake(pinnedKey(documentId, sha256), bytes, contentType);
  return { sha256, size: bytes.byteLength };
}

/** The document's pinned content, checked against its recorded hash before anyone uses it. */
export async function readContent(files: DocumentFiles, doc: DocumentRecord): Promise<Uint8Array> {
  const key = contentKeyOf(doc);
  if (!key) throw new IntegrityError(`document ${doc.id} has no pinned content (its upload was never admitted)`);
  const { bytes } = await files.readOriginal(key);
  if (sha256Of(bytes) !== doc.sha256) {
    throw new IntegrityError(`document ${doc.id}: the stored content no longer matches its SHA-256 ${doc.sha256}`);
  }
  return bytes;
}
