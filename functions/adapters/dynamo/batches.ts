import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { BatchConflictError, type BatchEntry, type BatchRecord } from '../../../shared/model/batch';
import type { BatchStore } from '../../../shared/ports';
import { keys, partitions } from './keys';
import { type Item, isConditionFailure, type Key, strip, type Table } from './table';

/**
 * Batches: `BATCH#<id>` / `BATCH` (on the byAgency index under `BATCHES#<agency>`, newest first),
 * and their entries in the same partition, `ENTRY#<key>`; each put conditional on the version read.
 */
export class DynamoBatches implements BatchStore {
  constructor(private readonly table: Table) {}

  getBatch(id: string): Promise<BatchRecord | undefined> {
    return this.table.get<BatchRecord>(keys.batch(id), true);
  }

  putBatch(batch: BatchRecord, expectedVersion: number | null): Promise<void> {
    const item = {
      ...keys.batch(batch.id),
      gsi2pk: partitions.agencyBatches(batch.agency),
      gsi2sk: `${batch.openedAt}#${batch.id}`,
      ...batch,
    };
    return this.put(item, expectedVersion, `batch ${batch.id}`);
  }

  async listBatches(agency: string, limit: number): Promise<BatchRecord[]> {
    const items = await this.table.queryAll(
      {
        IndexName: 'byAgency',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.agencyBatches(agency) },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((i) => strip<BatchRecord>(i) as BatchRecord);
  }

  getEntry(batchId: string, key: string): Promise<BatchEntry | undefined> {
    return this.table.get<BatchEntry>(keys.batchEntry(batchId, key), true);
  }

  putEntry(entry: BatchEntry, expectedVersion: number | null): Promise<void> {
    return this.put(
      { ...keys.batchEntry(entry.batchId, entry.key), ...entry },
      expectedVersion,
      `entry ${entry.key} of batch ${entry.batchId}`,
    );
  }

  listEntries(batchId: string): Promise<BatchEntry[]> {
    return this.table.partition<BatchEntry>(keys.batch(batchId).pk, { skPrefix: 'ENTRY#', consistent: true });
  }

  private async put(item: Key & Item, expectedVersion: number | null, what: string): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: item,
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new BatchConflictError(what);
      throw err;
    }
  }
}
