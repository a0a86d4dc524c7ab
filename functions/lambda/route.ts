import { awsDeps } from '../adapters/aws';
import { observedStep, signals } from '../observability/observe';
import { routeStep } from '../steps/route';

export const handler = observedStep('route', routeStep(awsDeps({ signals })));
