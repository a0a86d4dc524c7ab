import {
  type CatalogEntry,
  type CatalogKey,
  type CatalogRead,
  type CatalogSlice,
  MAX_CATALOG_READ,
  type QueryVisit,
} from '../../../shared/model/catalog';
import type { PublicationStore, SequenceClaim } from '../../../shared/ports';
import { byKey, compareKeys, copy, type Item, patched, stored, validationError } from './items';
import type { Operation } from './operation';
import { catalogSortKey, type MemoryState, partition, sequenceKey } from './state';

/** Takes the next sequence: the first one only when none was taken, later ones only after `expected`. */
export function sequenceOperation(state: MemoryState, claim: SequenceClaim): Operation {
  const key = sequenceKey(claim.agencyCode, claim.year);
  const last = state.sequences.get(key);
  const next = stored({ last: claim.next }).last;
  return {
    pk: `SEQ#${key}`,
    sk: 'SEQ',
    result: { last: next },
    condition: { part: 'sequence', holds: claim.expected === 0 ? last === undefined : last === claim.expected },
    apply: () => state.sequences.set(key, next),
  };
}

export function catalogPutOperation(state: MemoryState, key: CatalogKey, entry: CatalogEntry): Operation {
  const item = stored(entry);
  const entries = state.catalog.get(String(key.year));
  return {
    pk: `CATALOG#${key.year}`,
    sk: catalogSortKey(key),
    result: item as unknown as Item,
    condition: { part: 'catalog-exists', holds: !entries?.has(catalogSortKey(key)) },
    apply: () => partition(state.catalog, String(key.year)).set(catalogSortKey(key), item),
  };
}

/** Sets the patch's attributes and removes those it sets to undefined; the entry must exist. */
export function catalogUpdateOperation(state: MemoryState, key: CatalogKey, patch: Partial<CatalogEntry>): Operation {
  // An update with nothing to set or remove is a malformed request to DynamoDB.
  if (Object.keys(patch).length === 0) throw validationError('ExpressionAttributeNames must not be empty');
  const current = state.catalog.get(String(key.year))?.get(catalogSortKey(key));
  const next = current ? patched(current, patch as Item) : undefined;
  return {
    pk: `CATALOG#${key.year}`,
    sk: catalogSortKey(key),
    ...(next ? { result: next as unknown as Item } : {}),
    condition: { part: 'catalog-missing', holds: current !== undefined },
    apply: () => {
      if (next) partition(state.catalog, String(key.year)).set(catalogSortKey(key), next);
    },
  };
}

export class MemoryPublications implements PublicationStore {
  constructor(private readonly state: MemoryState) {}

  async lastSequence(agencyCode: string, year: number): Promise<number> {
    const last = this.state.sequences.get(sequenceKey(agencyCode, year));
    return typeof last === 'number' ? last : 0;
  }

  /**
   * As one DynamoDB Query of the year's partition or of a filter index: the entries with that
   * agency and/or category, newest first by key, strictly after `after`, at most `limit` — and a
   * `next` whenever `limit` were read. Each entry handed out is counted in `state.catalogReads`.
   */
  async catalogPage(read: CatalogRead): Promise<CatalogSlice> {
    if (!Number.isInteger(read.limit) || read.limit < 1 || read.limit > MAX_CATALOG_READ) {
      throw new RangeError(`a catalogue read takes 1 … ${MAX_CATALOG_READ} entries, not ${read.limit}`);
    }
    const entries = this.state.catalog.get(String(read.year));
    if (!entries) return { entries: [] };
    const after = read.after ? catalogSortKey(read.after) : undefined;
    const page = [...entries.entries()]
      .filter(([, e]) => (!read.agency || e.agency === read.agency) && (!read.category || e.category === read.category))
      .filter(([sk]) => after === undefined || compareKeys(sk, after) < 0)
      .sort(byKey(([sk]) => sk))
      .reverse()
      .slice(0, read.limit)
      .map(([, e]) => copy(e));
    this.state.catalogReads += page.length;
    const last = page.at(-1);
    return {
      entries: page,
      ...(page.length === read.limit && last
        ? { next: { publishedAt: last.publishedAt, documentId: last.documentId } }
        : {}),
    };
  }

  /** The marker and the count together: a visit seen before, or a missing entry, writes nothing. */
  async recordQuery(key: CatalogKey, visit: QueryVisit): Promise<CatalogEntry | undefined> {
    const entries = this.state.catalog.get(String(key.year));
    const entry = entries?.get(catalogSortKey(key));
    if (!entries || !entry) return undefined;
    const marker = `${visit.day}#${key.documentId}#${visit.visitor}`;
    if (this.state.queryMarkers.has(marker)) return copy(entry);
    if (entry.queries !== undefined && typeof entry.queries !== 'number') {
      throw validationError('An operand in the update expression has an incorrect data type');
    }
    const next = { ...entry, queries: (entry.queries ?? 0) + 1 };
    entries.set(catalogSortKey(key), next);
    this.state.queryMarkers.add(marker);
    return copy(next);
  }

  async querySalt(day: string, candidate: string, _expiresAt: number): Promise<{ salt: string; created: boolean }> {
    const known = this.state.querySalts.get(day);
    if (known !== undefined) return { salt: known, created: false };
    this.state.querySalts.set(day, candidate);
    return { salt: candidate, created: true };
  }

  async discardQuerySalts(before: string): Promise<void> {
    for (const day of [...this.state.querySalts.keys()]) if (day < before) this.state.querySalts.delete(day);
  }
}
