import { handle } from 'hono/aws-lambda';
import { awsDeps } from '../adapters/aws';
import { awsApi } from '../api/aws';

export const handler = handle(awsApi(awsDeps()));
