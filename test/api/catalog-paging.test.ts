import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CatalogSchema } from '../../shared/api/responses';
import type { CatalogEntry } from '../../shared/model/catalog';
import {
  CATALOG_MAX_READS_PER_REQUEST,
  CATALOG_PAGE_LIMIT,
  CATALOG_SEARCH_READ,
  encodeCatalogCursor,
} from '../../shared/pipeline/catalog';
import { createWorld, type World } from './support';

/**
 * GET /api/catalog pages (READ-4): `limit` ≤ 100, an opaque `cursor`, agency and category read by
 * their own keys — so what a request reads is bounded by its page, not by the size of the year.
 */

const AGENCIES = ['edu', 'health', 'stats', 'natres', 'civil'];
const CATEGORIES = ['01', '02', '03', '04', '05', '06', '07', '08', '09'];

/**
 * `size` entries published through `year`, put into the store as publication puts them (the
 * commit path is tested elsewhere; 20,000 publications through the pipeline would take minutes).
 * Every 40th title holds 供暖.
 */
function seedCatalog(w: World, year: number, size: number): CatalogEntry[] {
  const entries = w.deps.state.catalog.get(String(year)) ?? new Map<string, CatalogEntry>();
  w.deps.state.catalog.set(String(year), entries);
  const start = Date.parse(`${year}-01-01T01:00:00.000Z`);
  const step = Math.floor((360 * 86_400_000) / size);
  const made: CatalogEntry[] = [];
  for (let n = 0; n < size; n++) {
    const publishedAt = new Date(start + n * step).toISOString();
    const documentId = randomUUID();
    const agency = AGENCIES[n % AGENCIES.length] ?? 'edu';
    const category = CATEGORIES[Math.floor(n / AGENCIES.length) % CATEGORIES.length] ?? '02';
    const entry: CatalogEntry = {
      indexNumber: `02${String(n % AGENCIES.length).padStart(2, '0')}-${category}-${year}-${String(n + 1).padStart(6, '0')}`,
      documentId,
      title: n % 40 === 0 ? `关于做好冬季供暖保障工作的通知（第${n}号）` : `关于印发第${n}批政务公开工作要点的通知`,
      agency,
      agencyName: agency,
      category,
      formedAt: publishedAt.slice(0, 10),
      publishedAt,
      publicKey: `public/${documentId}/notice.txt`,
    };
    entries.set(`${publishedAt}#${documentId}`, entry);
    made.push(entry);
  }
  return made;
}

const newestFirst = (entries: CatalogEntry[]) =>
  [...entries].sort((a, b) =>
    a.publishedAt === b.publishedAt
      ? b.documentId.localeCompare(a.documentId)
      : b.publishedAt.localeCompare(a.publishedAt),
  );

async function page(w: World, query: string) {
  const res = await w.call('GET', `/api/catalog?${query}`);
  expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
  return CatalogSchema.parse(res.body);
}

/** Every page of a query, following `next`; how many entries the store handed out for each request. */
async function allPages(w: World, query: string) {
  const pages: Array<{ ids: string[]; reads: number; searched?: number }> = [];
  let cursor: string | undefined;
  do {
    const before = w.deps.state.catalogReads;
    const body = await page(w, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    pages.push({
      ids: body.entries.map((e) => e.documentId),
      reads: w.deps.state.catalogReads - before,
      ...(body.searched !== undefined ? { searched: body.searched } : {}),
    });
    cursor = body.next;
    if (pages.length > 500) throw new Error('the pages never end');
  } while (cursor);
  return pages;
}

describe('/api/catalog pages', () => {
  it('pages through a year newest first: each entry once, 100 a page by default, no empty last page', async () => {
    const w = createWorld();
    const entries = newestFirst(seedCatalog(w, 2031, 250));
    const pages = await allPages(w, 'year=2031');
    expect(pages.map((p) => p.ids.length)).toEqual([100, 100, 50]);
    expect(pages.flatMap((p) => p.ids)).toEqual(entries.map((e) => e.documentId));
    // An exact multiple of the page ends without an empty page after it.
    const w2 = createWorld();
    seedCatalog(w2, 2031, 200);
    expect((await allPages(w2, 'year=2031')).map((p) => p.ids.length)).toEqual([100, 100]);
  });

  it('pages a filter by agency, category or both, as the unfiltered list filtered', async () => {
    const w = createWorld();
    const entries = newestFirst(seedCatalog(w, 2031, 600));
    for (const [query, keep] of [
      ['agency=edu', (e: CatalogEntry) => e.agency === 'edu'],
      ['category=05', (e: CatalogEntry) => e.category === '05'],
      ['agency=health&category=02', (e: CatalogEntry) => e.agency === 'health' && e.category === '02'],
    ] as const) {
      const ids = (await allPages(w, `year=2031&limit=7&${query}`)).flatMap((p) => p.ids);
      const wanted = entries.filter(keep).map((e) => e.documentId);
      expect(wanted.length, query).toBeGreaterThan(7);
      expect(ids, query).toEqual(wanted);
    }
  });

  it('a keyword search looks through at most CATALOG_SEARCH_READ entries a request and says how far it got', async () => {
    const w = createWorld();
    const entries = newestFirst(seedCatalog(w, 2031, 3000));
    const wanted = entries.filter((e) => e.title.includes('供暖')).map((e) => e.documentId);
    expect(wanted).toHaveLength(75);
    const pages = await allPages(w, `year=2031&limit=10&q=${encodeURIComponent('供暖')}`);
    expect(pages.flatMap((p) => p.ids)).toEqual(wanted);
    for (const p of pages) {
      expect(p.searched).toBeLessThanOrEqual(CATALOG_SEARCH_READ);
      expect(p.reads).toBeLessThanOrEqual(CATALOG_MAX_READS_PER_REQUEST);
    }
    // Ten hits are 400 entries in: a page stops when it is full, not at the end of its budget.
    expect(pages[0]?.searched).toBe(400);
    // A word nobody wrote: the year is looked through a thousand entries at a time.
    const none = await allPages(w, `year=2031&q=${encodeURIComponent('没有这样的文件')}`);
    expect(none.map((p) => [p.ids.length, p.searched])).toEqual([
      [0, 1000],
      [0, 1000],
      [0, 1000],
    ]);
  });

  it('reads no more per request at 20,000 entries than at 5,000 or 1,000: bounded by the page, not the year', async () => {
    const w = createWorld();
    const sizes = { 2031: 1000, 2032: 5000, 2033: 20_000 } as const;
    for (const [year, size] of Object.entries(sizes)) seedCatalog(w, Number(year), size);
    const shapes = ['', '&agency=edu', '&category=05', '&agency=edu&category=05', `&q=${encodeURIComponent('供暖')}`];
    const cost = async (year: number, shape: string) => {
      const before = w.deps.state.catalogReads;
      const res = await w.call('GET', `/api/catalog?year=${year}${shape}`);
      expect(res.status).toBe(200);
      return { reads: w.deps.state.catalogReads - before, bytes: JSON.stringify(res.body).length, body: res.body };
    };
    for (const shape of shapes) {
      const [small, medium, large] = [await cost(2031, shape), await cost(2032, shape), await cost(2033, shape)];
      const bound = shape.includes('q=') ? CATALOG_MAX_READS_PER_REQUEST : CATALOG_PAGE_LIMIT + 1;
      // A page that 1,000 entries fill costs what it costs at 20,000; one they do not fill, less.
      expect(large.reads, shape).toBeLessThanOrEqual(bound);
      expect(large.reads, shape).toBe(medium.reads);
      expect(small.reads, shape).toBeLessThanOrEqual(large.reads);
      if (small.body.next) expect(small.reads, shape).toBe(large.reads);
      expect(large.body.entries.length, shape).toBeLessThanOrEqual(CATALOG_PAGE_LIMIT);
      expect(large.bytes, shape).toBeLessThan(100 * 1024);
    }
    // Page 51 of the large year costs what the first does.
    let cursor: string | undefined;
    for (let p = 0; p < 50; p++) cursor = (await page(w, `year=2033${cursor ? `&cursor=${cursor}` : ''}`)).next;
    const before = w.deps.state.catalogReads;
    const deep = await page(w, `year=2033&cursor=${cursor}`);
    expect(w.deps.state.catalogReads - before).toBe(CATALOG_PAGE_LIMIT + 1);
    expect(deep.entries).toHaveLength(CATALOG_PAGE_LIMIT);
  });

  it('refuses a bad limit or a cursor it did not give out for this query: 400, nothing read', async () => {
    const w = createWorld();
    const all = newestFirst(seedCatalog(w, 2031, 20));
    const [entry] = all;
    const first = await page(w, 'year=2031&limit=5');
    expect(first.next).toBeDefined();
    const position = { publishedAt: entry?.publishedAt ?? '', documentId: entry?.documentId ?? '' };
    const forged = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const bad = [
      'year=2031&limit=0',
      'year=2031&limit=101',
      'year=2031&limit=ten',
      'year=2031&limit=2.5',
      'year=2031&cursor=',
      'year=2031&cursor=not-a-cursor',
      `year=2031&cursor=${'A'.repeat(401)}`,
      // The cursor of another query: the year, an agency, or the words differ.
      `year=2030&cursor=${first.next}`,
      `year=2031&agency=edu&cursor=${first.next}`,
      `year=2031&q=x&cursor=${first.next}`,
      // Well-formed cursors the server never gave out: a raw key, another year's time, no id.
      `year=2031&cursor=${forged({ pk: 'DOC#x', sk: 'DOC' })}`,
      `year=2031&cursor=${encodeCatalogCursor({ ...position, publishedAt: '2030-06-01T00:00:00.000Z' }, { year: 2031 })}`,
      `year=2031&cursor=${encodeCatalogCursor({ ...position, publishedAt: '2031-02-30T00:00:00.000Z' }, { year: 2031 })}`,
      `year=2031&cursor=${encodeCatalogCursor({ ...position, documentId: '../DOC#x' }, { year: 2031 })}`,
    ];
    for (const query of bad) {
      const before = w.deps.state.catalogReads;
      const res = await w.call('GET', `/api/catalog?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('invalid_input');
      expect(w.deps.state.catalogReads, query).toBe(before);
    }
    // The one it gave out goes on where the first page stopped.
    const second = await page(w, `year=2031&limit=5&cursor=${first.next}`);
    expect([...first.entries, ...second.entries].map((e) => e.documentId)).toEqual(
      all.slice(0, 10).map((e) => e.documentId),
    );
  });
});
