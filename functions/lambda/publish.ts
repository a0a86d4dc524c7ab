import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { publishStep } from '../steps/publish';

export const handler = observedStep('publish', publishStep(awsDeps({ signals })));
