import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { recordFailureStep } from '../steps/record-failure';

export const handler = observedStep('recordFailure', recordFailureStep(awsDeps({ signals })));
