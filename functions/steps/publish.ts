import { publishDocument } from '../../shared/pipeline/publish';
import { withStepErrorNames } from './errors';
import { DocumentStepSchema, type StepFactory } from './types';

export const publishStep: StepFactory = (deps) =>
  withStepErrorNames(async (event) => publishDocument(deps, DocumentStepSchema.parse(event).documentId));
