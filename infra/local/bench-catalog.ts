import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { documentClient } from '../../functions/adapters/aws';
import { partitions } from '../../functions/adapters/dynamo/keys';
import { Table } from '../../functions/adapters/dynamo/table';
import { createApi } from '../../functions/api/app';
import { buildDeps } from '../../functions/deps';
import { type CatalogEntry, matchesCatalogWords } from '../../shared/model/catalog';
import { countReadUnits, seedCatalogYear } from './catalog-load';
import { freePort } from './ports';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamo } from './services';

/**
 * `npm run bench:catalog`: what one GET /api/catalog costs at 1,000 and 20,000 entries in a year,
 * against DynamoDB Local (in memory) — the read units DynamoDB reports (ConsumedCapacity of every
 * read it served), latency in-process (API + adapter + DynamoDB Local) and the response's
 * size — for the unfiltered list, each filter, a keyword search, and a page deep in the year;
 * and, beside each, what the same request cost before the catalogue paged ("whole year": the
 * year's partition read to its end and filtered in memory, the query the route used to run).
 * DynamoDB Local computes consumed capacity as DynamoDB does (4 KB per read unit, eventually
 * consistent reads at half); its latency is not DynamoDB's, so compare the figures with each other.
 */
const SIZES = (process.env.BENCH_SIZES ?? '1000,20000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** The whole-year read takes seconds at 20,000 entries: fewer runs of it. */
const WHOLE_YEAR_RUNS = Math.min(RUNS, 5);
const TABLE = 'gongkai-bench';

const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-catalog-'));
const dynamo = await startDynamo(await freePort(), join(dataDir, 'dynamodb'), { inMemory: true });

const readUnits = countReadUnits(dynamo.client);

try {
  await ensureTable(dynamo.client, TABLE);
  const table = new Table(documentClient(dynamo.client), TABLE);
  const deps = buildDeps({
    tableName: TABLE,
    intakeBucket: 'unused',
    publicBucket: 'unused',
    publicBaseUrl: 'https://gk.example.gov.cn/public/',
    dynamo: dynamo.client,
    // The catalogue reads no object: a client that is never called.
    s3: new S3Client({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: 'http://127.0.0.1:9' }),
  });
  const api = createApi({
    deps,
    authenticate: async () => undefined,
    visitorOf: () => undefined,
    callbacks: { succeed: async () => {}, fail: async () => {} },
    workflow: { resume: async () => {} },
  });

  /** One page through the API, as a browser asks for it. */
  async function viaApi(path: string): Promise<string> {
    const res = await api.request(path);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
    return text;
  }

  /**
   * What GET /api/catalog did before it paged: the year's whole partition, newest first, filtered
   * in memory, every entry sent with its link.
   */
  async function wholeYear(year: number, filters: { agency?: string; category?: string; q?: string }) {
    const entries = await table.partition<CatalogEntry>(partitions.catalog(year), { newestFirst: true });
    const kept = entries.filter(
      (e) =>
        (!filters.agency || e.agency === filters.agency) &&
        (!filters.category || e.category === filters.category) &&
        matchesCatalogWords(e, filters.q),
    );
    return JSON.stringify(kept.map((e) => ({ ...e, url: deps.files.publicUrl(e.publicKey) })));
  }

  /** Read units, p50, p95, bytes and entries of `runs` requests (after two warm-ups). */
  async function measure(request: () => Promise<string>, runs = RUNS): Promise<string[]> {
    await request();
    await request();
    const times: number[] = [];
    let units = 0;
    let bytes = 0;
    let returned = 0;
    for (let r = 0; r < runs; r++) {
      const unitsBefore = readUnits.read();
      const t = performance.now();
      const text = await request();
      times.push(performance.now() - t);
      units = readUnits.read() - unitsBefore;
      bytes = Buffer.byteLength(text);
      const body = JSON.parse(text) as unknown[] | { entries: unknown[] };
      returned = Array.isArray(body) ? body.length : body.entries.length;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
    return [units.toFixed(1), at(0.5), at(0.95), String(bytes), String(returned)];
  }

  const rows: string[][] = [];
  for (const [i, size] of SIZES.entries()) {
    const year = 2061 + i;
    const t0 = performance.now();
    await seedCatalogYear(table, year, size);
    console.error(`seeded ${size} entries of ${year} in ${Math.round(performance.now() - t0)} ms`);
    const shapes: Array<[string, { agency?: string; category?: string; q?: string }]> = [
      ['all', {}],
      ['agency', { agency: 'edu' }],
      ['category', { category: '05' }],
      ['agency+category', { agency: 'edu', category: '05' }],
      ['keyword', { q: '供暖' }],
    ];
    for (const [name, filters] of shapes) {
      const query = new URLSearchParams({ year: String(year), ...filters }).toString();
      rows.push([String(size), name, 'pages', ...(await measure(() => viaApi(`/api/catalog?${query}`)))]);
      rows.push([
        String(size),
        name,
        'whole year',
        ...(await measure(() => wholeYear(year, filters), WHOLE_YEAR_RUNS)),
      ]);
    }
    const deep = await deepCursor(api, `year=${year}`, 50);
    if (deep) {
      rows.push([
        String(size),
        'all, page 51',
        'pages',
        ...(await measure(() => viaApi(`/api/catalog?year=${year}&${deep}`))),
      ]);
    }
  }
  printTable(['entries', 'query', 'read', 'read units', 'p50 ms', 'p95 ms', 'bytes', 'returned'], rows);
} finally {
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** The query string of page `pages + 1`, following `next` cursors; undefined when the API does not page. */
async function deepCursor(
  api: ReturnType<typeof createApi>,
  query: string,
  pages: number,
): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let p = 0; p < pages; p++) {
    const res = await api.request(`/api/catalog?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const body = (await res.json()) as unknown;
    if (Array.isArray(body)) return undefined;
    cursor = (body as { next?: string }).next;
    if (!cursor) return undefined;
  }
  return cursor ? `cursor=${encodeURIComponent(cursor)}` : undefined;
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}
