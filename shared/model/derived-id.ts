import { createHash } from 'node:crypto';

const digestOf = (namespace: string, parts: readonly string[]) =>
  createHash('sha256')
    .update([namespace, ...parts].join('\n'))
    .digest('hex');

/**
 * A document id derived from what identifies a request (RFC 9562 UUIDv8 over SHA-256 of the
 * namespace and the parts), so that the same request made twice names the same document: a
 * retried registration, a batch row imported again. The parts are hashed, never used as a key.
 */
export function derivedDocumentId(namespace: string, ...parts: readonly string[]): string {
  const hex = digestOf(namespace, parts);
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What a change remembers of the request that made it (a correction's Idempotency-Key and caller). */
export function requestDigest(namespace: string, ...parts: readonly string[]): string {
  return digestOf(namespace, parts).slice(0, 32);
}
