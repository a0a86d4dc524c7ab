import { awsDeps } from '../adapters/aws';
import { observedStep, signals } from '../observability/observe';
import { publishStep } from '../steps/publish';

export const handler = observedStep('publish', publishStep(awsDeps({ signals })));
