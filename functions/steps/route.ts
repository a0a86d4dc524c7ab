import { routeDocument } from '../../shared/pipeline/route';
import { DocumentStepSchema, type StepFactory } from './types';

export const routeStep: StepFactory = (deps) => async (event) =>
  routeDocument(deps, DocumentStepSchema.parse(event).documentId);
