import { MANIFEST_NAMES, REPORT_NAME } from '../../model/batch';
import { DomainError } from '../../model/errors';
import { dropOfKey } from '../../model/object-keys';
import type { PipelineDeps } from '../deps';
import type { ObjectCreatedEvent } from '../events';
import { type DropOutcome, fileArrived, type ImportOptions, importManifest } from './import';
import { registerSingleDrop } from './single';

/**
 * The batch importer: what an Object Created event in a drop folder means. A manifest starts the
 * batch, a file arriving after it is picked up, a single upload with metadata is registered from
 * it; the report the importer writes itself, and anything that is not a drop, are no concern.
 * The same function runs in the importer Lambda and in the local runtime.
 */
export async function handleDropEvent(
  deps: PipelineDeps,
  event: ObjectCreatedEvent,
  options: ImportOptions,
): Promise<DropOutcome> {
  const { key, size, etag } = event.detail.object;
  const drop = dropOfKey(key);
  if (!drop) return { outcome: 'skipped', reason: `${key} is not in a drop folder` };
  try {
    if (drop.kind === 'single') return await registerSingleDrop(deps, drop, key, options);
    if (drop.name === REPORT_NAME) return { outcome: 'skipped', batch: drop.batchId, reason: 'the report' };
    if ((MANIFEST_NAMES as readonly string[]).includes(drop.name)) {
      return await importManifest(
        deps,
        drop,
        { ...(size !== undefined ? { size } : {}), ...(etag ? { etag } : {}) },
        options,
      );
    }
    return await fileArrived(deps, drop, size ?? (await deps.drops.head(key))?.size ?? 0, options);
  } catch (err) {
    // A refusal of the domain (the opener is no longer an uploader …) is an outcome, not a crash to retry.
    if (err instanceof DomainError) return { outcome: 'skipped', batch: drop.batchId, reason: err.message };
    throw err;
  }
}
