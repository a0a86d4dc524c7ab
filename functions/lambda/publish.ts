import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnCallbacks } from '../adapters/sfn';
import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { publicationQueueConsumer } from '../steps/publication-queue';
import { publishStep } from '../steps/publish';

/** The publication queue's consumer: each message's document published, its task token answered. */
export const handler = publicationQueueConsumer(
  observedStep('publish', publishStep(awsDeps({ signals }))),
  new SfnCallbacks(new SFNClient({})),
);
