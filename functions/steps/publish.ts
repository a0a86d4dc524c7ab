import { publishDocument } from '../../shared/pipeline/publish';
import { DocumentStepSchema, type StepFactory } from './types';

export const publishStep: StepFactory = (deps) => async (event) =>
  publishDocument(deps, DocumentStepSchema.parse(event).documentId);
