import { SFNClient } from '@aws-sdk/client-sfn';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { SfnCallbacks, SfnStarter } from '../adapters/sfn';
import { createApi } from './app';
import { oidcAuthenticator, oidcSettingsFromEnv } from './auth';
import { apiGatewayVisitor } from './visitor';

/**
 * The API as the Lambda deployment wires it (functions/lambda/api.ts): bearer tokens verified
 * against the configured issuer's JWKS (OIDC_* variables, set by infra/constructs/api.ts), API
 * Gateway's visitor, Step Functions callbacks and re-runs — and no dev routes.
 */
export function awsApi(
  deps: PipelineDeps,
  env: Readonly<Record<string, string | undefined>> = process.env,
  sfn: SFNClient = new SFNClient({}),
) {
  const stateMachineArn = env.STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new Error('environment variable STATE_MACHINE_ARN is required');
  return createApi({
    deps,
    authenticate: oidcAuthenticator(deps, oidcSettingsFromEnv(env)),
    visitorOf: apiGatewayVisitor,
    callbacks: new SfnCallbacks(sfn),
    workflow: new SfnStarter(sfn, stateMachineArn),
  });
}
