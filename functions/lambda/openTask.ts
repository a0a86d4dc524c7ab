import { awsDeps } from '../adapters/aws';
import { openTaskStep } from '../steps';

export const handler = openTaskStep(awsDeps());
