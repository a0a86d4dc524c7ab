import { BatchConflictError, type BatchRecord } from '../../model/batch';
import type { PipelineDeps } from '../deps';

/*
 * What the API's batch routes share with the importer, apart from it: the importer's module reads
 * manifests (XLSX with saxes), which the API's bundle would otherwise load with every cold start.
 */

/** Reads a batch, lets `change` decide its next version (undefined: leave it), writes it conditionally. */
export async function writeBatch(
  deps: PipelineDeps,
  id: string,
  change: (current: BatchRecord | undefined) => BatchRecord | undefined,
): Promise<BatchRecord | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await deps.batches.getBatch(id);
    const next = change(current);
    if (!next) return current;
    const version = current?.version ?? 0;
    try {
      await deps.batches.putBatch({ ...next, version: version + 1 }, current ? version : null);
      return { ...next, version: version + 1 };
    } catch (err) {
      if (!(err instanceof BatchConflictError)) throw err;
    }
  }
  throw new BatchConflictError(`batch ${id} (too much contention)`);
}

/** Runs `work` over `items`, `size` at a time. */
export async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}
