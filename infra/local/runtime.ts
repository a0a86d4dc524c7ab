import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Duration } from 'aws-cdk-lib';
import { Hono } from 'hono';
import { buildDeps } from '../../functions/adapters/aws';
import { createApi } from '../../functions/api/app';
import { LocalTokens } from '../../functions/api/auth';
import { STEP_HANDLERS, type StepHandler } from '../../functions/steps';
import { STEP_NAMES, type StepName } from '../../functions/steps/names';
import { isoDay } from '../../shared/pipeline/deps';
import { fromRoot } from '../paths';
import { synthesizeLocalDefinition } from './asl';
import { SettableClock } from './clock';
import { seedDemoHistory } from './demo/history';
import { devRoutes } from './dev-routes';
import { type EventBridgeEvent, matchesPattern, toObjectCreatedEvents } from './events';
import { LOCAL_NAMES } from './names';
import { seedDirectory } from './seed';
import { ensureTable, startDynamo, startS3 } from './services';
import { LocalWorkflow } from './workflow';

export interface LocalRuntimeOptions {
  /** API + dashboard port. @default 3000 */
  readonly port?: number;
  /** DynamoDB Local port. @default port + 10 */
  readonly dynamoPort?: number;
  /** s3rver port. @default port + 11 */
  readonly s3Port?: number;
  /** Where data survives restarts. @default <repo>/.data */
  readonly dataDir?: string;
  /** Settable clock (demo history with past dates, tests). @default the system clock */
  readonly clock?: SettableClock;
  /**
   * On a first start (no documents yet), run two years of demo documents through the pipeline.
   * @default no demo history
   */
  readonly demoHistory?: {
    readonly perAgencyYear?: number;
    readonly onProgress?: (done: number, total: number) => void;
  };
  readonly log?: (message: string) => void;
  /** Seconds before a sign-off escalates (tests); the stack's own default otherwise. */
  readonly signOffTimeoutSeconds?: number;
}

export { LOCAL_NAMES };

export type LocalRuntime = Awaited<ReturnType<typeof startLocalRuntime>>;

/**
 * Everything on 127.0.0.1: DynamoDB Local, s3rver, the synthesized state machine on
 * aws-local-stepfunctions, and the Hono API with the built dashboard on one port.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}) {
  const port = options.port ?? 3000;
  const dataDir = options.dataDir ?? fromRoot('.data');
  const log = options.log ?? (() => {});
  mkdirSync(dataDir, { recursive: true });

  // Java starts DynamoDB Local in its own process while this one synthesizes the stack.
  const services = Promise.all([
    startDynamo(options.dynamoPort ?? port + 10, join(dataDir, 'dynamodb')),
    startS3(options.s3Port ?? port + 11, join(dataDir, 's3'), [LOCAL_NAMES.intakeBucket, LOCAL_NAMES.publicBucket]),
  ]);
  services.catch(() => {}); // awaited below; avoid an unhandled rejection while synthesizing
  const local = synthesizeLocalDefinition(
    LOCAL_NAMES.intakeBucket,
    options.signOffTimeoutSeconds ? { signOffTimeout: Duration.seconds(options.signOffTimeoutSeconds) } : {},
  );
  const [dynamo, s3] = await services;
  await ensureTable(dynamo.client, LOCAL_NAMES.table);

  const baseUrl = `http://127.0.0.1:${port}`;
  const clock = options.clock ?? new SettableClock();
  const deps = buildDeps({
    tableName: LOCAL_NAMES.table,
    intakeBucket: LOCAL_NAMES.intakeBucket,
    publicBucket: LOCAL_NAMES.publicBucket,
    publicBaseUrl: '',
    dynamo: dynamo.client,
    s3: s3.client,
    clock,
  });
  await seedDirectory(deps.repository);

  const handlers = Object.fromEntries(STEP_NAMES.map((step) => [step, STEP_HANDLERS[step](deps)])) as Record<
    StepName,
    StepHandler
  >;
  const workflow = new LocalWorkflow(local, handlers, log);

  /** The EventBridge rule: an event that matches the synthesized pattern starts an execution. */
  const deliver = (event: EventBridgeEvent): boolean => {
    if (!matchesPattern(event, local.startPattern)) return false;
    return workflow.start(`s3-${event.id}`, event);
  };
  s3.onObjectCreated((notification) => {
    for (const event of toObjectCreatedEvents(notification)) deliver(event);
  });

  // Executions live in memory: carry on every document that was mid-flow when we last stopped.
  const inFlight = await deps.documents.listInFlight();
  let resumed = 0;
  for (const doc of inFlight) {
    if (doc.status === 'DRAFT' || !doc.executionId) continue;
    const name = `resume-${doc.id}-${Date.now().toString(36)}`;
    if (workflow.start(name, { resume: { documentId: doc.id, previousExecutionId: doc.executionId } })) resumed++;
  }

  // Let resumed executions reach their waiting tasks before anyone can decide them.
  await workflow.settled();

  const tokens = new LocalTokens(readOrCreateSecret(dataDir), deps.directory);
  const api = createApi({
    deps,
    scores: deps.repository,
    amendments: deps.repository,
    authenticate: tokens.authenticate,
    callbacks: workflow,
    devRoutes: devRoutes(deps.directory, tokens),
  });
  const app = new Hono();
  app.route('/', api);
  app.get('/public/*', (c) => servePublicCopy(s3.client, c.req.path.slice(1)));
  // An unknown API path is a JSON 404, not the dashboard's index.html.
  app.all('/api/*', (c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  const dist = fromRoot('dashboard/dist');
  if (existsSync(dist)) {
    app.use('/*', serveStatic({ root: dist }));
    app.get('*', serveStatic({ path: join(dist, 'index.html') }));
  }

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });

  let demoDocuments = 0;
  if (options.demoHistory && (await deps.repository.scoreYears()).length === 0) {
    const today = isoDay(new Date());
    const year = Number(today.slice(0, 4));
    const seeded = await seedDemoHistory({ url: baseUrl, workflow, calendar: deps.calendar }, clock, {
      years: [year - 1, year],
      until: today,
      ...options.demoHistory,
    });
    demoDocuments = seeded.documents;
  }

  return {
    url: baseUrl,
    demoDocuments,
    deps,
    workflow,
    s3,
    dynamo,
    resumed,
    dashboardBuilt: existsSync(dist),
    deliver,
    async stop() {
      await workflow.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([s3.stop(), dynamo.stop()]);
    },
  };
}

/** A per-installation signing secret for local tokens, kept with the data, never in the repo. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function servePublicCopy(client: S3Client, key: string): Promise<Response> {
  try {
    const out = await client.send(
      new GetObjectCommand({ Bucket: LOCAL_NAMES.publicBucket, Key: decodeURIComponent(key) }),
    );
    const bytes = await out.Body?.transformToByteArray();
    return new Response(bytes ? Buffer.from(bytes) : null, {
      headers: { 'content-type': out.ContentType ?? 'application/octet-stream' },
    });
  } catch {
    return Response.json({ error: { code: 'not_found', message: 'no such public copy' } }, { status: 404 });
  }
}
