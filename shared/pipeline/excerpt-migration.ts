import type { DocumentRecord } from '../model/document';
import { excerptKey } from '../model/object-keys';
import type { PipelineDeps } from './deps';
import { EXCERPT_TYPE, TEXT_EXCERPT_CHARS } from './review';
import { applyPatch, Skip, writeDocument } from './write';

/** A document as data of format 4 stored it: the reviewers' excerpt on the item itself. */
type StoredBefore5 = DocumentRecord & { readonly textExcerpt?: string };

/**
 * Data format 5 (infra/local/data-format.ts): the excerpt leaves the document item for an object
 * beside the pinned content (object-keys.ts excerptKey). Each document that still carries one gets
 * its object, then is written without it (no audit event: nothing about the document changed).
 * Safe to run again: a document already moved is skipped. Returns how many moved.
 */
export async function moveExcerptsOutOfDocuments(deps: Pick<PipelineDeps, 'documents' | 'directory' | 'files'>) {
  let moved = 0;
  for (const agency of await deps.directory.listAgencies()) {
    for (const found of (await deps.documents.listAllByAgency(agency.id)) as StoredBefore5[]) {
      if (found.textExcerpt === undefined) continue;
      const key = excerptKey(found.id, found.sha256 ?? 'unpinned');
      await deps.files.putIntake(
        key,
        new TextEncoder().encode(found.textExcerpt.slice(0, TEXT_EXCERPT_CHARS)),
        EXCERPT_TYPE,
      );
      const done = await writeDocument(deps.documents, found.id, (doc) => {
        const stored = doc as StoredBefore5 | undefined;
        if (!stored || stored.textExcerpt === undefined) return new Skip(false);
        const patch = { textExcerpt: undefined, excerptKey: key } as Partial<DocumentRecord>;
        return { document: applyPatch(stored, patch, stored.status, stored.updatedAt) };
      });
      if (done !== false) moved++;
    }
  }
  return moved;
}
