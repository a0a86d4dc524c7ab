import * as z from 'zod';
import { reviewStage } from '../../shared/pipeline/review-stage';
import { STAGES } from '../../shared/pipeline/stage';
import { withStepErrorNames } from './errors';
import { DocumentStepSchema, type StepFactory } from './types';

// Where Intake found the document (its `next`): a fresh upload's is `review`.
const ReviewStepSchema = DocumentStepSchema.extend({ resumeAt: z.enum([...STAGES, 'duplicate']).optional() });

export const reviewStep: StepFactory = (deps) =>
  withStepErrorNames(async (event) => {
    const { documentId, resumeAt } = ReviewStepSchema.parse(event);
    return reviewStage(deps, documentId, resumeAt);
  });
