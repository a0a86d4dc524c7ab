import { awsDeps } from '../adapters/aws';
import { routeStep } from '../steps';

export const handler = routeStep(awsDeps());
