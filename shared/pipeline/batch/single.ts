import type { CellProblem } from '../../model/batch';
import type { DropKey } from '../../model/object-keys';
import type { PipelineDeps } from '../deps';
import { batchPrincipal, folderOf, Pacer, registerRow, rowContext, startEntry } from './entries';
import { type DropOutcome, dropBatch, type ImportOptions } from './import';
import { checkRow, FILE_COLUMN, MANIFEST_COLUMNS, type RowResult } from './manifest';
import { writeReport } from './report';

/** The row a single upload's entry has: it came with its metadata, not as a row of a manifest. */
export const SINGLE_UPLOAD_ROW = 0;

const normalise = (name: string) => name.toLowerCase().replace(/[-_]/g, '');
const COLUMN_OF_META: ReadonlyMap<string, string> = new Map(
  MANIFEST_COLUMNS.filter((c) => c !== FILE_COLUMN).map((column) => [normalise(column), column]),
);

/**
 * The cells a single upload's `x-amz-meta-*` headers give: each header names a manifest column
 * (`x-amz-meta-formedat`, `x-amz-meta-formed-at`: S3 keeps names in lower case), its value URL-encoded
 * UTF-8 (HTTP headers carry ASCII). Headers of no column (a tool's own, such as mtime) are left out.
 */
export function metadataCells(metadata: Readonly<Record<string, string>>): {
  cells: Record<string, string>;
  problems: CellProblem[];
} {
  const cells: Record<string, string> = {};
  const problems: CellProblem[] = [];
  for (const [name, value] of Object.entries(metadata)) {
    const column = COLUMN_OF_META.get(normalise(name));
    if (!column) continue;
    try {
      cells[column] = decodeURIComponent(value);
    } catch {
      problems.push({ column, reason: `x-amz-meta-${name} is not URL-encoded UTF-8 (encodeURIComponent)` });
    }
  }
  return { cells, problems };
}

/**
 * An object under `uploads/<agency>/<batch>/` that no registration announced: registered from its
 * metadata as one row of the batch, through the same checks and the same registration as a
 * manifest's row, and handed to the flow. Missing or invalid metadata: the object stays where it
 * is, and the batch's entry for it says FAILED with the field and the reason (the batch view,
 * report.json).
 */
export async function registerSingleDrop(
  deps: PipelineDeps,
  drop: DropKey,
  key: string,
  options: ImportOptions,
): Promise<DropOutcome> {
  const batch = await dropBatch(deps, drop);
  if (typeof batch === 'string') return { outcome: 'skipped', reason: batch };
  const object = await deps.drops.head(key);
  if (!object) return { outcome: 'skipped', batch: batch.id, reason: `${key} is gone` };
  const principal = await batchPrincipal(deps, batch);
  const { cells, problems } = metadataCells(object.metadata);
  const checked = checkRow({ ...cells, [FILE_COLUMN]: drop.name }, await rowContext(deps, batch.agency));
  const result: RowResult =
    problems.length === 0
      ? checked
      : {
          ok: false,
          file: drop.name,
          problems: [
            ...problems,
            ...(checked.ok ? [] : checked.problems.filter((p) => !problems.some((q) => q.column === p.column))),
          ],
        };
  const entry = await registerRow(deps, principal, batch, SINGLE_UPLOAD_ROW, result, { seen: { size: object.size } });
  const started = await startEntry(
    deps,
    batch,
    entry,
    folderOf(batch, 'single'),
    options.runner,
    new Pacer(options.startsPerSecond ?? 10, options.sleep),
  );
  await writeReport(deps, batch);
  return { outcome: 'file', batch: batch.id, started: started ? 1 : 0 };
}
