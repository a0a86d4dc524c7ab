import { SHA256_HEX } from '../../../shared/model/audit';
import type { DocumentRecord } from '../../../shared/model/document';
import { uploadKey } from '../../../shared/model/object-keys';
import { documentIndexes, keys } from './keys';
import { type Item, strip } from './table';

/**
 * How a document is stored in its item. Every step writes the item again, in a transaction that
 * bills 2 units per started KB, and byAgency holds a copy of it: a document that crosses 1 KB
 * costs 3 units more at every step. So what the item can give back without storing is left out:
 * - the id: it is in the key (`DOC#<id>`);
 * - the upload's key when it is the one the API presigns for the id (`uploads/<id>`): a batch's
 *   file keeps its own;
 * - a SHA-256: 32 bytes (a binary attribute), not 64 hex characters. A document carries up to five
 *   of them, three of them usually the same (uploaded, signed off, published).
 * Items written before (their id, upload key and hex hashes on them) read the same.
 */

/** The document's hashes (the pins and the head of its audit chain): hex in the domain, bytes in the item. */
const HASH_FIELDS = ['sha256', 'originalSha256', 'signedOffSha256', 'publicSha256', 'lastEventHash'] as const;

/** The item of a document: its key, the index keys of its status, and the record in stored form. */
export function documentItem(doc: DocumentRecord): Item {
  const { id: _inTheKey, objectKey, ...rest } = doc;
  const stored: Item = {
    ...keys.document(doc.id),
    ...documentIndexes(doc),
    ...rest,
    ...(objectKey === uploadKey(doc.id) ? {} : { objectKey }),
  };
  for (const field of HASH_FIELDS) {
    const hex = doc[field];
    // Only a well-formed hash: anything else is kept as it was written, so it reads back the same.
    if (hex !== undefined && SHA256_HEX.test(hex)) stored[field] = Buffer.from(hex, 'hex');
  }
  return stored;
}

/** The record a document's item stores (the item itself, or its copy in byAgency, which projects all). */
export function documentOf(item: Item): DocumentRecord {
  const record = storedFields(item);
  return { ...record, objectKey: record.objectKey ?? uploadKey(record.id) } as unknown as DocumentRecord;
}

/** The fields an index projects of a document (the pipeline's, say), with its id. */
export function documentEntryOf<T extends { id: string }>(entry: Item): T {
  return storedFields(entry) as unknown as T;
}

function storedFields(item: Item): Item & { id: string; objectKey?: string } {
  const record = strip<Item>(item) as Item;
  for (const field of HASH_FIELDS) {
    const value = record[field];
    if (value instanceof Uint8Array) record[field] = Buffer.from(value).toString('hex');
  }
  return { ...record, id: idOfDocumentKey(String(item.pk)) };
}

function idOfDocumentKey(pk: string): string {
  const prefix = keys.document('').pk;
  if (!pk.startsWith(prefix)) throw new Error(`not a document item: ${pk}`);
  return pk.slice(prefix.length);
}
