import { awsDeps } from '../adapters/aws';
import { observedStep, signals } from '../observability/observe';
import { reviewStep } from '../steps/review';

export const handler = observedStep('review', reviewStep(awsDeps({ signals })));
