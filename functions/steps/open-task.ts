import * as z from 'zod';
import { TASK_KINDS } from '../../shared/model/task';
import { answerWaitingFlow } from '../../shared/pipeline/tasks/answer';
import { openTask } from '../../shared/pipeline/tasks/open';
import { withStepErrorNames } from './errors';
import { callbacksOf, type StepFactory } from './types';

const OpenTaskSchema = z.object({
  documentId: z.string().min(1),
  kind: z.enum(TASK_KINDS),
  taskToken: z.string().min(1),
  escalated: z.boolean().optional(),
});

export const openTaskStep: StepFactory = (deps, context = {}) =>
  withStepErrorNames(async (event) => {
    const input = OpenTaskSchema.parse(event);
    const result = await openTask(deps, input);
    // Decided before this (retried) step ran: its answer is the one the person gave.
    if (result.decided) {
      await answerWaitingFlow(callbacksOf(context, 'openTask'), input.taskToken, input.kind, result.decided);
    }
    return result;
  });
