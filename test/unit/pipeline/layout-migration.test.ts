import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../shared/model/document';
import { excerptKey, pinnedKey } from '../../../shared/model/object-keys';
import type { TaskDocument } from '../../../shared/model/task';
import { contentKeyOf } from '../../../shared/pipeline/content';
import { migrateStoredDocuments } from '../../../shared/pipeline/layout-migration';
import { writeDocument } from '../../../shared/pipeline/write';
import { awaitingSignoff, CLEAN, docOf, PERSONAL, submit, taskOf, textOf, throughFlow, world } from './drive';

/** Writes the document as older data stored it (no audit event, as the migration writes it back). */
async function storeAsBefore(deps: ReturnType<typeof world>, id: string, extra: Record<string, unknown>) {
  const before = await docOf(deps, id);
  await writeDocument(deps.documents, id, () => ({ document: { ...before, ...extra } as DocumentRecord }));
  return before;
}

describe('data formats 5 and 6: stored documents brought to today’s layout', () => {
  it('moves a format-4 excerpt into its object, keyed by the document and its content, once', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    const other = await submit(deps, CLEAN);
    const before = await storeAsBefore(deps, id, { textExcerpt: PERSONAL });
    const key = excerptKey(id, before.sha256 ?? '');
    expect(deps.files.keys('intake')).not.toContain(key);
    const events = (await deps.documents.history(id)).length;

    expect(await migrateStoredDocuments(deps)).toMatchObject({ excerpts: 1 });
    const moved = await docOf(deps, id);
    expect(moved).not.toHaveProperty('textExcerpt');
    expect(moved).toMatchObject({ excerptKey: key, status: before.status, sha256: before.sha256 });
    expect(textOf((await deps.files.readOriginal(key)).bytes)).toBe(PERSONAL);
    // Moving the text is no event of the document's.
    expect((await deps.documents.history(id)).length).toBe(events);
    expect((await docOf(deps, other.id)).excerptKey).toBeUndefined();
    expect(await migrateStoredDocuments(deps)).toMatchObject({ excerpts: 0 });
  });

  it('drops the stored keys of the pinned content (format 5), which are the ones derived from the id and hash', async () => {
    const deps = world();
    const { id } = await throughFlow(deps, CLEAN);
    const published = await docOf(deps, id);
    expect(published.status).toBe('PUBLISHED');
    const stored = pinnedKey(id, published.sha256 ?? '');
    await storeAsBefore(deps, id, { contentKey: stored, originalKey: stored });

    expect(await migrateStoredDocuments(deps)).toEqual({ documents: 1, excerpts: 0, tasks: 0 });
    const migrated = await docOf(deps, id);
    expect(migrated).not.toHaveProperty('contentKey');
    expect(migrated).not.toHaveProperty('originalKey');
    expect(contentKeyOf(migrated)).toBe(stored);
    expect(migrated).toMatchObject({ status: 'PUBLISHED', updatedAt: published.updatedAt });
    // A finished document without old fields is left alone the next time.
    expect(await migrateStoredDocuments(deps)).toEqual({ documents: 0, excerpts: 0, tasks: 0 });
  });

  it('gives an open task its document’s summary (format 6), which the inbox shows without reading the document', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const doc = await docOf(deps, id);
    // A task opened before tasks carried their document's summary.
    await deps.documents.commit({
      document: { ...doc, version: (doc.version ?? 0) + 1 },
      expectedVersion: doc.version ?? 0,
      scores: { counters: [] },
      taskDocuments: { taskIds: [task.id], document: undefined as unknown as TaskDocument },
    });
    expect((await taskOf(deps, task.id)).document).toBeUndefined();

    expect(await migrateStoredDocuments(deps)).toEqual({ documents: 1, excerpts: 0, tasks: 1 });
    expect((await taskOf(deps, task.id)).document).toMatchObject({ title: doc.title, agency: doc.agency });
  });
});
