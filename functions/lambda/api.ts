import { SFNClient } from '@aws-sdk/client-sfn';
import { handle } from 'hono/aws-lambda';
import { awsDeps, requireEnv } from '../adapters/aws';
import { SfnCallbacks, SfnStarter } from '../adapters/sfn';
import { createApi } from '../api/app';
import { cognitoAuthenticator } from '../api/auth';
import { apiGatewayVisitor } from '../api/visitor';

const deps = awsDeps();
const sfn = new SFNClient({});
const app = createApi({
  deps,
  authenticate: cognitoAuthenticator(deps.directory),
  visitorOf: apiGatewayVisitor,
  callbacks: new SfnCallbacks(sfn),
  workflow: new SfnStarter(sfn, requireEnv('STATE_MACHINE_ARN')),
});

export const handler = handle(app);
