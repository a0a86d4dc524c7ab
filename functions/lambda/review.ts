import { awsDeps } from '../adapters/aws';
import { reviewStep } from '../steps';

export const handler = reviewStep(awsDeps());
