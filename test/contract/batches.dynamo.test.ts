import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { documentClient } from '../../functions/adapters/aws';
import { DynamoBatches } from '../../functions/adapters/dynamo/batches';
import { Table } from '../../functions/adapters/dynamo/table';
import { S3Drops } from '../../functions/adapters/s3-drops';
import { ensureTable, type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../infra/local/services';
import { freePort, tempDataDir } from '../integration/support';
import { describeBatchContract } from './batches.contract';

const TABLE = 'gongkai';
const INTAKE = 'gongkai-intake';

describeBatchContract('dynamodb + s3 (s3rver)', async () => {
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
    s3 = await startS3(await freePort(), join(data.dir, 's3'), [INTAKE]);
    await ensureTable(dynamo.client, TABLE);
  } catch (err) {
    await teardown();
    throw err;
  }
  const client = s3.client;
  return {
    batches: new DynamoBatches(new Table(documentClient(dynamo.client), TABLE)),
    drops: new S3Drops(client, INTAKE, 'grant'),
    async put(key, bytes, contentType, metadata) {
      await client.send(
        new PutObjectCommand({ Bucket: INTAKE, Key: key, Body: bytes, ContentType: contentType, Metadata: metadata }),
      );
    },
    async read(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: INTAKE, Key: key }));
        return {
          bytes: (await out.Body?.transformToByteArray()) ?? new Uint8Array(),
          ...(out.ContentType ? { contentType: out.ContentType } : {}),
        };
      } catch (err) {
        if (err instanceof Error && err.name === 'NoSuchKey') return undefined;
        throw err;
      }
    },
    teardown,
  };
});
