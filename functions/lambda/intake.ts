import { awsDeps } from '../adapters/aws';
import { intakeStep } from '../steps';

export const handler = intakeStep(awsDeps());
