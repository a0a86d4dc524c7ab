import { BatchConflictError, type BatchEntry, type BatchRecord } from '../../../shared/model/batch';
import type { BatchStore } from '../../../shared/ports';
import { byKey, checkItemSize, compareKeys, copy, stored } from './items';

/** Batches and their entries as the DynamoDB adapter keeps them: one partition per batch, conditional puts. */
export class MemoryBatches implements BatchStore {
  private readonly batches = new Map<string, BatchRecord>();
  /** Batch id → entry key → entry. */
  private readonly entries = new Map<string, Map<string, BatchEntry>>();

  async getBatch(id: string): Promise<BatchRecord | undefined> {
    const batch = this.batches.get(id);
    return batch ? copy(batch) : undefined;
  }

  async putBatch(batch: BatchRecord, expectedVersion: number | null): Promise<void> {
    const item = stored(batch);
    checkItemSize({ pk: `BATCH#${batch.id}`, sk: 'BATCH', ...item });
    const current = this.batches.get(batch.id);
    const holds = expectedVersion === null ? current === undefined : current?.version === expectedVersion;
    if (!holds) throw new BatchConflictError(`batch ${batch.id}`);
    this.batches.set(batch.id, item);
  }

  async listBatches(agency: string, limit: number): Promise<BatchRecord[]> {
    return [...this.batches.values()]
      .filter((b) => b.agency === agency)
      .sort((a, b) => compareKeys(`${b.openedAt}#${b.id}`, `${a.openedAt}#${a.id}`))
      .slice(0, limit)
      .map((b) => copy(b));
  }

  async getEntry(batchId: string, key: string): Promise<BatchEntry | undefined> {
    const entry = this.entries.get(batchId)?.get(key);
    return entry ? copy(entry) : undefined;
  }

  async putEntry(entry: BatchEntry, expectedVersion: number | null): Promise<void> {
    const item = stored(entry);
    checkItemSize({ pk: `BATCH#${entry.batchId}`, sk: `ENTRY#${entry.key}`, ...item });
    let entries = this.entries.get(entry.batchId);
    if (!entries) {
      entries = new Map();
      this.entries.set(entry.batchId, entries);
    }
    const current = entries.get(entry.key);
    const holds = expectedVersion === null ? current === undefined : current?.version === expectedVersion;
    if (!holds) throw new BatchConflictError(`entry ${entry.key} of batch ${entry.batchId}`);
    entries.set(entry.key, item);
  }

  async listEntries(batchId: string): Promise<BatchEntry[]> {
    return [...(this.entries.get(batchId)?.values() ?? [])].sort(byKey((e) => e.key)).map((e) => copy(e));
  }
}
