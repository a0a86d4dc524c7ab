import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../functions/deps';
import { openDocument } from '../../infra/local/bench/items';
import { DATA_FORMAT, MIGRATES_FROM } from '../../infra/local/data-format';
import type { LocalRuntime } from '../../infra/local/runtime';
import { ensureTable, startDynamo } from '../../infra/local/services';
import type { DocumentRecord } from '../../shared/model/document';
import { excerptKey } from '../../shared/model/object-keys';
import { createDocument } from '../../shared/pipeline/write';
import { freePort, startTestRuntime, tempDataDir } from './support';

/** Local data of the format before is brought up to date at start, not refused. */
describe(`data format ${MIGRATES_FROM} → ${DATA_FORMAT} at start`, () => {
  const data = tempDataDir();
  let runtime: LocalRuntime | undefined;

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  it("moves a document's excerpt out of its item into the object beside its content", async () => {
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
      s3.destroy();
    } finally {
      await dynamo.stop();
    }
    writeFileSync(join(data.dir, 'format'), `${MIGRATES_FROM}\n`);

    runtime = await startTestRuntime(data.dir, { sweep: { everyMs: 3_600_000 } });
    const doc = await runtime.deps.documents.get(legacy.id);
    expect(doc).not.toHaveProperty('textExcerpt');
    expect(doc?.excerptKey).toBe(excerptKey(legacy.id, sha256));
    const { bytes } = await runtime.deps.files.readOriginal(excerptKey(legacy.id, sha256));
    expect(new TextDecoder().decode(bytes)).toBe(legacy.textExcerpt);
    expect(readFileSync(join(data.dir, 'format'), 'utf8').trim()).toBe(DATA_FORMAT);
  }, 180_000);
});
