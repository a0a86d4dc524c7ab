import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { writeAuditDigest } from '../../shared/pipeline/audit';
import { systemClock } from '../../shared/ports';
import { buildAuditDeps } from '../adapters/audit';
import { requireEnv } from '../adapters/aws';
import { observedJob } from '../observability/observe';

const deps = buildAuditDeps({
  tableName: requireEnv('TABLE_NAME'),
  dynamo: new DynamoDBClient({}),
  digests: { s3: new S3Client({}), bucket: requireEnv('DIGEST_BUCKET') },
});

/** The daily EventBridge schedule: today's digest of every audit chain's head, once. */
export const handler = observedJob(
  'auditDigest',
  () => writeAuditDigest({ ...deps, clock: systemClock }),
  (r) => r,
);
