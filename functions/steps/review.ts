import { reviewDocument } from '../../shared/pipeline/review';
import { withStepErrorNames } from './errors';
import { DocumentStepSchema, type StepFactory } from './types';

export const reviewStep: StepFactory = (deps) =>
  withStepErrorNames(async (event) => reviewDocument(deps, DocumentStepSchema.parse(event).documentId));
