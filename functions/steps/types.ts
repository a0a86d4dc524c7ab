import { z } from 'zod';
import type { PipelineDeps } from '../../shared/pipeline/deps';

export type StepHandler = (event: unknown) => Promise<unknown>;
export type StepFactory = (deps: PipelineDeps) => StepHandler;

export const DocumentStepSchema = z.object({ documentId: z.string().min(1) });
