import { IntakeInputSchema } from '../../shared/pipeline/events';
import { intake } from '../../shared/pipeline/intake';
import type { StepFactory } from './types';

export const intakeStep: StepFactory = (deps) => async (event) => intake(deps, IntakeInputSchema.parse(event));
