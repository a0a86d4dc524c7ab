import { awsDeps } from '../adapters/aws';
import { recordFailureStep } from '../steps/record-failure';

export const handler = recordFailureStep(awsDeps());
