import { awsDeps } from '../adapters/aws';
import { observedStep, signals } from '../observability/observe';
import { intakeStep } from '../steps/intake';

export const handler = observedStep('intake', intakeStep(awsDeps({ signals })));
