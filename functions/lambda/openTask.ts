import { SFNClient } from '@aws-sdk/client-sfn';
import { awsDeps } from '../adapters/aws';
import { SfnCallbacks } from '../adapters/sfn';
import { observedStep, signals } from '../observability/observe';
import { openTaskStep } from '../steps/open-task';

export const handler = observedStep(
  'openTask',
  openTaskStep(awsDeps({ signals }), { callbacks: new SfnCallbacks(new SFNClient({})) }),
);
