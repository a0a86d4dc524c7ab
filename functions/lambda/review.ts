import { SFNClient } from '@aws-sdk/client-sfn';
import { inProcessScanner } from '../../shared/review';
import { SfnCallbacks } from '../adapters/sfn';
import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { reviewStep } from '../steps/review';

export const handler = observedStep(
  'review',
  reviewStep(awsDeps({ signals, scanner: inProcessScanner }), { callbacks: new SfnCallbacks(new SFNClient({})) }),
);
