import { awsDeps } from '../adapters/aws';
import { openTaskStep } from '../steps/open-task';

export const handler = openTaskStep(awsDeps());
