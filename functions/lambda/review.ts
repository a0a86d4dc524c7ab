import { awsDeps } from '../adapters/aws';
import { reviewStep } from '../steps/review';

export const handler = reviewStep(awsDeps());
