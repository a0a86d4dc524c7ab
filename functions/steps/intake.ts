import { IntakeInputSchema } from '../../shared/pipeline/events';
import { intake } from '../../shared/pipeline/intake';
import { withStepErrorNames } from './errors';
import type { StepFactory } from './types';

export const intakeStep: StepFactory = (deps) =>
  withStepErrorNames(async (event) => intake(deps, IntakeInputSchema.parse(event)));
