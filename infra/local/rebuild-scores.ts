import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { rebuildScores } from '../../functions/admin/rebuild-scores';
import { buildDeps } from '../../functions/deps';
import { fromRoot } from '../paths';
import { LOCAL_NAMES } from './names';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamo } from './services';

/**
 * `npm run scores:rebuild [-- --fix]`: recomputes every agency-year counter from the documents
 * in the local data and prints the differences as JSON. Uses the running `npm start` if there is
 * one (its DynamoDB Local on PORT+10), else starts DynamoDB Local on .data/ for the run.
 */
const { values } = parseArgs({ options: { fix: { type: 'boolean', default: false } } });
const port = Number(process.env.PORT ?? 3000) + 10;
const endpoint = `http://127.0.0.1:${port}`;
let client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
let stop = async () => {};
try {
  await client.send(new ListTablesCommand({}));
} catch {
  const dynamo = await startDynamo(port, join(fromRoot('.data'), 'dynamodb'));
  client = dynamo.client;
  stop = dynamo.stop;
}
try {
  // Only the table is read: the buckets are named but never touched.
  const deps = buildDeps({
    tableName: LOCAL_NAMES.table,
    intakeBucket: LOCAL_NAMES.intakeBucket,
    publicBucket: LOCAL_NAMES.publicBucket,
    publicBaseUrl: '',
    dynamo: client,
    s3: new S3Client({}),
  });
  const report = await rebuildScores(deps, { fix: values.fix ?? false });
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.differences.length > 0 && !report.fixed ? 1 : 0;
} finally {
  await stop();
}
