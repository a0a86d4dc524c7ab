import * as z from 'zod';
import { publishDocument, publishInOrder } from '../../shared/pipeline/publish';
import { reportedName, withStepErrorNames } from './errors';
import { DocumentStepSchema, type StepFactory } from './types';

/** A batch of one publisher's queue (functions/steps/publication-queue.ts), in its order. */
export const PublishBatchSchema = z.object({ documents: z.array(DocumentStepSchema).min(1).max(10) });

/** Each document's outcome in a batch: the step's result, or its error by the name the state machine knows. */
export type PublishOutcome =
  | { readonly ok: true; readonly output: Record<string, unknown> }
  | { readonly ok: false; readonly error: string; readonly cause: string };

/** One document (`{documentId}`), or a batch of one publisher's (`{documents}`), answered one by one. */
export const publishStep: StepFactory = (deps) =>
  withStepErrorNames(async (event) => {
    const batch = PublishBatchSchema.safeParse(event);
    if (!batch.success) return publishDocument(deps, DocumentStepSchema.parse(event).documentId);
    const outcomes = await publishInOrder(
      deps,
      batch.data.documents.map((d) => d.documentId),
    );
    return {
      outcomes: outcomes.map((o): PublishOutcome => {
        if (o.status === 'fulfilled') return { ok: true, output: { ...o.value } };
        const err = o.reason;
        const error = reportedName(err) ?? (err instanceof Error ? err.name : 'Error');
        return { ok: false, error, cause: err instanceof Error ? err.message : String(err) };
      }),
    };
  });
