import { awsDeps } from '../adapters/aws';
import { intakeStep } from '../steps/intake';

export const handler = intakeStep(awsDeps());
