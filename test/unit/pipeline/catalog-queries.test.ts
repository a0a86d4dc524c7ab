import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../../infra/local/clock';
import { lookUpCatalogEntry, queryDataExpiry, visitorHash } from '../../../shared/pipeline/catalog-queries';
import { catalogItem, create, documentRecord } from '../../contract/fixtures';
import { createMemoryDeps, MemoryDocuments, MemoryPublications, MemoryState } from '../../support/memory';

const BROWSER = { address: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };

/** A published entry in a memory store whose state the test can look into. */
async function world() {
  const state = new MemoryState();
  const clock = new SettableClock();
  clock.set('2026-11-24T02:00:00.000Z');
  const deps = {
    ...createMemoryDeps({ clock }),
    documents: new MemoryDocuments(state),
    publications: new MemoryPublications(state),
  };
  const publishedAt = '2026-11-20T02:00:00.000Z';
  const doc = documentRecord({ status: 'PUBLISHED', publishedAt });
  await create(deps, doc, { catalogPut: catalogItem(doc, 2026, publishedAt) });
  const queries = async (visitor = BROWSER) => (await lookUpCatalogEntry(deps, doc.id, visitor))?.queries;
  return { state, clock, deps, doc, queries };
}

describe('READ-5(6) the public query counter', () => {
  it('counts a visitor once a day: a reload is not a query, another visitor or day is', async () => {
    const { clock, queries } = await world();
    expect(await queries()).toBe(1);
    expect(await queries()).toBe(1);
    expect(await queries({ ...BROWSER, address: '2001:db8::1' })).toBe(2);
    expect(await queries({ ...BROWSER, userAgent: 'curl/8.5.0' })).toBe(3);
    // 23:59 in Beijing is still the same day; 00:00 is the next.
    clock.set('2026-11-24T15:59:00.000Z');
    expect(await queries()).toBe(3);
    clock.set('2026-11-24T16:00:00.000Z');
    expect(await queries()).toBe(4);
  });

  it('stores no address or User-Agent: markers are salted hashes, and the salt is random per day', async () => {
    const { state, queries, doc } = await world();
    await queries();
    const stored = JSON.stringify([...state.queryMarkers, ...state.querySalts.entries()]);
    expect(stored).not.toContain(BROWSER.address);
    expect(stored).not.toContain('Firefox');
    const salt = state.querySalts.get('2026-11-24');
    expect(salt).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    expect([...state.queryMarkers]).toEqual([`2026-11-24#${doc.id}#${visitorHash(salt ?? '', doc.id, BROWSER)}`]);
    // Without the salt the hash cannot be recomputed from an address: another salt, another hash.
    expect(visitorHash('another salt', doc.id, BROWSER)).not.toBe(visitorHash(salt ?? '', doc.id, BROWSER));
    // One visitor's markers of two entries are not alike.
    expect(visitorHash(salt ?? '', 'other-entry', BROWSER)).not.toBe(visitorHash(salt ?? '', doc.id, BROWSER));
  });

  it('forgets the earlier days’ salts on a day’s first look-up', async () => {
    const { state, clock, queries } = await world();
    await queries();
    const monday = state.querySalts.get('2026-11-24');
    clock.set('2026-11-25T02:00:00.000Z');
    await queries();
    expect([...state.querySalts.keys()]).toEqual(['2026-11-25']);
    expect(state.querySalts.get('2026-11-25')).not.toBe(monday);
    await queries({ ...BROWSER, address: '198.51.100.20' });
    expect([...state.querySalts.keys()]).toEqual(['2026-11-25']);
  });

  it('lets a day’s salt and markers expire at the start of the day after next, in Beijing', () => {
    expect(queryDataExpiry('2026-11-24')).toBe(Date.parse('2026-11-26T00:00:00+08:00') / 1000);
    expect(queryDataExpiry('2026-12-31')).toBe(Date.parse('2027-01-02T00:00:00+08:00') / 1000);
  });

  it('counts nothing for a document without a public entry', async () => {
    const { deps, state } = await world();
    const draft = documentRecord();
    await create(deps, draft);
    expect(await lookUpCatalogEntry(deps, draft.id, BROWSER)).toBeUndefined();
    expect(await lookUpCatalogEntry(deps, 'no-such-document', BROWSER)).toBeUndefined();
    expect(state.queryMarkers.size).toBe(0);
  });
});
