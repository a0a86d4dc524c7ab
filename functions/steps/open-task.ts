import * as z from 'zod';
import { TASK_KINDS } from '../../shared/model/task';
import { answerWaitingFlow } from '../../shared/pipeline/tasks/answer';
import { openTask } from '../../shared/pipeline/tasks/open';
import { withStepErrorNames } from './errors';
import type { StepFactory } from './types';

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
      if (!context.callbacks) throw new Error('openTask needs the workflow callbacks to hand on a decision');
      await answerWaitingFlow(context.callbacks, input.taskToken, input.kind, result.decided);
    }
    return result;
  });
