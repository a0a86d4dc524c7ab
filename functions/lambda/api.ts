import { SFNClient } from '@aws-sdk/client-sfn';
import { handle } from 'hono/aws-lambda';
import { awsDeps } from '../adapters/aws';
import { SfnCallbacks } from '../adapters/sfn';
import { createApi } from '../api/app';
import { cognitoAuthenticator } from '../api/auth';

const deps = awsDeps();
const app = createApi({
  deps,
  authenticate: cognitoAuthenticator(deps.directory),
  callbacks: new SfnCallbacks(new SFNClient({})),
});

export const handler = handle(app);
