import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { documentClient } from '../../functions/adapters/aws';
import { DynamoReports } from '../../functions/adapters/dynamo/reports';
import { Table } from '../../functions/adapters/dynamo/table';
import { ensureTable, type RunningDynamo, startDynamo } from '../../infra/local/services';
import { freePort, tempDataDir } from '../integration/support';
import { describeReportContract } from './reports.contract';

const data = tempDataDir();
let dynamo: RunningDynamo;

beforeAll(async () => {
  dynamo = await startDynamo(await freePort(), join(data.dir, 'dynamodb'));
}, 60_000);

afterAll(async () => {
  await dynamo?.stop();
  data.remove();
});

// A table per test: each starts from nothing, as the memory store does.
describeReportContract('dynamodb', async () => {
  const name = `reports-${randomUUID().slice(0, 8)}`;
  await ensureTable(dynamo.client, name);
  return new DynamoReports(new Table(documentClient(dynamo.client), name));
});
