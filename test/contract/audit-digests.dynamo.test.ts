import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { DIGEST_PREFIX, S3AuditDigests } from '../../functions/adapters/s3-audit-digests';
import { type RunningS3, startS3 } from '../../infra/local/services';
import { freePort, tempDataDir } from '../integration/support';
import { describeDigestContract } from './audit-digests.contract';

const data = tempDataDir();
let s3: RunningS3;
let buckets = 0;

beforeAll(async () => {
  s3 = await startS3(
    await freePort(),
    join(data.dir, 's3'),
    Array.from({ length: 8 }, (_, i) => `digests-${i + 1}`),
  );
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  data.remove();
});

// A bucket per test. s3rver ignores If-None-Match on PUT: append-only is S3's (and Object Lock's) to prove.
describeDigestContract('s3 (s3rver)', () => {
  const bucket = `digests-${++buckets}`;
  return {
    digests: new S3AuditDigests(s3.client, bucket),
    refusesSecondPut: false,
    corrupt: async (date, text) => {
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `${DIGEST_PREFIX}${date}.json`, Body: text }));
    },
  };
});
