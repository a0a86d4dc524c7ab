import { handle } from 'hono/aws-lambda';
import type { Scanner } from '../../shared/ports';
import { requireEnv } from '../adapters/aws';
import { awsApi } from '../api/aws';
import { awsDeps } from '../deps';
import { observedApi, signals } from '../observability/observe';

const scanFunction = requireEnv('SCAN_FUNCTION_NAME');
let invoked: Promise<Scanner> | undefined;
// Corrected files are scanned by the scan function (the extractors are not in this bundle); its
// client is loaded with the first correction, not with every cold start.
const scanner: Scanner = {
  async scan(bytes, hint) {
    invoked ??= Promise.all([import('@aws-sdk/client-lambda'), import('../adapters/lambda-scanner')]).then(
      ([{ LambdaClient }, { LambdaScanner }]) => new LambdaScanner(new LambdaClient({}), scanFunction),
    );
    return (await invoked).scan(bytes, hint);
  },
};

export const handler = observedApi(handle(awsApi(awsDeps({ signals, scanner }))));
