import { z } from 'zod';
import { TASK_KINDS } from '../../shared/model/task';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { documentIdFromKey, IntakeInputSchema } from '../../shared/pipeline/events';
import { failDocument } from '../../shared/pipeline/failure';
import { intake } from '../../shared/pipeline/intake';
import { publishDocument } from '../../shared/pipeline/publish';
import { reviewDocument } from '../../shared/pipeline/review';
import { routeDocument } from '../../shared/pipeline/route';
import { openTask } from '../../shared/pipeline/tasks';
import type { StepName } from './names';

const DocumentStepSchema = z.object({ documentId: z.string().min(1) });
const OpenTaskSchema = z.object({
  documentId: z.string().min(1),
  kind: z.enum(TASK_KINDS),
  taskToken: z.string().min(1),
  escalated: z.boolean().optional(),
});
/** What the state machine's failure path passes: the whole state, with the step and error. */
const FailureSchema = z.object({
  state: z.object({
    failedStep: z.string(),
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
    intake: z.object({ documentId: z.string() }).optional(),
  }).passthrough(),
});

export type StepHandler = (event: unknown) => Promise<unknown>;
type StepFactory = (deps: PipelineDeps) => StepHandler;

// One export per step so that each Lambda bundles only the code its step needs.
export const intakeStep: StepFactory = (deps) => async (event) => intake(deps, IntakeInputSchema.parse(event));
export const reviewStep: StepFactory = (deps) => async (event) =>
  reviewDocument(deps, DocumentStepSchema.parse(event).documentId);
export const openTaskStep: StepFactory = (deps) => async (event) => openTask(deps, OpenTaskSchema.parse(event));
export const routeStep: StepFactory = (deps) => async (event) =>
  routeDocument(deps, DocumentStepSchema.parse(event).documentId);
export const publishStep: StepFactory = (deps) => async (event) =>
  publishDocument(deps, DocumentStepSchema.parse(event).documentId);
export const recordFailureStep: StepFactory = (deps) => async (event) => {
  const { state } = FailureSchema.parse(event);
  const documentId = state.intake?.documentId ?? documentIdOfEvent(state);
  const error = state.error?.Error ?? 'Error';
  if (documentId) await failDocument(deps, documentId, state.failedStep, error, state.error?.Cause);
  return { documentId: documentId ?? null, step: state.failedStep, error };
};

/**
 * The handler of each Lambda-backed step: parse the input, call the domain, return its result.
 * The same handlers run in Lambda (functions/lambda/*) and in the local runtime.
 */
export const STEP_HANDLERS: Readonly<Record<StepName, StepFactory>> = {
  intake: intakeStep,
  review: reviewStep,
  openTask: openTaskStep,
  route: routeStep,
  publish: publishStep,
  recordFailure: recordFailureStep,
};

/** Intake itself may fail before it has told us the document: find it from the S3 key. */
function documentIdOfEvent(event: unknown): string | undefined {
  const parsed = IntakeInputSchema.shape.event.safeParse(event);
  if (!parsed.success) return undefined;
  if ('resume' in parsed.data) return parsed.data.resume.documentId;
  return documentIdFromKey(parsed.data.detail.object.key);
}
