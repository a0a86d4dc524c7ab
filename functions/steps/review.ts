import { reviewDocument } from '../../shared/pipeline/review';
import { DocumentStepSchema, type StepFactory } from './types';

export const reviewStep: StepFactory = (deps) => async (event) =>
  reviewDocument(deps, DocumentStepSchema.parse(event).documentId);
