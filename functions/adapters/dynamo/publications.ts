import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CatalogEntry,
  type CatalogKey,
  type CatalogQuery,
  matchesCatalogQuery,
  type QueryVisit,
} from '../../../shared/model/catalog';
import type { PublicationStore, SequenceClaim } from '../../../shared/ports';
import { TABLE_TTL_ATTRIBUTE } from '../../../shared/storage-keys';
import { keys, partitions } from './keys';
import { type Item, isConditionFailure, type Table, type TransactItem, updateExpression } from './table';

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
      Item: { ...keys.catalog(key), ...entry },
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

  async catalog(query: CatalogQuery): Promise<CatalogEntry[]> {
    const entries = await this.table.partition<CatalogEntry>(partitions.catalog(query.year), { newestFirst: true });
    return entries.filter((e) => matchesCatalogQuery(e, query));
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
