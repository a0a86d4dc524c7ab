import * as z from 'zod';
import { answerRouting, routeDocument } from '../../shared/pipeline/route';
import { withStepErrorNames } from './errors';
import { callbacksOf, type StepFactory } from './types';

const RouteStepSchema = z.object({ documentId: z.string().min(1), taskToken: z.string().min(1) });

/**
 * Routing decides, then answers its state (it waits for a task token): on to Publication, or to the
 * branch the result names (shared/model/route.ts). A retried invocation decides the same again
 * (routeDocument answers from what it recorded) and answers again.
 */
export const routeStep: StepFactory = (deps, context = {}) =>
  withStepErrorNames(async (event) => {
    const { documentId, taskToken } = RouteStepSchema.parse(event);
    const callbacks = callbacksOf(context, 'route');
    const result = await routeDocument(deps, documentId);
    await answerRouting(callbacks, taskToken, result);
    return result;
  });
