import { beijingYear } from '../calendar/beijing';
import {
  type CatalogEntry,
  type CatalogPosition,
  type CatalogQuery,
  MAX_CATALOG_READ,
  matchesCatalogWords,
} from '../model/catalog';
import { ValidationError } from '../model/errors';
import { isWellFormedId } from '../model/text';
import type { PublicationStore } from '../ports';
import { cursorError, decodeCursor, encodeCursor, isTimestamp } from './paging';

/** The most entries one page of GET /api/catalog returns (and its default). */
export const CATALOG_PAGE_LIMIT = 100;
/**
 * The most entries a keyword search looks through per request. Words are not a key (they match
 * inside titles), so a search reads the year newest first and stops here; the page says how many
 * it looked through and where to go on.
 */
export const CATALOG_SEARCH_READ = MAX_CATALOG_READ;
/** How many entries a search reads from the store at a time. */
const SEARCH_CHUNK = 250;

export interface CatalogPageRequest extends CatalogQuery {
  readonly limit: number;
  /** Where the previous page stopped, as that page gave it out. */
  readonly cursor?: string;
}

export interface CatalogPage {
  readonly entries: CatalogEntry[];
  /** Passed back as `cursor`, the next page; absent on the last one. */
  readonly next?: string;
  /** A keyword search: how many entries this page looked through. */
  readonly searched?: number;
}

/** What one request reads of the store at most: a keyword search's budget and one more per chunk. */
export const CATALOG_MAX_READS_PER_REQUEST = CATALOG_SEARCH_READ + Math.ceil(CATALOG_SEARCH_READ / SEARCH_CHUNK);

/**
 * One page of a year's catalogue (READ-4), newest first. Reads at most `limit` + 1 entries — a
 * keyword search at most CATALOG_MAX_READS_PER_REQUEST — whatever the year holds.
 */
export async function catalogPage(publications: PublicationStore, request: CatalogPageRequest): Promise<CatalogPage> {
  const { year, agency, category, limit } = request;
  if (!Number.isInteger(limit) || limit < 1 || limit > CATALOG_PAGE_LIMIT) {
    throw new ValidationError(`limit must be 1 … ${CATALOG_PAGE_LIMIT}, got ${limit}`);
  }
  const words = request.q?.trim() || undefined;
  const query = { year, agency, category, q: words };
  let after = request.cursor === undefined ? undefined : decodeCatalogCursor(request.cursor, query);
  const filters = { year, ...(agency ? { agency } : {}), ...(category ? { category } : {}) };

  if (!words) {
    // One more than the page: whether anything follows is known without an empty last page.
    const slice = await publications.catalogPage({ ...filters, limit: limit + 1, ...(after ? { after } : {}) });
    const entries = slice.entries.slice(0, limit);
    const last = entries.at(-1);
    const more = slice.entries.length > limit || slice.next !== undefined;
    return { entries, ...(more && last ? { next: encodeCatalogCursor(positionOf(last), query) } : {}) };
  }

  const hits: CatalogEntry[] = [];
  let searched = 0;
  let more = true;
  while (more && hits.length < limit && searched < CATALOG_SEARCH_READ) {
    const want = Math.min(SEARCH_CHUNK, CATALOG_SEARCH_READ - searched);
    // One more than looked through, as above: it is read again by the next chunk, if any.
    const slice = await publications.catalogPage({ ...filters, limit: want + 1, ...(after ? { after } : {}) });
    const chunk = slice.entries.slice(0, want);
    let leftBehind = slice.entries.length > want || (slice.next !== undefined && slice.entries.length === want);
    for (const [i, entry] of chunk.entries()) {
      searched += 1;
      after = positionOf(entry);
      if (matchesCatalogWords(entry, words)) hits.push(entry);
      if (hits.length === limit) {
        leftBehind ||= i < chunk.length - 1;
        break;
      }
    }
    more = leftBehind;
  }
  return {
    entries: hits,
    searched,
    ...(more && after ? { next: encodeCatalogCursor(after, query) } : {}),
  };
}

const positionOf = (entry: CatalogEntry): CatalogPosition => ({
  publishedAt: entry.publishedAt,
  documentId: entry.documentId,
});

/** Which query a cursor belongs to, so a cursor is not used with other filters. */
function scopeOf(query: CatalogQuery): readonly unknown[] {
  const words = query.q?.trim().toLowerCase() ?? '';
  return [query.year, query.agency ?? '', query.category ?? '', words];
}

const CATALOG_CURSOR = {
  name: 'a catalogue cursor',
  otherScope: 'another query (year, agency, category or words)',
} as const;

/** An opaque cursor: the position, and the query it belongs to (shared/pipeline/paging.ts). */
export function encodeCatalogCursor(position: CatalogPosition, query: CatalogQuery): string {
  return encodeCursor(scopeOf(query), [position.publishedAt, position.documentId]);
}

/**
 * The position a cursor names, checked in full — its form, the query it was given out for, a real
 * publication time in the query's year, a well-formed document id — so what reaches the store is
 * a position the server could have issued, never a key a caller wrote.
 */
export function decodeCatalogCursor(cursor: string, query: CatalogQuery): CatalogPosition {
  const [publishedAt = '', documentId = ''] = decodeCursor(cursor, scopeOf(query), 2, CATALOG_CURSOR);
  if (!isTimestamp(publishedAt) || beijingYear(publishedAt) !== query.year) {
    throw cursorError('not a position in this year');
  }
  if (!isWellFormedId(documentId)) throw cursorError(`not ${CATALOG_CURSOR.name}`);
  return { publishedAt, documentId };
}
