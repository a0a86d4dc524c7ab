import { awsDeps } from '../adapters/aws';
import { routeStep } from '../steps/route';

export const handler = routeStep(awsDeps());
