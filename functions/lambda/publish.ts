import { awsDeps } from '../adapters/aws';
import { publishStep } from '../steps/publish';

export const handler = publishStep(awsDeps());
