import * as z from 'zod';
import { answerReviewStage, reviewStage } from '../../shared/pipeline/review-stage';
import { STAGES } from '../../shared/pipeline/stage';
import { withStepErrorNames } from './errors';
import { callbacksOf, DocumentStepSchema, type StepFactory } from './types';

// Where Intake found the document (its `next`): a fresh upload's is `review`.
const ReviewStepSchema = DocumentStepSchema.extend({
  resumeAt: z.enum([...STAGES, 'duplicate']).optional(),
  taskToken: z.string().min(1),
});

/**
 * The review state waits for this step's answer (a task token): on to the sign-off, or to where the
 * result leads (shared/pipeline/stage.ts). A retried invocation reviews from what was recorded and
 * answers again.
 */
export const reviewStep: StepFactory = (deps, context = {}) =>
  withStepErrorNames(async (event) => {
    const { documentId, resumeAt, taskToken } = ReviewStepSchema.parse(event);
    const callbacks = callbacksOf(context, 'review');
    const result = await reviewStage(deps, documentId, resumeAt);
    await answerReviewStage(callbacks, taskToken, result);
    return result;
  });
