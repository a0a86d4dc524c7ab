import { awsDeps } from '../adapters/aws';
import { publishStep } from '../steps';

export const handler = publishStep(awsDeps());
