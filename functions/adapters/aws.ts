import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultCalendar } from '../../shared/calendar';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { type Clock, type Scanner, systemClock } from '../../shared/ports';
import { inProcessScanner } from '../../shared/review';
import { DynamoDirectory } from './dynamo/directory';
import { DynamoDocuments } from './dynamo/documents';
import { DynamoPublications } from './dynamo/publications';
import { DynamoScores } from './dynamo/scores';
import { Table } from './dynamo/table';
import { DynamoTasks } from './dynamo/tasks';
import { S3Files } from './s3';

export interface DepsConfig {
  readonly tableName: string;
  readonly intakeBucket: string;
  readonly publicBucket: string;
  readonly publicBaseUrl: string;
  readonly dynamo: DynamoDBClient;
  readonly s3: S3Client;
  /** Client used for presigned URLs handed to browsers, when they reach S3 differently. */
  readonly presignS3?: S3Client;
  readonly clock?: Clock;
  /** Where files are scanned. @default in this process (a Lambda invocation is its own sandbox) */
  readonly scanner?: Scanner;
}

export function documentClient(dynamo: DynamoDBClient) {
  return DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Wires the domain's ports to DynamoDB and S3; the same wiring runs in Lambda and in the local runtime. */
export function buildDeps(config: DepsConfig): PipelineDeps {
  const table = new Table(documentClient(config.dynamo), config.tableName);
  return {
    documents: new DynamoDocuments(table),
    tasks: new DynamoTasks(table),
    publications: new DynamoPublications(table),
    scores: new DynamoScores(table),
    directory: new DynamoDirectory(table),
    files: new S3Files(config.s3, config, config.presignS3),
    scanner: config.scanner ?? inProcessScanner,
    clock: config.clock ?? systemClock,
    calendar: defaultCalendar,
  };
}

/** S3 client options that both AWS and s3rver accept (s3rver cannot read chunk-signed bodies). */
export const S3_CLIENT_DEFAULTS: S3ClientConfig = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
};

/** Reads a required environment variable at cold start: a missing one fails loudly, now. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

/** Lambda: clients are created once per cold start and shared by every invocation. */
export function awsDeps() {
  return buildDeps({
    tableName: requireEnv('TABLE_NAME'),
    intakeBucket: requireEnv('INTAKE_BUCKET'),
    publicBucket: requireEnv('PUBLIC_BUCKET'),
    publicBaseUrl: process.env.PUBLIC_BASE_URL ?? '',
    dynamo: new DynamoDBClient({}),
    s3: new S3Client(S3_CLIENT_DEFAULTS),
  });
}
