import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/aws';
import { keys } from '../../functions/adapters/dynamo/keys';
import { SettableClock } from '../../infra/local/clock';
import { LOCAL_NAMES, type LocalRuntime } from '../../infra/local/runtime';
import { fromRoot } from '../../infra/paths';
import { ApiClient, DEMO_METADATA, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

const run = promisify(execFile);

/**
 * The provable audit trail over the running pipeline: a document published through the local
 * runtime, a day's digest written, then its event items changed behind the pipeline's back with
 * DynamoDB Local's own API; `npx gongkai audit verify` names the document and the event each time.
 */
describe('audit verify against the local runtime', () => {
  const data = tempDataDir();
  const clock = new SettableClock();
  let runtime: LocalRuntime;
  let id: string;
  let history: Array<{ seq: number; to: string; hash: string }>;

  /** `npx gongkai audit verify …` on this runtime's data: exit code and the JSON it printed. */
  async function verify(...args: string[]) {
    const argv = [
      fromRoot('functions/cli/gongkai.mjs'),
      'audit',
      'verify',
      '--data-dir',
      data.dir,
      '--dynamo-endpoint',
      runtime.dynamo.endpoint,
      ...args,
    ];
    try {
      const { stdout } = await run(process.execPath, argv, {
        cwd: fromRoot(),
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
      });
      return { code: 0, report: JSON.parse(stdout) };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      if (e.code !== 1 || !e.stdout) throw new Error(`audit verify failed (${e.code}): ${e.stderr}`);
      return { code: e.code, report: JSON.parse(e.stdout) };
    }
  }

  beforeAll(async () => {
    clock.set('2026-03-03T02:00:00Z');
    runtime = await startTestRuntime(data.dir, { clock });
    const uploader = await new ApiClient(runtime.url).login('zhang.wei');
    const leader = await new ApiClient(runtime.url).login('li.na');
    id = await upload(uploader, '关于春季开学工作的通知。', { ...DEMO_METADATA, formedAt: '2026-03-02' });
    await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    const task = (await leader.get('/api/tasks')).body.entries.find((t: { documentId: string }) => t.documentId === id);
    expect((await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);
    history = (await waitForStatus(uploader, id, 'PUBLISHED')).history;
    // The next day's digest, as the daily timer writes it.
    clock.set('2026-03-04T02:00:00Z');
    await runtime.auditDigests.writeNow();
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  it('writes the digest of every chain’s head under the data directory, and the untouched chain verifies', async () => {
    expect(history.length).toBeGreaterThan(5);
    expect(history.map((e) => e.seq)).toEqual([...history.map((e) => e.seq)].sort((a, b) => a - b));
    // The start of the runtime wrote the first day's (no documents yet), the timer the next day's.
    const first = JSON.parse(readFileSync(join(data.dir, 'audit-digests', '2026-03-03.json'), 'utf8'));
    expect(first).toMatchObject({ date: '2026-03-03', documents: 0, heads: {} });
    const digest = JSON.parse(readFileSync(join(data.dir, 'audit-digests', '2026-03-04.json'), 'utf8'));
    const last = history.at(-1);
    expect(digest).toMatchObject({
      format: 1,
      date: '2026-03-04',
      documents: 1,
      heads: { [id]: last && { seq: last.seq, hash: last.hash } },
    });

    expect(await verify()).toEqual({
      code: 0,
      report: { documents: 1, events: history.length, mismatches: [], digest: '2026-03-04' },
    });
  });

  it('names the document and the event whose item was edited in DynamoDB, then the one deleted', async () => {
    const table = documentClient(runtime.dynamo.client);
    const edited = history.find((e) => e.to === 'SIGNED_OFF');
    const deleted = history.find((e) => e.to === 'ROUTED');
    if (!edited || !deleted) throw new Error('no sign-off or routing event');

    await table.send(
      new UpdateCommand({
        TableName: LOCAL_NAMES.table,
        Key: keys.event(id, edited.seq),
        UpdateExpression: 'SET actor = :someone',
        ExpressionAttributeValues: { ':someone': 'someone.else' },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    const afterEdit = await verify();
    expect(afterEdit).toEqual({
      code: 1,
      report: {
        documents: 1,
        events: history.length,
        mismatches: [{ documentId: id, seq: edited.seq, problem: 'edited' }],
        digest: '2026-03-04',
      },
    });
    expect((await verify('--document', id)).report.mismatches).toEqual(afterEdit.report.mismatches);

    await table.send(
      new DeleteCommand({
        TableName: LOCAL_NAMES.table,
        Key: keys.event(id, deleted.seq),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    expect(await verify()).toEqual({
      code: 1,
      report: {
        documents: 1,
        events: history.length - 1,
        mismatches: [
          { documentId: id, seq: edited.seq, problem: 'edited' },
          { documentId: id, seq: deleted.seq, problem: 'missing' },
        ],
        digest: '2026-03-04',
      },
    });
  });
});
