import { actionApplies, CANCELLABLE_STATUSES, mayTakeAction, type StaffAction } from '../model/actions';
import type { DocumentRecord } from '../model/document';
import { ConflictError, ForbiddenError, NotFoundError, UnavailableError, ValidationError } from '../model/errors';
import { FLOW_STEPS } from '../model/flow-steps';
import type { Identity } from '../model/identity';
import type { WorkflowStarter } from '../ports';
import type { PipelineDeps } from './deps';
import { failDocument } from './failure';
import { maySeeDocument } from './upload';
import { moved, transitionDocument, writeDocument } from './write';

/**
 * What the registering agency's staff do with a document the flow does not carry on by itself: a
 * fresh upload link for a DRAFT, 撤销登记 (cancel), 重新处理 (re-run after a system failure).
 * Who may is shared/model/actions.ts, which the dashboard reads too.
 */

type Cancellation = NonNullable<DocumentRecord['cancelled']>;

const WHO: Record<StaffAction, string> = {
  upload: 'only the agency’s uploaders ask for a new upload link',
  cancel: 'only the agency’s uploaders and leaders (or an administrator) cancel a registration',
  rerun: 'only the agency’s uploaders (or an administrator) re-run a document',
};

/** The document, if the caller may take `action` on it: someone else's reads as missing (404), as on GET. */
async function documentFor(deps: PipelineDeps, caller: Identity, id: string, action: StaffAction) {
  const doc = await deps.documents.get(id);
  if (!doc || !maySeeDocument(caller, doc)) throw new NotFoundError(`no document ${id}`);
  if (!mayTakeAction(caller, doc, action)) throw new ForbiddenError(WHO[action]);
  return doc;
}

/** A registration awaiting its file (DRAFT): the uploader may ask for a fresh upload link. */
export async function documentAwaitingUpload(
  deps: PipelineDeps,
  caller: Identity,
  id: string,
): Promise<DocumentRecord> {
  const doc = await documentFor(deps, caller, id, 'upload');
  if (!actionApplies(doc, 'upload')) {
    throw new ConflictError(
      `document ${id} is ${doc.status}: a new upload link is only issued while the registration awaits its file (DRAFT)`,
    );
  }
  return doc;
}

/**
 * 撤销登记: a registration whose file never came (DRAFT), that was returned (RETURNED) or that
 * failed (FAILED) is cancelled, with the reason. Cancelling a FAILED one abandons it: it stays due
 * in the scores (shared/scores/facts.ts).
 */
export async function cancelDocument(
  deps: PipelineDeps,
  caller: Identity,
  id: string,
  reason: string,
): Promise<DocumentRecord & { readonly cancelled: Cancellation }> {
  const read = await documentFor(deps, caller, id, 'cancel');
  const text = reason.trim();
  if (!text) throw new ValidationError('reason: a cancellation needs its reason');
  const at = deps.clock.now().toISOString();
  const written = await writeDocument(
    deps.documents,
    id,
    (doc) => {
      if (!doc || !CANCELLABLE_STATUSES.has(doc.status)) {
        throw new ConflictError(
          `document ${id} is ${doc?.status ?? 'missing'}: only a registration awaiting its file (DRAFT), ` +
            'returned (RETURNED) or failed (FAILED) can be cancelled',
        );
      }
      return moved(id, doc, {
        from: doc.status,
        to: 'CANCELLED',
        event: { at, actor: caller.user, note: { code: 'cancelled', reason: text } },
        patch: { cancelled: { by: caller.user, at, reason: text, from: doc.status } },
      });
    },
    read,
  );
  return written as DocumentRecord & { readonly cancelled: Cancellation };
}

/**
 * 重新处理: a document a step of the system failed runs again from the status it failed in, on the
 * same pinned content — the one way back (canRerun), audited. A new execution takes it over from
 * the one that failed. A refused file (an input failure) is not run again: the agency registers
 * the document again with a corrected file.
 */
export async function rerunDocument(
  deps: PipelineDeps,
  workflow: WorkflowStarter,
  caller: Identity,
  id: string,
): Promise<DocumentRecord> {
  const doc = await documentFor(deps, caller, id, 'rerun');
  const { failure } = doc;
  if (doc.status !== 'FAILED' || !failure) {
    throw new ConflictError(`document ${id} is ${doc.status}: only a document that failed can be re-run`);
  }
  if (failure.kind === 'input') {
    throw new ConflictError(
      `document ${id} was refused at ${failure.step} (${failure.error}): a refused file is not run again; ` +
        'register the document again with a corrected file',
    );
  }
  if (!actionApplies(doc, 'rerun')) {
    throw new ConflictError(`document ${id} failed in ${failure.failedIn}, from where it cannot be re-run`);
  }
  const rerun = await transitionDocument(
    deps.documents,
    id,
    {
      from: 'FAILED',
      to: failure.failedIn,
      rerun: true,
      event: { at: deps.clock.now().toISOString(), actor: caller.user, note: { code: 'rerun', step: failure.step } },
      patch: { failure: undefined },
    },
    doc,
  );
  try {
    // After a failure `executionId` is still the failed execution's: the new one takes over from it.
    await workflow.resume(id, rerun.executionId);
  } catch (err) {
    // Nothing runs it: it is FAILED again (re-runnable, the cause kept), not stuck in a status nobody moves.
    await failDocument(deps, id, {
      step: FLOW_STEPS.rerun,
      error: 'the flow could not be started again',
      kind: 'system',
      cause: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
    throw new UnavailableError(
      `document ${id} could not be run again now (the workflow did not start); it is FAILED as before: try again later`,
    );
  }
  return rerun;
}
