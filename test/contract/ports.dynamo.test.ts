import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { buildDeps } from '../../functions/deps';
import { ensureTable, type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../infra/local/services';
import { freePort, tempDataDir } from '../integration/support';
import { describePortContract } from './ports.contract';

const TABLE = 'gongkai';
const INTAKE = 'gongkai-intake';
const PUBLIC = 'gongkai-public';

describePortContract('dynamodb + s3', async () => {
  const data = tempDataDir();
  let dynamo: RunningDynamo | undefined;
  let s3: RunningS3 | undefined;
  const teardown = async () => {
    await s3?.stop();
    await dynamo?.stop();
    data.remove();
  };
  try {
    dynamo = await startDynamo(await freePort(), join(data.dir, 'dynamodb'));
    s3 = await startS3(await freePort(), join(data.dir, 's3'), [INTAKE, PUBLIC]);
    await ensureTable(dynamo.client, TABLE);
  } catch (err) {
    await teardown();
    throw err;
  }
  const client = s3.client;
  const deps = buildDeps({
    tableName: TABLE,
    intakeBucket: INTAKE,
    publicBucket: PUBLIC,
    publicBaseUrl: '',
    dynamo: dynamo.client,
    s3: client,
  });
  return {
    deps,
    async putUpload(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket: INTAKE, Key: key, Body: bytes, ContentType: contentType }));
    },
    async uploadTo(url, bytes, contentType) {
      const response = await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': contentType } });
      if (!response.ok) throw new Error(`upload to ${url} failed: ${response.status} ${await response.text()}`);
    },
    async readPublic(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: PUBLIC, Key: key }));
        return {
          bytes: (await out.Body?.transformToByteArray()) ?? new Uint8Array(),
          ...(out.ContentType ? { contentType: out.ContentType } : {}),
          ...(downloadNameOf(out.ContentDisposition) ?? {}),
        };
      } catch (err) {
        if (err instanceof Error && err.name === 'NoSuchKey') return undefined;
        throw err;
      }
    },
    teardown,
  };
});

/** The UTF-8 name of an `attachment; filename*=UTF-8''…` disposition, as a browser saves it. */
function downloadNameOf(disposition: string | undefined): { downloadName: string } | undefined {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/)?.[1];
  return encoded ? { downloadName: decodeURIComponent(encoded) } : undefined;
}
