import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../functions/deps';
import { openDocument } from '../../infra/local/bench/items';
import { DATA_FORMAT, MIGRATES_FROM } from '../../infra/local/data-format';
import type { LocalRuntime } from '../../infra/local/runtime';
import { ensureTable, startDynamo } from '../../infra/local/services';
import type { DocumentRecord } from '../../shared/model/document';
import { excerptKey, pinnedKey } from '../../shared/model/object-keys';
import { createDocument } from '../../shared/pipeline/write';
import { freePort, startTestRuntime, tempDataDir } from './support';

/** Local data of the format before is brought up to date at start, not refused. */
describe(`data format ${MIGRATES_FROM.join(' or ')} → ${DATA_FORMAT} at start`, () => {
  const data = tempDataDir();
  let runtime: LocalRuntime | undefined;

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  it("moves a document's excerpt out of its item, its stored keys off it, and gives it today's index keys and form", async () => {
    // Data as format 4 left it: the reviewers' text on the document item.
    const sha256 = 'a'.repeat(64);
    const legacy = { ...openDocument(1), sha256, textExcerpt: '申请人赵某某 身份证号 370405198003121232' };
    const dynamo = await startDynamo(await freePort(), join(data.dir, 'dynamodb'));
    try {
      await ensureTable(dynamo.client, 'gongkai');
      const s3 = new S3Client({ region: 'us-east-1' });
      const deps = buildDeps({
        tableName: 'gongkai',
        intakeBucket: 'unused',
        publicBucket: 'unused',
        publicBaseUrl: '',
        dynamo: dynamo.client,
        s3,
      });
      await createDocument(deps.documents, legacy as DocumentRecord, { at: legacy.createdAt, actor: 'zhang.wei' });
      // …and as format 5 keyed it: the pinned content's key stored, in flight on byAssignee by status
      // (format 6 by id, still on byAssignee), in no pipeline; its id on the item and its hash in hex
      // (up to format 7).
      await dynamo.client.send(
        new UpdateItemCommand({
          TableName: 'gongkai',
          Key: { pk: { S: `DOC#${legacy.id}` }, sk: { S: 'DOC' } },
          UpdateExpression:
            'SET contentKey = :key, gsi1pk = :inFlight, gsi1sk = :old, id = :id, sha256 = :sha256 ' +
            'REMOVE gsi5pk, gsi5sk, gsi6pk, gsi6sk',
          ExpressionAttributeValues: {
            ':key': { S: pinnedKey(legacy.id, sha256) },
            ':inFlight': { S: 'INFLIGHT' },
            ':old': { S: `RECEIVED#${legacy.id}` },
            ':id': { S: legacy.id },
            ':sha256': { S: sha256 },
          },
        }),
      );
      s3.destroy();
    } finally {
      await dynamo.stop();
    }
    writeFileSync(join(data.dir, 'format'), '4\n');

    runtime = await startTestRuntime(data.dir, { sweep: { everyMs: 3_600_000 } });
    const doc = await runtime.deps.documents.get(legacy.id);
    expect(doc).not.toHaveProperty('textExcerpt');
    expect(doc).not.toHaveProperty('contentKey');
    const item = await runtime.dynamo.client.send(
      new GetItemCommand({ TableName: 'gongkai', Key: { pk: { S: `DOC#${legacy.id}` }, sk: { S: 'DOC' } } }),
    );
    // Today's index keys: in flight on the keys-only index by id (off byAssignee, where only tasks
    // are), and in its agency's pipeline (GET /api/pipeline).
    expect(item.Item?.gsi6sk?.S).toBe(legacy.id);
    expect(item.Item).not.toHaveProperty('gsi1pk');
    expect(item.Item?.gsi5pk?.S).toBe(`PIPELINE#${legacy.agency}`);
    // The id only in the key, the hash as its bytes; the record reads as it did.
    expect(item.Item).not.toHaveProperty('id');
    expect(Buffer.from(item.Item?.sha256?.B ?? []).toString('hex')).toBe(sha256);
    expect(doc).toMatchObject({ id: legacy.id, sha256 });
    expect((await runtime.deps.documents.listInFlight()).map((d) => d.id)).toContain(legacy.id);
    expect(doc?.excerptKey).toBe(excerptKey(legacy.id, sha256));
    const { bytes } = await runtime.deps.files.readOriginal(excerptKey(legacy.id, sha256));
    expect(new TextDecoder().decode(bytes)).toBe(legacy.textExcerpt);
    expect(readFileSync(join(data.dir, 'format'), 'utf8').trim()).toBe(DATA_FORMAT);
  }, 180_000);
});
