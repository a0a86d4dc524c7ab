import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { catalogPutItem } from '../../functions/adapters/dynamo/publications';
import type { Table } from '../../functions/adapters/dynamo/table';
import type { CatalogEntry } from '../../shared/model/catalog';

/** The catalogue at scale, for `npm run bench:catalog` and the test that reads at 20,000 entries. */

const LOAD_AGENCIES = ['edu', 'health', 'stats', 'natres', 'civil', 'finance', 'hrss', 'housing', 'transport', 'water'];
const LOAD_CATEGORIES = ['01', '02', '03', '04', '05', '06', '07', '08', '09'];

/**
 * `size` entries published through `year`, over ten agencies and nine categories, every 40th title
 * with 供暖 in it — written as the adapter writes an entry (catalogPutItem: keys and index
 * attributes), 25 to a BatchWriteItem, `parallel` batches at a time.
 */
export async function seedCatalogYear(table: Table, year: number, size: number, parallel = 4): Promise<void> {
  const start = Date.parse(`${year}-01-01T01:00:00.000Z`);
  const step = Math.floor((360 * 86_400_000) / size);
  const items = Array.from({ length: size }, (_, n) => {
    const agency = LOAD_AGENCIES[n % LOAD_AGENCIES.length] ?? 'edu';
    const category = LOAD_CATEGORIES[Math.floor(n / LOAD_AGENCIES.length) % LOAD_CATEGORIES.length] ?? '02';
    const documentId = randomUUID();
    const publishedAt = new Date(start + n * step).toISOString();
    const entry: CatalogEntry = {
      indexNumber: `02${String(n % LOAD_AGENCIES.length).padStart(2, '0')}-${category}-${year}-${String(n + 1).padStart(6, '0')}`,
      documentId,
      title:
        n % 40 === 0
          ? `关于做好${year}年冬季供暖保障工作的通知（第${n}号）`
          : `关于印发${year}年第${n}批政务公开工作要点的通知`,
      agency,
      agencyName: `区${agency}局`,
      category,
      documentNumber: `台${agency}发〔${year}〕${n}号`,
      formedAt: publishedAt.slice(0, 10),
      publishedAt,
      publicKey: `public/${documentId}/notice.pdf`,
      status: 'PUBLISHED',
      ...(n % 3 === 0 ? { queries: n % 17 } : {}),
    };
    const put = catalogPutItem(table, { year, publishedAt, documentId }, entry).Put;
    if (!put?.Item) throw new Error('catalogPutItem made no item');
    return put.Item;
  });
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const write = async (batch: Record<string, unknown>[]) => {
    let request: Record<string, unknown[]> | undefined = {
      [table.name]: batch.map((Item) => ({ PutRequest: { Item } })),
    };
    while (request && Object.keys(request).length > 0) {
      const out = await table.client.send(new BatchWriteCommand({ RequestItems: request as never }));
      request = out.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (batch) await write(batch);
      }
    }),
  );
}

/**
 * Asks DynamoDB for the consumed capacity of every request `client` sends and adds up the read
 * units it reports (Query, GetItem, BatchGetItem …): `read()` is the total so far.
 */
export function countReadUnits(client: DynamoDBClient): { read(): number } {
  let units = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      const writes = /Write|Put|Update|Delete/.test(context.commandName ?? '');
      if (!writes) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      if (!writes) {
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          units += (c as { CapacityUnits?: number }).CapacityUnits ?? 0;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'countReadUnits' },
  );
  return { read: () => units };
}
