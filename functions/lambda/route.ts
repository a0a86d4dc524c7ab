import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnCallbacks } from '../adapters/sfn';
import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { routeStep } from '../steps/route';

export const handler = observedStep(
  'route',
  routeStep(awsDeps({ signals }), { callbacks: new SfnCallbacks(new SFNClient({})) }),
);
