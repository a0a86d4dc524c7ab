import type { DocumentType } from './lifecycle';
import { MAX_STORE_READ } from './paging';

/** An entry of the public catalogue (主动公开目录, FIVE-3 / READ-4). */
export interface CatalogEntry {
  readonly indexNumber: string;
  readonly documentId: string;
  readonly title: string;
  readonly agency: string;
  readonly agencyName: string;
  readonly category: string;
  readonly documentNumber?: string;
  readonly formedAt: string;
  readonly publishedAt: string;
  readonly publicKey: string;
  /** INTERP-2: an important policy, which must have an interpretation linked (INTERP-3, INTERP-6). */
  readonly importantPolicy?: boolean;
  readonly interpretation?: InterpretationLink;
  /** Set on an interpretation: the policy it interprets. */
  readonly interprets?: string;
  /** 更正 / 撤回 stay visible in the catalogue. */
  readonly status?: 'PUBLISHED' | 'CORRECTED' | 'WITHDRAWN';
  readonly corrections?: ReadonlyArray<{ readonly at: string; readonly note: string }>;
  readonly withdrawnAt?: string;
  readonly withdrawalReason?: string;
  /** READ-5(6): how often the public looked the entry up. */
  readonly queries?: number;
  /** A regulation or normative document shows whether it is in force (shared/model/lifecycle.ts). */
  readonly documentType?: DocumentType;
  readonly validUntil?: string;
  readonly abolishedOn?: string;
  readonly abolishingDocument?: string;
}

export interface InterpretationLink {
  readonly documentId: string;
  readonly indexNumber: string;
  readonly publicKey: string;
}

/** What a catalogue request filters by: the year, and optionally an agency, a category and words. */
export interface CatalogQuery {
  readonly year: number;
  readonly agency?: string;
  /** Two-digit catalogue category. */
  readonly category?: string;
  readonly q?: string;
}

/** Where a catalogue read stands in its year: the last entry read (entries run newest first). */
export interface CatalogPosition {
  readonly publishedAt: string;
  readonly documentId: string;
}

/**
 * One read of a year's catalogue, newest first: at most `limit` entries with this agency and/or
 * category (each a key of its own in the store, never a filter over the year), after `after`.
 */
export interface CatalogRead {
  readonly year: number;
  readonly agency?: string;
  readonly category?: string;
  readonly limit: number;
  readonly after?: CatalogPosition;
}

/** What a catalogue read found; `next` (the last entry read) when more may follow. */
export interface CatalogSlice {
  readonly entries: CatalogEntry[];
  readonly next?: CatalogPosition;
}

/** The most entries one read of the store may ask for: a bound on what any request costs. */
export const MAX_CATALOG_READ = MAX_STORE_READ;

/** Where a catalogue entry is kept: the year (in Beijing) and time it was published, and its document. */
export interface CatalogKey {
  readonly year: number;
  readonly publishedAt: string;
  readonly documentId: string;
}

/**
 * READ-5(6): one visitor's look-up of an entry on one day, as the query counter keeps it — a keyed
 * hash that stands for the visitor, never their address (shared/pipeline/catalog-queries.ts).
 */
export interface QueryVisit {
  /** The Beijing day (YYYY-MM-DD). */
  readonly day: string;
  /** HMAC-SHA256 of the entry and the visitor under the day's salt (base64url). */
  readonly visitor: string;
  /** When the marker may be deleted (epoch seconds: the table's TTL). */
  readonly expiresAt: number;
}

/** Whether an entry holds the words of a catalogue search: in its title, index number or document number. */
export function matchesCatalogWords(entry: CatalogEntry, words: string | undefined): boolean {
  const q = words?.trim().toLowerCase();
  if (!q) return true;
  return (
    entry.title.toLowerCase().includes(q) ||
    entry.indexNumber.includes(q) ||
    (entry.documentNumber ?? '').toLowerCase().includes(q)
  );
}
