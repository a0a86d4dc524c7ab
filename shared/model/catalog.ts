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
}

export interface InterpretationLink {
  readonly documentId: string;
  readonly indexNumber: string;
  readonly publicKey: string;
}

export interface CatalogQuery {
  readonly year: number;
  readonly agency?: string;
  /** Two-digit catalogue category. */
  readonly category?: string;
  readonly q?: string;
}

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

/** Whether an entry answers a catalogue query's filters (the year is the partition read). */
export function matchesCatalogQuery(entry: CatalogEntry, query: CatalogQuery): boolean {
  if (query.agency && entry.agency !== query.agency) return false;
  if (query.category && entry.category !== query.category) return false;
  const q = query.q?.trim().toLowerCase();
  if (!q) return true;
  return (
    entry.title.toLowerCase().includes(q) ||
    entry.indexNumber.includes(q) ||
    (entry.documentNumber ?? '').toLowerCase().includes(q)
  );
}
