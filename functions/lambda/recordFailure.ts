import { awsDeps } from '../adapters/aws';
import { recordFailureStep } from '../steps';

export const handler = recordFailureStep(awsDeps());
