import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AttributeValue, type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { buildDeps } from '../../../functions/deps';
import type { DocumentRecord } from '../../../shared/model/document';
import { uploadKey } from '../../../shared/model/object-keys';
import { createDocument } from '../../../shared/pipeline/write';
import type { DocumentStore } from '../../../shared/ports';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamo } from '../services';
import { itemSize } from './meter';

const TABLE = 'gongkai';
const AGENCY = 'edu';
const YEAR = 2026;

/** Sizes (bytes, as DynamoDB counts them) of the items one agency-year's writes touch. */
export interface ItemSnapshot {
  readonly openDocuments: number;
  /** The agency-year's score counters (SCORE#<year> / AGENCY#<agency>[#shard]): the largest of its items. */
  readonly scoreCounters: number;
  /** How many items the counters are kept in (shards). */
  readonly counterItems: number;
  /** The latest document's item. */
  readonly document: number;
  /** One open document's own entry beside the counters (SCORE#<year> / OPEN#…). */
  readonly openEntry: number;
}

/** A registered document of the agency-year, counted open until it is published. */
export function openDocument(n: number): DocumentRecord {
  const id = randomUUID();
  const createdAt = new Date(Date.UTC(YEAR, 0, 5) + n * 1000).toISOString();
  return {
    id,
    status: 'RECEIVED',
    title: `关于做好${YEAR}年第${n}项公开工作的通知`,
    agency: AGENCY,
    department: 'office',
    category: '02',
    formedAt: `${YEAR}-01-05`,
    dueAt: `${YEAR}-02-02`,
    disclosure: 'proactive',
    origin: 'made',
    filename: 'notice.txt',
    contentType: 'text/plain',
    uploadedBy: 'zhang.wei',
    createdAt,
    updatedAt: createdAt,
    objectKey: uploadKey(id),
  };
}

/** Registers documents `from`…`to - 1` through the domain's write (writeDocument + scoreChange), `parallel` at a time. */
export async function registerOpen(documents: DocumentStore, from: number, to: number, parallel = 16) {
  let next = from;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let n = next++; n < to; n = next++) {
        const doc = openDocument(n);
        await createDocument(documents, doc, { at: doc.createdAt, actor: doc.uploadedBy });
      }
    }),
  );
}

async function sizeOf(client: DynamoDBClient, pk: string, sk: string): Promise<number> {
  const out = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk }, sk: { S: sk } } }));
  if (!out.Item) throw new Error(`no item ${pk} / ${sk}`);
  return itemSize(out.Item);
}

async function snapshot(client: DynamoDBClient, openDocuments: number, lastId: string): Promise<ItemSnapshot> {
  const open = await client.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :open)',
      ExpressionAttributeValues: { ':pk': { S: `SCORE#${YEAR}` }, ':open': { S: `OPEN#${AGENCY}#` } },
      Limit: 1,
    }),
  );
  const entry = open.Items?.[0] as Record<string, AttributeValue> | undefined;
  // The counters may be one item or shards of it (AGENCY#<agency>#<shard>): the largest counts.
  const counters = await client.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agency)',
      ExpressionAttributeValues: { ':pk': { S: `SCORE#${YEAR}` }, ':agency': { S: `AGENCY#${AGENCY}` } },
    }),
  );
  const shards = (counters.Items ?? []).filter(
    (i) => i.sk?.S === `AGENCY#${AGENCY}` || i.sk?.S?.startsWith(`AGENCY#${AGENCY}#`),
  );
  if (shards.length === 0) throw new Error(`no score counters of ${AGENCY} ${YEAR}`);
  return {
    openDocuments,
    scoreCounters: Math.max(...shards.map((i) => itemSize(i))),
    counterItems: shards.length,
    document: await sizeOf(client, `DOC#${lastId}`, 'DOC'),
    openEntry: entry ? itemSize(entry) : 0,
  };
}

/**
 * Grows one agency-year from `small` to `large` open documents on DynamoDB Local (in memory, its
 * own port) through the domain's writes, and reads the sizes of its items at both ends: nothing an
 * agency-year's writes touch may grow with the number of its open documents.
 */
export async function measureItemSizes(
  options: { small?: number; large?: number; port?: number } = {},
): Promise<{ at100: number; at10000: number; detail: { small: ItemSnapshot; large: ItemSnapshot; seconds: number } }> {
  const small = options.small ?? 100;
  const large = options.large ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-items-'));
  const dynamo = await startDynamo(options.port ?? 3980, join(dir, 'dynamodb'), { inMemory: true });
  const s3 = new S3Client({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: 'http://127.0.0.1:1' });
  try {
    await ensureTable(dynamo.client, TABLE);
    const deps = buildDeps({
      tableName: TABLE,
      intakeBucket: 'unused',
      publicBucket: 'unused',
      publicBaseUrl: '',
      dynamo: dynamo.client,
      s3,
    });
    const started = performance.now();
    const latest = async () => (await deps.documents.listByAgency(AGENCY, 1))[0]?.id ?? '';
    await registerOpen(deps.documents, 0, small);
    const at100 = await snapshot(dynamo.client, small, await latest());
    await registerOpen(deps.documents, small, large);
    const at10000 = await snapshot(dynamo.client, large, await latest());
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const largest = (s: ItemSnapshot) => Math.max(s.scoreCounters, s.document, s.openEntry);
    return { at100: largest(at100), at10000: largest(at10000), detail: { small: at100, large: at10000, seconds } };
  } finally {
    s3.destroy();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await measureItemSizes(), null, 2));
}
