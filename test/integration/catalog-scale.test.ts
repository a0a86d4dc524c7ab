import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/aws';
import { indexCatalogEntries } from '../../functions/adapters/dynamo/publications';
import { Table } from '../../functions/adapters/dynamo/table';
import { buildDeps } from '../../functions/deps';
import { countReadUnits, seedCatalogYear } from '../../infra/local/catalog-load';
import {
  ensureTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type RunningDynamo,
  startDynamo,
} from '../../infra/local/services';
import { CATALOG_MAX_READS_PER_REQUEST, CATALOG_PAGE_LIMIT, catalogPage } from '../../shared/pipeline/catalog';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { freePort, tempDataDir } from './support';

/**
 * The catalogue on DynamoDB Local at 1,000 and 20,000 entries in a year: the read units DynamoDB
 * reports for one page do not grow with the year (the issue measured ~1,250 for the old whole-year
 * read at 20,000). Every shape of request: the year, an agency, a category, both, a keyword, page 51.
 */
describe('the catalogue reads by the page on DynamoDB, not by the year', () => {
  const data = tempDataDir();
  let dynamo: RunningDynamo;
  let deps: PipelineDeps;
  let units: { read(): number };
  const SMALL = 2061;
  const LARGE = 2062;

  beforeAll(async () => {
    dynamo = await startDynamo(await freePort(), join(data.dir, 'dynamodb'), { inMemory: true });
    await ensureTable(dynamo.client, 'gongkai');
    units = countReadUnits(dynamo.client);
    deps = buildDeps({
      tableName: 'gongkai',
      intakeBucket: 'unused',
      publicBucket: 'unused',
      publicBaseUrl: '',
      dynamo: dynamo.client,
      // The catalogue reads no object.
      s3: new S3Client({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: 'http://127.0.0.1:9' }),
    });
    const table = new Table(documentClient(dynamo.client), 'gongkai');
    await seedCatalogYear(table, SMALL, 1000);
    await seedCatalogYear(table, LARGE, 20_000);
  }, 600_000);

  afterAll(async () => {
    await dynamo?.stop();
    data.remove();
  });

  const cost = async (request: Parameters<typeof catalogPage>[1]) => {
    const before = units.read();
    const page = await catalogPage(deps.publications, request);
    return { units: units.read() - before, page };
  };

  it.each([
    ['the year', {}],
    ['an agency', { agency: 'edu' }],
    ['a category', { category: '05' }],
    ['an agency and a category', { agency: 'edu', category: '05' }],
    ['a keyword', { q: '供暖' }],
  ] as const)('one page of %s costs no more at 20,000 entries than at 1,000', async (_what, filters) => {
    const small = await cost({ year: SMALL, limit: CATALOG_PAGE_LIMIT, ...filters });
    const large = await cost({ year: LARGE, limit: CATALOG_PAGE_LIMIT, ...filters });
    expect(large.page.entries.length).toBeGreaterThan(0);
    expect(large.page.next).toBeDefined();
    // An entry is ~0.5 KB: a page of 101 is ~13 read units, a search's 1,004 about 65 — the old
    // whole-year read was 1,081 at 20,000 on this machine.
    const bound = ((filters as { q?: string }).q ? CATALOG_MAX_READS_PER_REQUEST : CATALOG_PAGE_LIMIT + 1) / 8 + 1;
    expect(large.units).toBeGreaterThan(0);
    expect(large.units).toBeLessThanOrEqual(bound);
    // The small year fills the page too, or reads less: what a page costs never grows with the year.
    if (small.page.next) expect(large.units).toBeLessThanOrEqual(small.units + 1);
    else expect(small.units).toBeLessThanOrEqual(large.units);
  });

  it('an upgrade indexes the entries published before paging: then the filters find them', async () => {
    const table = new Table(documentClient(dynamo.client), 'gongkai');
    const year = 2063;
    const entry = {
      indexNumber: '0201-05-2063-000001',
      documentId: randomUUID(),
      title: '区教育局2063年部门预算公开',
      agency: 'edu',
      agencyName: '区教育局',
      category: '05',
      formedAt: '2063-03-01',
      publishedAt: '2063-03-02T02:00:00.000Z',
      publicKey: 'public/x/budget.pdf',
    };
    // As the adapter wrote an entry before: its keys, no index attributes.
    await table.client.send(
      new PutCommand({
        TableName: 'gongkai',
        Item: { pk: `CATALOG#${year}`, sk: `${entry.publishedAt}#${entry.documentId}`, ...entry },
      }),
    );
    const filtered = () => catalogPage(deps.publications, { year, limit: 10, agency: 'edu', category: '05' });
    expect((await catalogPage(deps.publications, { year, limit: 10 })).entries).toHaveLength(1);
    expect((await filtered()).entries).toEqual([]);
    const done = await indexCatalogEntries(table);
    expect(done.indexed).toBe(1);
    expect((await filtered()).entries).toEqual([entry]);
    expect((await catalogPage(deps.publications, { year, limit: 10, category: '05' })).entries).toEqual([entry]);
    // Run again: nothing left to index (the 21,000 seeded entries have their keys already).
    expect((await indexCatalogEntries(table)).indexed).toBe(0);
  });

  it('page 51 of 20,000 costs what page 1 does', async () => {
    let next: string | undefined;
    const first = await cost({ year: LARGE, limit: CATALOG_PAGE_LIMIT });
    next = first.page.next;
    for (let p = 1; p < 50; p++)
      next = (await catalogPage(deps.publications, { year: LARGE, limit: 100, cursor: next })).next;
    const deep = await cost({ year: LARGE, limit: CATALOG_PAGE_LIMIT, ...(next ? { cursor: next } : {}) });
    expect(deep.page.entries).toHaveLength(CATALOG_PAGE_LIMIT);
    expect(deep.units).toBeLessThanOrEqual(first.units + 1);
  });
});
