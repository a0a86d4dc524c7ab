import { handle } from 'hono/aws-lambda';
import { awsDeps } from '../adapters/aws';
import { awsApi } from '../api/aws';
import { observedApi, signals } from '../observability/observe';

export const handler = observedApi(handle(awsApi(awsDeps({ signals }))));
