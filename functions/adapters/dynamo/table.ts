import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Key = { pk: string; sk: string };

/** An item without its key and index attributes: the domain record it stores. */
export function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    gsi3pk: _e,
    gsi4pk: _f,
    gsi5pk: _g,
    gsi5sk: _h,
    gsi6pk: _i,
    gsi6sk: _j,
    ...rest
  } = item;
  return rest as T;
}

export function isConditionFailure(err: unknown): boolean {
  if (err instanceof Error && err.name === 'ConditionalCheckFailedException') return true;
  return (
    err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

/** Builds `SET a = :a, ... REMOVE b` for a patch; undefined values are removed. */
export function updateExpression(patch: Item, prefix = 'p') {
  const names: Record<string, string> = {};
  const values: Item = {};
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(patch).forEach(([name, value], i) => {
    names[`#${prefix}${i}`] = name;
    if (value === undefined) removes.push(`#${prefix}${i}`);
    else {
      values[`:${prefix}${i}`] = value;
      sets.push(`#${prefix}${i} = :${prefix}${i}`);
    }
  });
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return {
    expression,
    names,
    ...(Object.keys(values).length ? { values } : {}),
  };
}

/** The one table every adapter shares, with the reads they all need. */
export class Table {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get<T>(key: Key, consistent = false): Promise<T | undefined> {
    return strip<T>(await this.getItem(key, consistent));
  }

  /** The item as stored, keys and all. */
  async getItem(key: Key, consistent = false): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: consistent }),
    );
    return Item;
  }

  async put(item: Item): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.name, Item: item }));
  }

  /** Every item of a query (or the first `limit`), page by page: a page stops at 1 MB. */
  async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'Limit'>, limit = Number.POSITIVE_INFINITY) {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const left = limit - items.length;
      const page = await this.client.send(
        new QueryCommand({
          ...input,
          TableName: this.name,
          ExclusiveStartKey,
          ...(Number.isFinite(left) ? { Limit: left } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < limit);
    return items;
  }

  /**
   * The items of `keys`, in their order (missing ones left out): BatchGetItem, 100 keys a request,
   * again for what DynamoDB left unprocessed (it may, under load), with a growing pause.
   */
  async getMany(keys: readonly Key[], consistent = false): Promise<Item[]> {
    const found = new Map<string, Item>();
    const id = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}\u0000${String(k.sk)}`;
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Key[] | undefined = keys.slice(i, i + 100);
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: consistent } } }),
        );
        for (const item of out.Responses?.[this.name] ?? []) found.set(id(item as Key), item);
        pending = out.UnprocessedKeys?.[this.name]?.Keys as Key[] | undefined;
      }
    }
    return keys.flatMap((k): Item[] => {
      const item = found.get(id(k));
      return item ? [item] : [];
    });
  }

  /** The items of one partition (optionally under a sort-key prefix), domain records only. */
  async partition<T>(pk: string, options: { skPrefix?: string; newestFirst?: boolean; consistent?: boolean } = {}) {
    const items = await this.queryAll({
      KeyConditionExpression: options.skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(options.skPrefix ? { ':prefix': options.skPrefix } : {}) },
      ...(options.newestFirst ? { ScanIndexForward: false } : {}),
      ...(options.consistent ? { ConsistentRead: true } : {}),
    });
    return items.map((i) => strip<T>(i) as T);
  }
}
