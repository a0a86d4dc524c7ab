import { SettableClock } from '../../../infra/local/clock';
import type { Identity } from '../../../shared/model/identity';
import { openBatch } from '../../../shared/pipeline/batch/api';
import { handleDropEvent } from '../../../shared/pipeline/batch/drop-event';
import type { ObjectCreatedEvent } from '../../../shared/pipeline/events';
import { createMemoryDeps, type MemoryDeps } from '../../support/memory';

/** Tuesday 2026-11-24, 10:00 in Beijing. */
export const NOW = '2026-11-24T02:00:00.000Z';

/** The demo district in memory, its clock at NOW; drops authorised as locally (grant) unless told. */
export function batchWorld(dropAuthority: 'grant' | 'prefix' = 'grant') {
  const clock = new SettableClock();
  clock.set(NOW);
  const deps: MemoryDeps = createMemoryDeps({ seedDemoDirectory: true, clock, dropAuthority });
  const user = async (id: string): Promise<Identity> => {
    const found = await deps.directory.getUser(id);
    if (!found) throw new Error(`no demo user ${id}`);
    return found;
  };
  let runs = 0;
  /** What S3 sends for an object put into the intake bucket, handled by the batch importer. */
  const arrived = async (key: string, etag?: string) => {
    const object = await deps.drops.head(key);
    const event: ObjectCreatedEvent = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: {
        bucket: { name: 'intake' },
        object: { key, size: object?.size ?? 0, ...(etag ? { etag } : {}) },
      },
    };
    return handleDropEvent(deps, event, { runner: `test-${runs++}`, sleep: async () => {} });
  };
  return { deps, clock, user, arrived, open: async (as = 'zhang.wei') => openBatch(deps, await user(as)) };
}

export const csv = (rows: ReadonlyArray<readonly string[]>) =>
  `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n')}\n`;
