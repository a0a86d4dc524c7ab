import { type DocumentRecord, TERMINAL_STATUSES } from '../model/document';
import { excerptKey } from '../model/object-keys';
import type { PipelineDeps } from './deps';
import { EXCERPT_TYPE, TEXT_EXCERPT_CHARS } from './review';
import { taskDocumentOf, waitingTaskIds } from './tasks/summary';
import { applyPatch, Skip, writeDocument } from './write';

/** A document as older data stored it: the reviewers' excerpt on the item (format 4), the keys of its pinned content (5). */
type StoredBefore = DocumentRecord & {
  readonly textExcerpt?: string;
  readonly contentKey?: string;
  readonly originalKey?: string;
};

export interface LayoutMigration {
  /** Documents written again. */
  readonly documents: number;
  /** Excerpts moved out of their document into their own object. */
  readonly excerpts: number;
  /** Open tasks given their document's summary. */
  readonly tasks: number;
}

/**
 * Brings the stored documents to today's layout (data format 8, infra/local/data-format.ts; on a
 * deployment `gongkai ops migrate`):
 * - format 5: the reviewers' excerpt leaves the document item for an object beside the pinned
 *   content (object-keys.ts excerptKey);
 * - format 6: the keys of the pinned content are derived from the id and hash, not stored; a
 *   document in flight carries the index keys of today (in flight by id, its agency's pipeline by
 *   deadline), which the store writes with every document; and the open tasks it waits on carry
 *   its summary, which the inbox reads instead of the document;
 * - format 7: a document in flight is keyed on the keys-only inFlight index instead of byAssignee
 *   (its entry there copied the whole document at every step);
 * - format 8: the DynamoDB store keeps a document's id only in its key, its upload key only when
 *   the id does not give it, and its hashes as bytes; writing a document again stores it so, and
 *   items of before read the same, so a finished document is left as it is.
 * Each such document is written once, without an audit event (nothing about it changed); a finished
 * document without old fields is left alone. Safe to run again (it writes the documents in flight
 * again, and nothing else).
 */
export async function migrateStoredDocuments(
  deps: Pick<PipelineDeps, 'documents' | 'directory' | 'files' | 'tasks'>,
): Promise<LayoutMigration> {
  let documents = 0;
  let excerpts = 0;
  let tasks = 0;
  for (const agency of await deps.directory.listAgencies()) {
    for (const found of (await deps.documents.listAllByAgency(agency.id)) as StoredBefore[]) {
      const legacy =
        found.textExcerpt !== undefined || found.contentKey !== undefined || found.originalKey !== undefined;
      if (!legacy && TERMINAL_STATUSES.has(found.status)) continue;
      const key = found.textExcerpt === undefined ? undefined : excerptKey(found.id, found.sha256 ?? 'unpinned');
      if (key) {
        const text = (found.textExcerpt ?? '').slice(0, TEXT_EXCERPT_CHARS);
        await deps.files.putIntake(key, new TextEncoder().encode(text), EXCERPT_TYPE);
      }
      const open = (await Promise.all(waitingTaskIds(found).map((id) => deps.tasks.getTask(id))))
        .filter((t) => t?.status === 'open')
        .map((t) => t?.id as string);
      const written = await writeDocument(deps.documents, found.id, (doc) => {
        const stored = doc as StoredBefore | undefined;
        if (!stored) return new Skip(false);
        const patch = {
          textExcerpt: undefined,
          contentKey: undefined,
          originalKey: undefined,
          ...(stored.textExcerpt !== undefined && key ? { excerptKey: key } : {}),
        } as Partial<DocumentRecord>;
        const document = applyPatch(stored, patch, stored.status, stored.updatedAt);
        return {
          document,
          ...(open.length ? { taskDocuments: { taskIds: open, document: taskDocumentOf(document) } } : {}),
        };
      });
      if (written === false) continue;
      documents++;
      if (key) excerpts++;
      tasks += open.length;
    }
  }
  return { documents, excerpts, tasks };
}
