import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FORMAT } from '../../infra/local/data-format';
import { LOCAL_NAMES } from '../../infra/local/names';
import { demoDirectoryCsv } from '../../infra/local/seed';
import { ensureTable, type RunningDynamo, startDynamo } from '../../infra/local/services';
import { fromRoot } from '../../infra/paths';
import { freePort, tempDataDir } from './support';

const run = promisify(execFile);

/**
 * `npx gongkai directory …` as ops run it, against DynamoDB Local: the bin, the local connection
 * and the DynamoDB adapter (transactions, claims, the log) — the onboarding of a district and a
 * rejected file.
 */
describe('gongkai directory on DynamoDB Local', () => {
  const data = tempDataDir();
  let dynamo: RunningDynamo;

  beforeAll(async () => {
    dynamo = await startDynamo(await freePort(), join(data.dir, 'dynamodb'));
    await ensureTable(dynamo.client, LOCAL_NAMES.table);
    writeFileSync(join(data.dir, 'format'), DATA_FORMAT);
  });

  afterAll(async () => {
    await dynamo?.stop();
    data.remove();
  });

  async function gongkai(...args: string[]) {
    const argv = [
      fromRoot('functions/cli/gongkai.mjs'),
      'directory',
      ...args,
      '--data-dir',
      data.dir,
      '--dynamo-endpoint',
      dynamo.endpoint,
      '--actor',
      'ops-oncall',
    ];
    try {
      const { stdout, stderr } = await run(process.execPath, argv, {
        cwd: fromRoot(),
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
      });
      return { code: 0, json: JSON.parse(stdout), stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, json: e.stdout ? JSON.parse(e.stdout) : undefined, stderr: e.stderr };
    }
  }

  it('onboards a district from one file, all or nothing, and administers it afterwards', async () => {
    const bad = join(data.dir, 'bad.csv');
    writeFileSync(bad, `${demoDirectoryCsv()}user,edu,qin.lan,秦兰,,,,,,,,,uploader,nowhere,,\r\n`);
    const rejected = await gongkai('import', bad);
    expect(rejected.code).toBe(1);
    expect(rejected.json.errors).toEqual([
      { line: expect.any(Number), message: 'user qin.lan: department nowhere is not a department of edu' },
    ]);
    expect((await gongkai('agencies')).json).toEqual([]);

    const good = join(data.dir, 'district.csv');
    writeFileSync(good, demoDirectoryCsv());
    const imported = await gongkai('import', good);
    expect(imported.code).toBe(0);
    expect(imported.json.summary.agencies.created).toBe(16);
    expect((await gongkai('agencies')).json).toHaveLength(16);
    expect((await gongkai('imports')).json).toEqual([
      expect.objectContaining({ id: imported.json.importId, status: 'applied', actor: 'cli:ops-oncall' }),
    ]);

    // A code is one agency's: the claim items in DynamoDB refuse a second holder.
    const taken = await gongkai('agency', 'create', 'culture', '--name', '区文旅局', '--code', '0201');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('agency code 0201 is used by');

    await gongkai('user', 'create', 'sun.yu', '--name', '孙宇', '--roles', 'leader', '--agency', 'edu');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const assigned = await gongkai(
      'department',
      'assign',
      'edu',
      'office',
      '--leader',
      'sun.yu',
      '--effective-from',
      today,
    );
    expect(assigned.code).toBe(0);
    const log = await gongkai('log', '--agency', 'edu', '--limit', '2');
    expect(log.json.entries.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['leader-assigned', 'cli:ops-oncall'],
      ['user-created', 'cli:ops-oncall'],
    ]);
  });
});
