import { z } from 'zod';
import { TASK_KINDS } from '../../shared/model/task';
import { openTask } from '../../shared/pipeline/tasks/open';
import type { StepFactory } from './types';

const OpenTaskSchema = z.object({
  documentId: z.string().min(1),
  kind: z.enum(TASK_KINDS),
  taskToken: z.string().min(1),
  escalated: z.boolean().optional(),
});

export const openTaskStep: StepFactory = (deps) => async (event) => openTask(deps, OpenTaskSchema.parse(event));
