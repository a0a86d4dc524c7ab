import { createHmac, randomBytes } from 'node:crypto';
import { beijingDate, beijingMidnight } from '../calendar/beijing';
import { fromDayNumber, toDayNumber } from '../calendar/iso-date';
import type { CatalogEntry } from '../model/catalog';
import { PUBLIC_STATUSES } from '../model/document';
import type { PipelineDeps } from './deps';
import { catalogKeyOf } from './publish';

/**
 * READ-5(6): how often the public looked an entry up. A query is one visitor's interest in one
 * entry on one (Beijing) day: reloading the page, or a client fetching the same entry all day,
 * counts once.
 *
 * Nothing personal is kept. The visitor — the caller's IP address and User-Agent, as the API sees
 * them — is reduced to an HMAC-SHA256 of the entry and the visitor under a random salt of the day,
 * and only that hash is stored, as a marker that this visit was counted. The salt is made on the
 * day's first look-up and deleted on the first look-up of a later day (else by the table's TTL two
 * days on); the markers expire with it. Once it is gone nobody — not the operators either — can
 * tell whose visit a marker was, even by trying every address: the hash cannot be recomputed.
 * Including the entry keeps one visitor's markers of different entries from being linked.
 */

/** Who looks an entry up, as the API sees them: hashed, never stored. */
export interface Visitor {
  /** The caller's IP address (API Gateway's sourceIp; the socket's peer locally). */
  readonly address: string;
  readonly userAgent: string;
}

/** Salts and markers of a day may be deleted from the start of the day after next (Beijing). */
const KEPT_DAYS = 2;

/**
 * The public reads an entry: counted once per visitor and day. Undefined when the document has no
 * public catalogue entry. A visitor the API cannot tell apart (no address) counts as one and the
 * same unknown visitor.
 */
export async function lookUpCatalogEntry(
  deps: PipelineDeps,
  documentId: string,
  visitor: Visitor | undefined,
): Promise<CatalogEntry | undefined> {
  const doc = await deps.documents.get(documentId);
  const key = doc && PUBLIC_STATUSES.has(doc.status) ? catalogKeyOf(doc) : undefined;
  if (!key) return undefined;
  const day = beijingDate(deps.clock.now());
  const expiresAt = queryDataExpiry(day);
  const { salt, created } = await deps.publications.querySalt(day, randomBytes(32).toString('base64url'), expiresAt);
  // The day's first look-up forgets the earlier days' salts: their markers can be tied to nobody.
  if (created) await deps.publications.discardQuerySalts(day);
  return deps.publications.recordQuery(key, { day, visitor: visitorHash(salt, documentId, visitor), expiresAt });
}

/** The hash that stands for a visitor of an entry under a day's salt. */
export function visitorHash(salt: string, documentId: string, visitor: Visitor | undefined): string {
  const input = JSON.stringify([documentId, visitor?.address ?? '', visitor?.userAgent ?? '']);
  return createHmac('sha256', salt).update(input).digest('base64url');
}

/** When a day's salt and markers may be deleted (epoch seconds). */
export function queryDataExpiry(day: string): number {
  return Date.parse(beijingMidnight(fromDayNumber(toDayNumber(day) + KEPT_DAYS))) / 1000;
}
