import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../../shared/model/errors';
import { fromRoot } from '../paths';
import { DATA_FORMAT, MIGRATES_FROM } from './data-format';
import { awaitLocalCommits, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamo } from './services';

/** Where the command line finds the local runtime's data. */
export interface LocalDataOptions {
  readonly dataDir?: string;
  readonly dynamoEndpoint?: string;
}

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({}));
    return true;
  } catch {
    return false;
  }
}

/**
 * The local data's DynamoDB for a command-line run: the DynamoDB Local of a running `npm start`
 * (PORT+10, or `dynamoEndpoint`), else one started on `<data>/dynamodb` for the run.
 */
export async function connectLocalDynamo(
  options: LocalDataOptions,
): Promise<{ readonly client: DynamoDBClient; readonly dataDir: string; close(): Promise<void> }> {
  const dataDir = options.dataDir ?? fromRoot('.data');
  const formatFile = join(dataDir, 'format');
  if (!existsSync(formatFile)) {
    throw new ValidationError(`no gongkai data in ${dataDir} (start the local runtime with npm start first)`);
  }
  const format = readFileSync(formatFile, 'utf8').trim();
  // The formats the runtime migrates at its next start hold the same audit events (chained since 3).
  if (format !== DATA_FORMAT && !MIGRATES_FROM.includes(format)) {
    throw new ValidationError(
      `${dataDir} holds data of format ${format}; this gongkai reads ${DATA_FORMAT} (its events are not chained)`,
    );
  }
  const port = Number(process.env.PORT ?? 3000) + 10;
  const endpoint = options.dynamoEndpoint ?? `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  // A running runtime's DynamoDB Local answers transactions before committing them (services.ts).
  awaitLocalCommits(client);
  if (await answers(client)) return { client, dataDir, close: async () => client.destroy() };
  client.destroy();
  if (options.dynamoEndpoint) throw new ValidationError(`DynamoDB does not answer at ${endpoint}`);
  const dynamo = await startDynamo(port, join(dataDir, 'dynamodb'));
  return { client: dynamo.client, dataDir, close: dynamo.stop };
}
