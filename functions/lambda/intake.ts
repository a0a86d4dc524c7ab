import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { intakeStep } from '../steps/intake';

export const handler = observedStep('intake', intakeStep(awsDeps({ signals })));
