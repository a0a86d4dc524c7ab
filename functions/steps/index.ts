import { intakeStep } from './intake';
import type { StepName } from './names';
import { openTaskStep } from './open-task';
import { publishStep } from './publish';
import { recordFailureStep } from './record-failure';
import { reviewStep } from './review';
import { routeStep } from './route';
import type { StepFactory } from './types';

export type { StepFactory, StepHandler } from './types';

/**
 * The handler of each Lambda-backed step: parse the input, call the domain, return its result.
 * The same handlers run in Lambda (functions/lambda/*, one module per step so each bundle holds
 * only its step's code) and in the local runtime.
 */
export const STEP_HANDLERS: Readonly<Record<StepName, StepFactory>> = {
  intake: intakeStep,
  review: reviewStep,
  openTask: openTaskStep,
  route: routeStep,
  publish: publishStep,
  recordFailure: recordFailureStep,
};
