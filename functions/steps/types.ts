import * as z from 'zod';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import type { WorkflowCallbacks } from '../../shared/ports';

export type StepHandler = (event: unknown) => Promise<unknown>;

/** What a step may need besides the ports: the callback step resumes a flow a decision already settled. */
export interface StepContext {
  readonly callbacks?: WorkflowCallbacks;
}

export type StepFactory = (deps: PipelineDeps, context?: StepContext) => StepHandler;

/** The callbacks of a step that answers its state (or hands on a decision): wired by the Lambda and the local runtime. */
export function callbacksOf(context: StepContext, step: string): WorkflowCallbacks {
  if (!context.callbacks) throw new Error(`${step} needs the workflow callbacks to answer its state`);
  return context.callbacks;
}

export const DocumentStepSchema = z.object({ documentId: z.string().min(1) });
