import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { TABLE_INDEXES, type TableIndex } from '../../../shared/storage-keys';

/**
 * What DynamoDB would bill for the requests a client sends, computed from item sizes: DynamoDB
 * Local's ConsumedCapacity counts items of equal cost in a transaction once and leaves out the
 * indexes. A middleware on the client (the one the runtime's adapters use) sees every request;
 * the items a write touches are read before and after it through a second, unmetered client.
 *
 * Sizes follow the DynamoDB developer guide ("Item sizes and formats"): attribute names and values
 * in UTF-8, numbers 1 byte per two significant digits + 1, lists and maps 3 bytes + 1 per element.
 * dyno-item-size (MIT) does the same on unmarshalled values but without the per-element byte and
 * without sets; the meter sees marshalled attribute values, so it counts those directly.
 */

type Item = Record<string, AttributeValue>;
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  const digits = n.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.min(digits.length, 38) / 2) + 1;
}

export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((s, x) => s + utf8(x), 0);
  if (v.NS) return v.NS.reduce((s, x) => s + numberSize(x), 0);
  if (v.BS) return v.BS.reduce((s, x) => s + x.length, 0);
  if (v.L) return 3 + v.L.reduce((s, x) => s + valueSize(x) + 1, 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + utf8(k) + valueSize(x) + 1, 0);
  throw new Error(`unknown attribute value ${JSON.stringify(v)}`);
}

/** The size DynamoDB counts for an item (marshalled), in bytes. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((s, [k, v]) => s + utf8(k) + valueSize(v), 0);
}

/** The same for an item as the document client hands it over (plain values). */
export function plainItemSize(item: Record<string, unknown>): number {
  return itemSize(marshall(item, { removeUndefinedValues: true }) as Item);
}

export interface WriteCharge {
  readonly command: string;
  readonly op: string;
  readonly pk: string;
  readonly sk: string;
  readonly bytes: number;
  /** The table's units (×2 in a transaction) and the indexes', each. */
  readonly wru: number;
  readonly indexes: readonly string[];
}

export interface DynamoUsage {
  requests: number;
  /** GetItems of a document item, inside a step (`inStep`) and elsewhere (the API). */
  readonly documentReads: { steps: number; other: number };
  wru: number;
  rru: number;
  readonly byCommand: Record<string, number>;
  readonly writes: WriteCharge[];
}

interface Target {
  readonly op: string;
  readonly table: string;
  readonly key: Item;
}

const BARRIER = '#commit-barrier';
const isBarrier = (input: { Key?: Item }) => input.Key?.pk?.S === BARRIER;

/** The items a write request touches. */
function targetsOf(command: string, input: Record<string, unknown>): { targets: Target[]; transaction: boolean } {
  const keyOf = (item: Item): Item => ({ pk: item.pk as AttributeValue, sk: item.sk as AttributeValue });
  const table = String(input.TableName ?? '');
  switch (command) {
    case 'PutItem':
      return { targets: [{ op: 'Put', table, key: keyOf(input.Item as Item) }], transaction: false };
    case 'UpdateItem':
    case 'DeleteItem':
      return { targets: [{ op: command.replace('Item', ''), table, key: input.Key as Item }], transaction: false };
    case 'TransactWriteItems': {
      const items = input.TransactItems as Array<Record<string, { TableName: string; Key?: Item; Item?: Item }>>;
      const targets = items.flatMap((entry) =>
        Object.entries(entry).map(([op, part]) => ({
          op,
          table: part.TableName,
          key: part.Key ?? keyOf(part.Item as Item),
        })),
      );
      return { targets, transaction: true };
    }
    case 'BatchWriteItem': {
      const requests = input.RequestItems as Record<
        string,
        Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>
      >;
      const targets = Object.entries(requests).flatMap(([t, rs]) =>
        rs.map((r) =>
          r.PutRequest
            ? { op: 'Put', table: t, key: keyOf(r.PutRequest.Item) }
            : { op: 'Delete', table: t, key: r.DeleteRequest?.Key as Item },
        ),
      );
      return { targets, transaction: false };
    }
    default:
      return { targets: [], transaction: false };
  }
}

/** What an index holds of an item: all of it, or the keys and the attributes it projects. */
function projected(item: Item, index: TableIndex): Item {
  if (!index.projection) return item;
  const names = ['pk', 'sk', index.partitionKey, index.sortKey, ...index.projection];
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n] as AttributeValue]));
}

const kb = (bytes: number, unit: number) => Math.max(1, Math.ceil(bytes / unit));
const indexKey = (item: Item | undefined, index: TableIndex) => {
  const pk = item?.[index.partitionKey]?.S;
  const sk = item?.[index.sortKey]?.S;
  return pk !== undefined && sk !== undefined ? `${pk}\u0000${sk}` : undefined;
};

/** Read units of items read: 4 KB a unit, half of it eventually consistent, twice in a transaction. */
function readUnits(command: string, input: Record<string, unknown>, output: Record<string, unknown>): number {
  const size = (item: unknown) =>
    typeof (item as { pk?: unknown }).pk === 'string'
      ? plainItemSize(item as Record<string, unknown>)
      : itemSize(item as Item);
  const factor = input.ConsistentRead === true && input.IndexName === undefined ? 1 : 0.5;
  switch (command) {
    case 'GetItem':
      return kb(output.Item ? size(output.Item) : 0, 4096) * factor;
    case 'Query':
    case 'Scan': {
      const items = (output.Items ?? []) as unknown[];
      return (
        kb(
          items.reduce<number>((s, i) => s + size(i), 0),
          4096,
        ) * factor
      );
    }
    case 'BatchGetItem': {
      const responses = (output.Responses ?? {}) as Record<string, unknown[]>;
      const asked = (input.RequestItems ?? {}) as Record<string, { ConsistentRead?: boolean }>;
      return Object.entries(responses).reduce(
        (s, [t, items]) =>
          s + items.reduce<number>((u, i) => u + kb(size(i), 4096) * (asked[t]?.ConsistentRead ? 1 : 0.5), 0),
        0,
      );
    }
    case 'TransactGetItems': {
      const responses = (output.Responses ?? []) as Array<{ Item?: unknown }>;
      return responses.reduce((s, r) => s + 2 * kb(r.Item ? size(r.Item) : 0, 4096), 0);
    }
    default:
      return 0;
  }
}

/**
 * Meters a client: every request it sends from now on is counted in `usage`. `raw` reads the
 * items a write touches before and after it (not metered). Returns `reset` to start counting anew.
 */
export function attachDynamoMeter(client: DynamoDBClient, raw: DynamoDBClient, inStep: () => boolean = () => false) {
  const usage: DynamoUsage = {
    requests: 0,
    documentReads: { steps: 0, other: 0 },
    wru: 0,
    rru: 0,
    byCommand: {},
    writes: [],
  };
  const images = async (targets: readonly Target[]): Promise<Array<Item | undefined>> => {
    if (targets.length === 0) return [];
    const byTable = new Map<string, Item[]>();
    for (const t of targets) byTable.set(t.table, [...(byTable.get(t.table) ?? []), t.key]);
    const found = new Map<string, Item>();
    for (const [table, keys] of byTable) {
      const unique = [...new Map(keys.map((k) => [`${k.pk?.S}\u0000${k.sk?.S}`, k])).values()];
      for (let i = 0; i < unique.length; i += 100) {
        let request: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = {
          [table]: { Keys: unique.slice(i, i + 100), ConsistentRead: true },
        };
        while (request && Object.keys(request).length > 0) {
          const out = await raw.send(new BatchGetItemCommand({ RequestItems: request }));
          for (const item of out.Responses?.[table] ?? []) found.set(`${item.pk?.S}\u0000${item.sk?.S}`, item);
          request = out.UnprocessedKeys as typeof request;
        }
      }
    }
    return targets.map((t) => found.get(`${t.key.pk?.S}\u0000${t.key.sk?.S}`));
  };
  const charge = (
    command: string,
    transaction: boolean,
    targets: Target[],
    before: Array<Item | undefined>,
    after: Array<Item | undefined>,
  ) => {
    targets.forEach((t, i) => {
      const pre = before[i];
      const post = after[i];
      const bytes = Math.max(pre ? itemSize(pre) : 0, post ? itemSize(post) : 0);
      let wru = kb(bytes, 1024) * (transaction ? 2 : 1);
      const indexes: string[] = [];
      const changed = JSON.stringify(pre) !== JSON.stringify(post);
      for (const index of TABLE_INDEXES as readonly TableIndex[]) {
        if (!changed) break;
        const from = indexKey(pre, index);
        const to = indexKey(post, index);
        const before = from === undefined ? undefined : projected(pre as Item, index);
        const after = to === undefined ? undefined : projected(post as Item, index);
        // An index entry whose projected attributes did not change is not written.
        if (from === to && JSON.stringify(before) === JSON.stringify(after)) continue;
        // A changed index key is a delete and a put in the index; otherwise one write of the entry.
        if (from !== undefined && from === to) wru += kb(itemSize(after as Item), 1024);
        else {
          if (before) wru += kb(itemSize(before), 1024);
          if (after) wru += kb(itemSize(after), 1024);
        }
        indexes.push(index.name);
      }
      usage.wru += wru;
      usage.writes.push({ command, op: t.op, pk: String(t.key.pk?.S), sk: String(t.key.sk?.S), bytes, wru, indexes });
    });
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (isBarrier(input as { Key?: Item })) return next(args);
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      usage.requests++;
      usage.byCommand[command] = (usage.byCommand[command] ?? 0) + 1;
      const key = input.Key as Item | undefined;
      if (command === 'GetItem' && key?.sk?.S === 'DOC' && key.pk?.S?.startsWith('DOC#')) {
        usage.documentReads[inStep() ? 'steps' : 'other']++;
      }
      const { targets, transaction } = targetsOf(command, input);
      const before = await images(targets);
      try {
        const result = await next(args);
        usage.rru += readUnits(command, input, result.output as unknown as Record<string, unknown>);
        return result;
      } finally {
        // A write whose condition failed is billed too (with what it found).
        if (targets.length) charge(command, transaction, targets, before, await images(targets));
      }
    },
    // After the document client marshalled the input: the meter reads attribute values.
    { step: 'build', name: 'gongkaiBenchDynamoMeter' },
  );
  return {
    usage,
    reset() {
      Object.assign(usage, { requests: 0, wru: 0, rru: 0 });
      Object.assign(usage.documentReads, { steps: 0, other: 0 });
      for (const k of Object.keys(usage.byCommand)) delete usage.byCommand[k];
      usage.writes.length = 0;
    },
  };
}

export interface S3Usage {
  put: number;
  get: number;
  other: number;
  readonly byCommand: Record<string, number>;
}

/** S3's request classes: PUT/COPY/POST/LIST priced as writes, GET as reads, the rest (HEAD, DELETE) apart. */
const S3_PUT = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload']);

/** Counts the requests an S3 client sends, by class. */
export function attachS3Meter(client: S3Client) {
  const usage: S3Usage = { put: 0, get: 0, other: 0, byCommand: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      usage.byCommand[command] = (usage.byCommand[command] ?? 0) + 1;
      if (S3_PUT.has(command)) usage.put++;
      else if (command === 'GetObject') usage.get++;
      else usage.other++;
      return next(args);
    },
    // The innermost step: a presigned URL (built through the same stack) never gets here, only sent requests.
    { step: 'deserialize', name: 'gongkaiBenchS3Meter' },
  );
  return {
    usage,
    reset() {
      Object.assign(usage, { put: 0, get: 0, other: 0 });
      for (const k of Object.keys(usage.byCommand)) delete usage.byCommand[k];
    },
  };
}
