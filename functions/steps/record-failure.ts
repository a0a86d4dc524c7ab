import * as z from 'zod';
import { documentIdFromKey } from '../../shared/model/object-keys';
import { IntakeInputSchema } from '../../shared/pipeline/events';
import { failDocument } from '../../shared/pipeline/failure';
import { withStepErrorNames } from './errors';
import type { StepFactory } from './types';

/** What the state machine's failure path passes: the whole state, with the step and error. */
const FailureSchema = z.object({
  state: z
    .object({
      failedStep: z.string(),
      error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
      intake: z.object({ documentId: z.string() }).optional(),
    })
    .passthrough(),
});

export const recordFailureStep: StepFactory = (deps) =>
  withStepErrorNames(async (event) => {
    const { state } = FailureSchema.parse(event);
    const documentId = state.intake?.documentId ?? documentIdOfEvent(state);
    const error = state.error?.Error ?? 'Error';
    // A step of the flow broke (an exception, a timeout): the system's failure, re-runnable.
    if (documentId) {
      await failDocument(deps, documentId, {
        step: state.failedStep,
        error,
        kind: 'system',
        ...(state.error?.Cause ? { cause: state.error.Cause } : {}),
      });
    }
    return { documentId: documentId ?? null, step: state.failedStep, error };
  });

/** Intake itself may fail before it has told us the document: find it from the S3 key. */
function documentIdOfEvent(state: unknown): string | undefined {
  const parsed = IntakeInputSchema.shape.event.safeParse(state);
  if (!parsed.success) return undefined;
  if ('resume' in parsed.data) return parsed.data.resume.documentId;
  return documentIdFromKey(parsed.data.detail.object.key);
}
