import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CatalogEntry,
  type CatalogKey,
  type CatalogQuery,
  matchesCatalogQuery,
} from '../../../shared/model/catalog';
import type { PublicationStore, SequenceClaim } from '../../../shared/ports';
import { keys, partitions } from './keys';
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
  constructor(private readonly table: Table) {}

  async lastSequence(agencyCode: string, year: number): Promise<number> {
    const item = await this.table.get<{ last?: number }>(keys.sequence(agencyCode, year), true);
    return typeof item?.last === 'number' ? item.last : 0;
  }

  async catalog(query: CatalogQuery): Promise<CatalogEntry[]> {
    const entries = await this.table.partition<CatalogEntry>(partitions.catalog(query.year), { newestFirst: true });
    return entries.filter((e) => matchesCatalogQuery(e, query));
  }

  async recordQuery(key: CatalogKey): Promise<CatalogEntry | undefined> {
    try {
      const { Attributes } = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.catalog(key),
          UpdateExpression: 'ADD queries :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<CatalogEntry>(Attributes);
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }
}
