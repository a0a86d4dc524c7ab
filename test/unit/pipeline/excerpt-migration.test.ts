import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../shared/model/document';
import { excerptKey } from '../../../shared/model/object-keys';
import { moveExcerptsOutOfDocuments } from '../../../shared/pipeline/excerpt-migration';
import { writeDocument } from '../../../shared/pipeline/write';
import { CLEAN, docOf, PERSONAL, submit, textOf, world } from './drive';

describe('data format 5: the excerpt leaves the document item', () => {
  it('moves a format-4 excerpt into its object, keyed by the document and its content, once', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    const other = await submit(deps, CLEAN);
    // The document as format 4 stored it: the text on the item, no object.
    const before = await docOf(deps, id);
    await writeDocument(deps.documents, id, () => ({
      document: { ...before, textExcerpt: PERSONAL } as DocumentRecord,
    }));
    const key = excerptKey(id, before.sha256 ?? '');
    expect(deps.files.keys('intake')).not.toContain(key);
    const events = (await deps.documents.history(id)).length;

    expect(await moveExcerptsOutOfDocuments(deps)).toBe(1);
    const moved = await docOf(deps, id);
    expect(moved).not.toHaveProperty('textExcerpt');
    expect(moved).toMatchObject({ excerptKey: key, status: before.status, sha256: before.sha256 });
    expect(textOf((await deps.files.readOriginal(key)).bytes)).toBe(PERSONAL);
    // Moving the text is no event of the document's.
    expect((await deps.documents.history(id)).length).toBe(events);
    expect((await docOf(deps, other.id)).excerptKey).toBeUndefined();
    expect(await moveExcerptsOutOfDocuments(deps)).toBe(0);
  });
});
