import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CatalogEntry,
  type CatalogKey,
  type CatalogPosition,
  type CatalogRead,
  type CatalogSlice,
  MAX_CATALOG_READ,
  type QueryVisit,
} from '../../../shared/model/catalog';
import type { PublicationStore, SequenceClaim } from '../../../shared/ports';
import { TABLE_TTL_ATTRIBUTE } from '../../../shared/storage-keys';
import { catalogIndexes, keys, partitions } from './keys';
import { type Item, isConditionFailure, strip, type Table, type TransactItem, updateExpression } from './table';

/** Takes the next index sequence, conditional on the last one the domain read. */
export function sequenceItem(table: Table, claim: SequenceClaim): TransactItem {
  const first = claim.expected === 0;
  return {
    Update: {
      TableName: table.name,
      Key: keys.sequence(claim.agencyCode, claim.year),
      UpdateExpression: 'SET #last = :next',
      ConditionExpression: first ? 'attribute_not_exists(#last)' : '#last = :expected',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: first ? { ':next': claim.next } : { ':next': claim.next, ':expected': claim.expected },
    },
  };
}

export function catalogPutItem(table: Table, key: CatalogKey, entry: CatalogEntry): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: { ...keys.catalog(key), ...catalogIndexes(key, entry), ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function catalogUpdateItem(table: Table, key: CatalogKey, patch: Partial<CatalogEntry>): TransactItem {
  const u = updateExpression(patch as Item);
  return {
    Update: {
      TableName: table.name,
      Key: keys.catalog(key),
      UpdateExpression: u.expression,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: u.names,
      ...(u.values ? { ExpressionAttributeValues: u.values } : {}),
    },
  };
}

export class DynamoPublications implements PublicationStore {
  /** Day → its query salt, as read or stored by this instance. */
  private readonly salts = new Map<string, string>();

  constructor(private readonly table: Table) {}

  async lastSequence(agencyCode: string, year: number): Promise<number> {
    const item = await this.table.get<{ last?: number }>(keys.sequence(agencyCode, year), true);
    return typeof item?.last === 'number' ? item.last : 0;
  }

  /**
   * One Query of at most `limit` items: the year's partition, or the index holding its entries of
   * the agency and/or category. The start key is built from a position the domain validated.
   */
  async catalogPage(read: CatalogRead): Promise<CatalogSlice> {
    if (!Number.isInteger(read.limit) || read.limit < 1 || read.limit > MAX_CATALOG_READ) {
      throw new RangeError(`a catalogue read takes 1 … ${MAX_CATALOG_READ} entries, not ${read.limit}`);
    }
    const source = catalogSource(read);
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        ...(source.index ? { IndexName: source.index } : {}),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': source.attribute },
        ExpressionAttributeValues: { ':pk': source.partition },
        ScanIndexForward: false,
        Limit: read.limit,
        ...(read.after ? { ExclusiveStartKey: source.startAfter(read.after) } : {}),
      }),
    );
    const entries = (page.Items ?? []).map((item) => strip<CatalogEntry>(item) as CatalogEntry);
    const last = entries.at(-1);
    return {
      entries,
      ...(page.LastEvaluatedKey && last
        ? { next: { publishedAt: last.publishedAt, documentId: last.documentId } }
        : {}),
    };
  }

  /** The marker of the visit and the count, in one transaction: a visit seen before counts nothing. */
  async recordQuery(key: CatalogKey, visit: QueryVisit): Promise<CatalogEntry | undefined> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.name,
                Item: {
                  ...keys.queryMarker(visit.day, key.documentId, visit.visitor),
                  [TABLE_TTL_ATTRIBUTE]: visit.expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table.name,
                Key: keys.catalog(key),
                UpdateExpression: 'ADD queries :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const [marker, entry] = err.CancellationReasons ?? [];
      if (entry?.Code === 'ConditionalCheckFailed') return undefined;
      // Only the marker was there: this visit was counted already.
      if (marker?.Code !== 'ConditionalCheckFailed') throw err;
    }
    return this.table.get<CatalogEntry>(keys.catalog(key), true);
  }

  async querySalt(day: string, candidate: string, expiresAt: number): Promise<{ salt: string; created: boolean }> {
    // A day's salt never changes once stored: read once per day and instance.
    const known = this.salts.get(day);
    if (known) return { salt: known, created: false };
    let created = true;
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.querySalt(day), salt: candidate, [TABLE_TTL_ATTRIBUTE]: expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      created = false;
    }
    const salt = created ? candidate : (await this.table.get<{ salt?: string }>(keys.querySalt(day), true))?.salt;
    if (typeof salt !== 'string') throw new Error(`the query salt of ${day} was deleted while it was read`);
    this.salts.set(day, salt);
    return { salt, created };
  }

  async discardQuerySalts(before: string): Promise<void> {
    const old = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk < :before',
      ExpressionAttributeValues: { ':pk': partitions.querySalts, ':before': before },
      ConsistentRead: true,
    });
    for (const item of old) {
      await this.table.client.send(
        new DeleteCommand({ TableName: this.table.name, Key: { pk: item.pk, sk: item.sk } }),
      );
    }
    for (const day of [...this.salts.keys()]) if (day < before) this.salts.delete(day);
  }
}

/**
 * An upgrade's one-off backfill, not a request's path: gives every catalogue entry written before
 * the agency and category indexes their keys (a scan of the table, then one update per entry).
 */
export async function indexCatalogEntries(table: Table): Promise<{ scanned: number; indexed: number }> {
  let scanned = 0;
  let indexed = 0;
  let start: Item | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: 'begins_with(pk, :catalog) AND attribute_not_exists(gsi3pk)',
        ProjectionExpression: 'pk, sk, agency, category, publishedAt, documentId',
        ExpressionAttributeValues: { ':catalog': 'CATALOG#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      const year = Number(String(item.pk).slice('CATALOG#'.length));
      const key = { year, publishedAt: String(item.publishedAt), documentId: String(item.documentId) };
      const index = catalogIndexes(key, { agency: String(item.agency), category: String(item.category) });
      await table.client.send(
        new UpdateCommand({
          TableName: table.name,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET gsi2pk = :a, gsi2sk = :s, gsi3pk = :c, gsi4pk = :ac',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':a': index.gsi2pk,
            ':s': index.gsi2sk,
            ':c': index.gsi3pk,
            ':ac': index.gsi4pk,
          },
        }),
      );
      indexed += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { scanned, indexed };
}

/**
 * Where a catalogue read's entries are — the year's partition, or the index of its entries of an
 * agency, a category or both — and the start key of a read after a position (the table's key and
 * the index's, built from the position: never a key a caller sent).
 */
function catalogSource(read: CatalogRead) {
  const { year, agency, category } = read;
  const base = (after: CatalogPosition) => keys.catalog({ year, ...after });
  if (agency && category) {
    const partition = partitions.catalogOfAgencyCategory(year, agency, category);
    return {
      index: 'catalogByAgencyCategory',
      attribute: 'gsi4pk',
      partition,
      startAfter: (after: CatalogPosition) => ({ ...base(after), gsi4pk: partition }),
    };
  }
  if (agency) {
    const partition = partitions.catalogOfAgency(year, agency);
    return {
      index: 'byAgency',
      attribute: 'gsi2pk',
      partition,
      startAfter: (after: CatalogPosition) => ({ ...base(after), gsi2pk: partition, gsi2sk: base(after).sk }),
    };
  }
  if (category) {
    const partition = partitions.catalogOfCategory(year, category);
    return {
      index: 'catalogByCategory',
      attribute: 'gsi3pk',
      partition,
      startAfter: (after: CatalogPosition) => ({ ...base(after), gsi3pk: partition }),
    };
  }
  return { index: undefined, attribute: 'pk', partition: partitions.catalog(year), startAfter: base };
}
