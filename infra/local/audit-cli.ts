import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { buildAuditDeps } from '../../functions/adapters/audit';
import type { AuditTarget, LocalAuditOptions } from '../../functions/cli/main';
import { ValidationError } from '../../shared/model/errors';
import { fromRoot } from '../paths';
import { auditDigestDir, FileAuditDigests } from './audit-digests';
import { DATA_FORMAT } from './data-format';
import { LOCAL_NAMES } from './names';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamo } from './services';

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({}));
    return true;
  } catch {
    return false;
  }
}

/**
 * `gongkai audit verify` on local data: the DynamoDB Local of a running `npm start` (PORT+10, or
 * `--dynamo-endpoint`), else one started on `<data>/dynamodb` for the run, as
 * `npm run scores:rebuild` does; the digests are the files under `<data>/audit-digests/`.
 */
export async function connectLocalAudit(options: LocalAuditOptions): Promise<AuditTarget> {
  const dataDir = options.dataDir ?? fromRoot('.data');
  const formatFile = join(dataDir, 'format');
  if (!existsSync(formatFile)) {
    throw new ValidationError(`no gongkai data in ${dataDir} (start the local runtime with npm start first)`);
  }
  const format = readFileSync(formatFile, 'utf8').trim();
  if (format !== DATA_FORMAT) {
    throw new ValidationError(
      `${dataDir} holds data of format ${format}; this gongkai reads ${DATA_FORMAT} (its events are not chained)`,
    );
  }
  const port = Number(process.env.PORT ?? 3000) + 10;
  const endpoint = options.dynamoEndpoint ?? `http://127.0.0.1:${port}`;
  let client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  let stop = async () => client.destroy();
  if (!(await answers(client))) {
    client.destroy();
    if (options.dynamoEndpoint) throw new ValidationError(`DynamoDB does not answer at ${endpoint}`);
    const dynamo = await startDynamo(port, join(dataDir, 'dynamodb'));
    client = dynamo.client;
    stop = dynamo.stop;
  }
  return {
    deps: buildAuditDeps({
      tableName: LOCAL_NAMES.table,
      dynamo: client,
      digests: new FileAuditDigests(auditDigestDir(dataDir)),
    }),
    close: stop,
  };
}
