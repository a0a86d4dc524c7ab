import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AuditDeps } from '../../shared/pipeline/audit';
import type { AuditDigests } from '../../shared/ports';
import { documentClient } from './aws';
import { DynamoDirectory } from './dynamo/directory';
import { DynamoDocuments } from './dynamo/documents';
import { Table } from './dynamo/table';
import { S3AuditDigests } from './s3-audit-digests';

/**
 * What the digest job and `audit verify` read: the table's documents and directory, and the
 * digest store (the Object Lock bucket on AWS; any AuditDigests, such as the local files).
 */
export function buildAuditDeps(config: {
  readonly tableName: string;
  readonly dynamo: DynamoDBClient;
  readonly digests: AuditDigests | { readonly s3: S3Client; readonly bucket: string };
}): AuditDeps {
  const table = new Table(documentClient(config.dynamo), config.tableName);
  const { digests } = config;
  return {
    documents: new DynamoDocuments(table),
    directory: new DynamoDirectory(table),
    digests: 'bucket' in digests ? new S3AuditDigests(digests.s3, digests.bucket) : digests,
  };
}
