import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../functions/deps';
import { DATA_FORMAT } from '../../infra/local/data-format';
import { LOCAL_NAMES } from '../../infra/local/names';
import {
  ensureTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type RunningDynamo,
  startDynamo,
} from '../../infra/local/services';
import { fromRoot } from '../../infra/paths';
import { NO_SCORE_CHANGE } from '../../shared/model/scores';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { auditEvent, documentRecord, humanTask } from '../contract/fixtures';
import { freePort, tempDataDir } from './support';

const run = promisify(execFile);

/**
 * `npx gongkai calendar import 2027.json` as ops run it, against DynamoDB Local: the bin, the local
 * connection, the DynamoDB adapters — a notice formed before the 2027 Spring Festival, waiting for
 * its leader's sign-off since 3 February, gets the deadlines the imported holidays give it.
 */
describe('gongkai calendar on DynamoDB Local', () => {
  const data = tempDataDir();
  let dynamo: RunningDynamo;
  let deps: PipelineDeps;
  const doc = documentRecord({
    status: 'AWAITING_SIGNOFF',
    formedAt: '2027-01-20',
    createdAt: '2027-02-03T01:00:00.000Z',
    dueAt: '2027-02-19',
    dueProvisional: true,
  });
  const task = humanTask(doc.id, { createdAt: '2027-02-03T02:00:00.000Z', dueAt: '2027-02-10' });

  beforeAll(async () => {
    dynamo = await startDynamo(await freePort(), join(data.dir, 'dynamodb'));
    await ensureTable(dynamo.client, LOCAL_NAMES.table);
    writeFileSync(join(data.dir, 'format'), DATA_FORMAT);
    deps = buildDeps({
      tableName: LOCAL_NAMES.table,
      intakeBucket: 'unused',
      publicBucket: 'unused',
      publicBaseUrl: '',
      dynamo: dynamo.client,
      s3: new S3Client({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: 'http://127.0.0.1:9' }),
    });
    await deps.documents.commit({
      document: { ...doc, openTaskId: task.id },
      expectedVersion: null,
      event: auditEvent(doc, doc.createdAt),
      scores: NO_SCORE_CHANGE,
      openTasks: [task],
    });
  });

  afterAll(async () => {
    await dynamo?.stop();
    data.remove();
  });

  async function gongkai(...args: string[]) {
    const argv = [
      fromRoot('functions/cli/gongkai.mjs'),
      'calendar',
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

  it('refuses a bad file with exit 2, storing nothing', async () => {
    const bad = join(data.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ year: 2027, holidays: ['2027-02-05', '2027-02-06'] }));
    const refused = await gongkai('import', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("not the whole year's arrangement");
    const notJson = join(data.dir, 'not.json');
    writeFileSync(notJson, '{"year": 2027,');
    expect((await gongkai('import', notJson)).stderr).toContain('is not JSON');
    expect((await gongkai('import', join(data.dir, 'missing.json'))).stderr).toContain('ENOENT');
    expect((await gongkai('list')).json).toEqual([]);
  });

  it('a dry run says what moves; the import moves it, with an audit event per deadline', async () => {
    const file = fromRoot('test/fixtures/calendar/2027.json');
    const preview = await gongkai('import', file, '--dry-run');
    expect(preview.code).toBe(0);
    expect(preview.json).toMatchObject({ year: 2027, dryRun: true, tasks: { open: 1, changed: 1 } });
    expect((await deps.documents.get(doc.id))?.dueAt).toBe('2027-02-19');

    const imported = await gongkai('import', file);
    expect(imported.code).toBe(0);
    expect(imported.json).toMatchObject({ year: 2027, version: 1, dryRun: false, unchanged: false });
    expect(imported.json.changes).toEqual(preview.json.changes);
    expect(await deps.documents.get(doc.id)).toMatchObject({ dueAt: '2027-02-24', dueProvisional: false });
    expect(await deps.tasks.getTask(task.id)).toMatchObject({ dueAt: '2027-02-15', status: 'open' });
    expect((await deps.tasks.listOpen([task.assignee])).map((t) => t.dueAt)).toEqual(['2027-02-15']);
    const recomputed = (await deps.documents.history(doc.id)).filter((e) => e.note?.code === 'deadline-recomputed');
    expect(recomputed.map((e) => [e.actor, e.note && 'deadline' in e.note ? e.note.deadline : undefined])).toEqual([
      ['cli:ops-oncall', 'publication'],
      ['cli:ops-oncall', 'task'],
    ]);

    const listed = await gongkai('list');
    expect(listed.json).toMatchObject([{ year: 2027, version: 1, importedBy: 'cli:ops-oncall' }]);
    // The same file again: nothing stored, nothing left to move.
    expect((await gongkai('import', file)).json).toMatchObject({ unchanged: true, changes: [] });
    // And the pipeline's own calendar reads the year now.
    await deps.calendar.refresh?.();
    expect(deps.calendar.addWorkingDays('2027-01-20', 20)).toEqual({ due: '2027-02-24', provisional: false });
  });
});
