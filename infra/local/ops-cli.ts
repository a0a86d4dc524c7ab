import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { S3_CLIENT_DEFAULTS } from '../../functions/adapters/aws';
import { SfnStarter } from '../../functions/adapters/sfn';
import type { OpsTarget } from '../../functions/cli/ops';
import { buildDeps } from '../../functions/deps';
import { ValidationError } from '../../shared/model/errors';
import { fromRoot } from '../paths';
import { deadLetterDir, FileDeadLetters } from './dead-letters';
import { LOCAL_NAMES } from './names';
import { readRuntimeInfo } from './runtime-info';
import { awaitLocalCommits, LOCAL_CREDENTIALS, LOCAL_REGION } from './services';
import { LOCAL_STATE_MACHINE_ARN } from './workflow';

/**
 * `gongkai ops …` on the running local runtime, found by its data directory (runtime.json): its
 * DynamoDB Local and s3rver through the same SDK clients and adapters as a deployment, its state
 * machine through the local StartExecution endpoint, its dead-letter queue as files. Executions
 * live in the runtime's process, so it must be running.
 */
export async function connectLocalOps(options: { dataDir?: string }): Promise<OpsTarget> {
  const dataDir = options.dataDir ?? fromRoot('.data');
  const info = readRuntimeInfo(dataDir);
  const notRunning = `the local runtime of ${dataDir} is not running (start it with npm start; ops starts executions in it)`;
  if (!info) throw new ValidationError(notRunning);
  const local = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...local, endpoint: info.dynamo });
  awaitLocalCommits(dynamo);
  const s3 = new S3Client({ ...S3_CLIENT_DEFAULTS, ...local, endpoint: info.s3, forcePathStyle: true });
  const sfn = new SFNClient({ ...local, endpoint: info.sfn });
  const close = async () => {
    for (const client of [dynamo, s3, sfn]) client.destroy();
  };
  try {
    await dynamo.send(new ListTablesCommand({}));
  } catch {
    await close();
    throw new ValidationError(notRunning);
  }
  const deps = buildDeps({
    tableName: LOCAL_NAMES.table,
    intakeBucket: LOCAL_NAMES.intakeBucket,
    publicBucket: LOCAL_NAMES.publicBucket,
    publicBaseUrl: '',
    dynamo,
    s3,
  });
  return {
    deps,
    starter: new SfnStarter(sfn, LOCAL_STATE_MACHINE_ARN),
    deadLetters: new FileDeadLetters(deadLetterDir(dataDir)),
    close,
  };
}
