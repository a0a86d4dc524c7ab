import { handle } from 'hono/aws-lambda';
import { awsApi } from '../api/aws';
import { awsDeps } from '../deps';
import { observedApi, signals } from '../observability/observe';

export const handler = observedApi(handle(awsApi(awsDeps({ signals }))));
