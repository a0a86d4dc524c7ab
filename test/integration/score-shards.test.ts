import { join } from 'node:path';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/aws';
import { counterShard, DynamoScores, SCORE_SHARDS, scoreChangeItems } from '../../functions/adapters/dynamo/scores';
import { Table } from '../../functions/adapters/dynamo/table';
import { ensureTable, type RunningDynamo, startDynamo } from '../../infra/local/services';
import { COUNTERS, type ScoreCounterItem } from '../../shared/model/scores';
import { freePort, tempDataDir } from './support';

/**
 * Issue 13: an agency-year's score counters are spread over shard items (each document's changes
 * in its own), so concurrent writes of one agency do not all meet on one item; what is read is
 * their sum, and the rebuild leaves one item per agency — on DynamoDB Local.
 */
describe('score counters in shards (DynamoDB Local)', () => {
  const data = tempDataDir();
  let dynamo: RunningDynamo;
  let table: Table;
  let scores: DynamoScores;
  const YEAR = 2031;

  beforeAll(async () => {
    dynamo = await startDynamo(await freePort(), join(data.dir, 'dynamodb'));
    await ensureTable(dynamo.client, 'gongkai');
    table = new Table(documentClient(dynamo.client), 'gongkai');
    scores = new DynamoScores(table);
  });

  afterAll(async () => {
    await dynamo?.stop();
    data.remove();
  });

  const agencyItems = async () =>
    (
      await table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
        ExpressionAttributeValues: { ':pk': `SCORE#${YEAR}`, ':a': 'AGENCY#' },
      })
    ).map((i) => String(i.sk));

  it('writes each document’s changes to its shard, all at once, and reads the sum', async () => {
    const ids = Array.from({ length: 64 }, (_, i) => `doc-${i}`);
    await Promise.all(
      ids.map((id) =>
        table.client.send(
          new TransactWriteCommand({
            TransactItems: scoreChangeItems(
              table,
              {
                counters: [
                  {
                    agency: 'edu',
                    year: YEAR,
                    add: { timelinessDue: 1, timelinessOnTime: 1, completenessDue: 1 },
                    entersYear: true,
                  },
                ],
              },
              id,
            ),
          }),
        ),
      ),
    );
    const shards = new Set(ids.map(counterShard));
    expect(shards.size).toBeGreaterThan(SCORE_SHARDS / 2);
    expect((await agencyItems()).length).toBe(shards.size);
    const [edu] = await scores.scoreCounters(YEAR);
    expect(edu).toMatchObject({
      agency: 'edu',
      year: YEAR,
      timelinessDue: 64,
      timelinessOnTime: 64,
      completenessDue: 64,
      completenessComplete: 0,
      open: [],
    });
  });

  it('the rebuild replaces the shards with one item per agency', async () => {
    const counters = Object.fromEntries(COUNTERS.map((c) => [c, 3])) as Record<(typeof COUNTERS)[number], number>;
    const rebuilt: ScoreCounterItem = { ...counters, agency: 'edu', year: YEAR, open: [] };
    await scores.replaceScores(YEAR, [rebuilt], []);
    expect(await agencyItems()).toEqual(['AGENCY#edu']);
    expect(await scores.scoreCounters(YEAR)).toEqual([rebuilt]);
  });
});
