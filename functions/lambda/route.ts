import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { routeStep } from '../steps/route';

export const handler = observedStep('route', routeStep(awsDeps({ signals })));
