import { routeDocument } from '../../shared/pipeline/route';
import { withStepErrorNames } from './errors';
import { DocumentStepSchema, type StepFactory } from './types';

export const routeStep: StepFactory = (deps) =>
  withStepErrorNames(async (event) => routeDocument(deps, DocumentStepSchema.parse(event).documentId));
