import { type Failure, TERMINAL_STATUSES } from '../model/document';
import { ConflictError } from '../model/errors';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { transitionDocument } from './write';

/**
 * Records FAILED with the step and the error, and closes the document's open tasks. The original
 * object stays where it is; a document already in a final status keeps it (a late failure must not
 * overwrite PUBLISHED).
 */
export async function failDocument(deps: PipelineDeps, documentId: string, failure: Omit<Failure, 'failedIn'>) {
  const { step, error, cause, problem } = failure;
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await deps.documents.get(documentId);
    if (!doc || TERMINAL_STATUSES.has(doc.status)) return;
    // Nobody is left with a task for a document that can no longer move. Closed first: once the
    // document is FAILED it no longer names them, so a retry after a lost write could not find them.
    const at = deps.clock.now().toISOString();
    for (const id of [doc.openTaskId, ...(doc.consultationTaskIds ?? [])]) {
      if (!id) continue;
      await deps.tasks
        .close({ id, status: 'expired', decidedAt: at, decidedBy: SYSTEM_ACTOR })
        .catch((err: unknown) => {
          if (!(err instanceof ConflictError)) throw err; // already closed
        });
    }
    try {
      await transitionDocument(
        deps.documents,
        documentId,
        {
          from: doc.status,
          to: 'FAILED',
          event: { at, actor: SYSTEM_ACTOR, note: { code: 'failed', step, error, ...(problem ? { problem } : {}) } },
          patch: {
            failure: {
              step,
              error,
              kind: failure.kind,
              ...(problem ? { problem } : {}),
              failedIn: doc.status,
              ...(cause ? { cause: cause.slice(0, 2000) } : {}),
            },
            openTaskId: undefined,
            consultationTaskIds: undefined,
          },
        },
        doc,
      );
      return;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
}
