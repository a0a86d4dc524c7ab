import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnCallbacks } from '../adapters/sfn';
import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { openTaskStep } from '../steps/open-task';

export const handler = observedStep(
  'openTask',
  openTaskStep(awsDeps({ signals }), { callbacks: new SfnCallbacks(new SFNClient({})) }),
);
