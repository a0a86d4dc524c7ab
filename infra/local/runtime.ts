import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeps } from '../../functions/deps';
import { STEP_HANDLERS, type StepHandler } from '../../functions/steps';
import { STEP_NAMES, type StepName } from '../../functions/steps/names';
import { migrateStoredDocuments } from '../../shared/pipeline/layout-migration';
import type { Scanner, WorkflowCallbacks } from '../../shared/ports';
import { ocrStatus } from '../../shared/review/ocr';
import { fromRoot } from '../paths';
import { localDefinition } from './asl-cache';
import { startAuditDigests } from './audit-digests';
import { localBatchImporter } from './batch-importer';
import { SettableClock } from './clock';
import { DATA_FORMAT, MIGRATES_FROM } from './data-format';
import { deadLetterDir, FileDeadLetters } from './dead-letters';
import { seedDemoHistory } from './demo/history';
import { demoToRun, writeDemoProgress } from './demo/progress';
import { seedDemoReports } from './demo/reports';
import { type EventBridgeEvent, matchesPattern, toObjectCreatedEvents } from './events';
import { describeFaults, FaultInjector, type FaultRates, parseFaults } from './faults';
import { startLocalServer } from './http';
import { LOCAL_NAMES } from './names';
import { startLocalOidc } from './oidc';
import { RESUME_BATCH, resumeInFlight } from './resume';
import { removeRuntimeInfo, writeRuntimeInfo } from './runtime-info';
import { seedDirectory } from './seed';
import { ensureTable, startDynamo, startS3 } from './services';
import { startLocalSfnEndpoint } from './sfn-endpoint';
import { type LocalSweeperOptions, startLocalSweeper } from './sweeper';
import { createWorkerScanner } from './worker-scanner';
import { LocalWorkflow } from './workflow';

export interface LocalRuntimeOptions {
  /** API + dashboard port. @default 3000 */
  readonly port?: number;
  /** DynamoDB Local port. @default port + 10 */
  readonly dynamoPort?: number;
  /** s3rver port. @default port + 11 */
  readonly s3Port?: number;
  /** The local OpenID provider's port (its issuer is http://127.0.0.1:PORT; 0: any free port). @default port + 12 */
  readonly oidcPort?: number;
  /** Where data survives restarts. @default <repo>/.data */
  readonly dataDir?: string;
  /** Settable clock (demo history with past dates, tests). @default the system clock */
  readonly clock?: SettableClock;
  /**
   * On a first start (no documents yet), run two years of demo documents through the pipeline; a
   * start after one that was interrupted finishes them (./demo/progress.ts).
   * @default no demo history
   */
  readonly demoHistory?: {
    readonly perAgencyYear?: number;
    /** Only the first n agencies (tests). @default all */
    readonly agencies?: number;
    readonly onProgress?: (done: number, total: number) => void;
    /** Then the annual reports: last year's published for a few agencies, this year's begun (./demo/reports.ts). */
    readonly annualReports?: boolean;
  };
  readonly log?: (message: string) => void;
  /** Seconds before a sign-off escalates (tests); the stack's own default otherwise. */
  readonly signOffTimeoutSeconds?: number;
  /** Where files are scanned. @default worker threads (./worker-scanner.ts), away from the API */
  readonly scanner?: Scanner;
  /** Injected failures (./faults.ts). @default GONGKAI_FAULTS, else none */
  readonly faults?: FaultRates;
  /** The sweeper's timer (./sweeper.ts). @default every minute, registrations older than five minutes */
  readonly sweep?: Omit<LocalSweeperOptions, 'log'>;
  /** The local StartExecution endpoint `gongkai ops` uses (0: any free port). @default port + 13 */
  readonly sfnPort?: number;
  /** How many unfinished documents a start resumes at once. @default RESUME_BATCH */
  readonly resumeBatch?: number;
  /** Wraps each step's handler (benchmarks: Lambda invocations, their duration, what each one reads). */
  readonly wrapStep?: (step: StepName, handler: StepHandler) => StepHandler;
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
  const migrate = checkDataFormat(dataDir);

  // Java starts DynamoDB Local in its own process while this one synthesizes the stack (or reads
  // what it synthesized before from ./asl-cache.ts).
  // Both or neither: when one cannot start, the one that did is stopped again (its port released).
  const services = Promise.allSettled([
    startDynamo(options.dynamoPort ?? port + 10, join(dataDir, 'dynamodb')),
    startS3(options.s3Port ?? port + 11, join(dataDir, 's3'), [LOCAL_NAMES.intakeBucket, LOCAL_NAMES.publicBucket]),
  ]).then(async ([d, s]) => {
    if (d.status === 'fulfilled' && s.status === 'fulfilled') return [d.value, s.value] as const;
    await Promise.all([d, s].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw d.status === 'rejected' ? d.reason : (s as PromiseRejectedResult).reason;
  });
  services.catch(() => {}); // awaited below; avoid an unhandled rejection while synthesizing
  const local = await localDefinition(LOCAL_NAMES.intakeBucket, {
    ...(options.signOffTimeoutSeconds ? { signOffTimeoutSeconds: options.signOffTimeoutSeconds } : {}),
  });
  const [dynamo, s3] = await services;
  await ensureTable(dynamo.client, LOCAL_NAMES.table);
  const faults = new FaultInjector(options.faults ?? parseFaults(process.env.GONGKAI_FAULTS));
  if (faults.active) {
    faults.attach(dynamo.client);
    log(describeFaults(faults.rates));
  }

  const clock = options.clock ?? new SettableClock();
  const workers = options.scanner ? undefined : createWorkerScanner();
  // The workers read scans by OCR; without its language data they cannot, and say so once here.
  const ocr = workers ? ocrStatus() : undefined;
  if (ocr && !ocr.available) log(ocr.reason ?? 'OCR is not available: scans go to the pre-review group unread');
  const scanner = options.scanner ?? workers;
  const deps = buildDeps({
    tableName: LOCAL_NAMES.table,
    intakeBucket: LOCAL_NAMES.intakeBucket,
    publicBucket: LOCAL_NAMES.publicBucket,
    publicBaseUrl: '',
    dynamo: dynamo.client,
    s3: s3.client,
    clock,
    // The review step runs in this process, beside the API: scans go to worker threads with their
    // own memory and time limits, so a big file neither blocks the API nor takes the runtime down.
    scanner,
    // s3rver checks no signature: a drop counts only under a batch an uploader opened (shared/model/batch.ts).
    dropAuthority: 'grant',
  });
  // The demo directory, through the same import ops use to onboard a district (nothing written once it is there).
  await seedDirectory(deps);
  if (migrate) {
    const moved = await migrateStoredDocuments(deps);
    writeFileSync(join(dataDir, 'format'), `${DATA_FORMAT}\n`);
    log(
      `data format ${migrate} → ${DATA_FORMAT}: ${moved.documents} documents brought up to date ` +
        `(${moved.excerpts} reviewers' excerpts moved out of their documents, ${moved.tasks} open tasks given their summary)`,
    );
  }
  // From here on, what runs is under test.
  faults.enabled = true;

  // The callback step may resume its own execution (a decision that came first): the engine, once it exists.
  const callbacks: WorkflowCallbacks = {
    succeed: (token, output) => workflow.succeed(token, output),
    fail: (token, error, cause) => workflow.fail(token, error, cause),
  };
  const wrap = options.wrapStep ?? ((_step: StepName, handler: StepHandler) => handler);
  const handlers = Object.fromEntries(
    STEP_NAMES.map((step) => [step, wrap(step, faults.step(step, STEP_HANDLERS[step](deps, { callbacks })))]),
  ) as Record<StepName, StepHandler>;
  const workflow: LocalWorkflow = new LocalWorkflow(local, handlers, log);
  const deadLetters = new FileDeadLetters(deadLetterDir(dataDir));

  // Off only for the benchmark's raw floor, which runs the same steps on the same uploads itself.
  let uploadsStartFlow = true;
  /**
   * The EventBridge rule: an event that matches the synthesized pattern starts an execution; one
   * that cannot be delivered goes to the dead-letter queue, as the rule's target sends it there.
   */
  const deliver = (event: EventBridgeEvent): boolean => {
    if (!uploadsStartFlow || !matchesPattern(event, local.startPattern)) return false;
    try {
      if (!faults.loseEvent()) return workflow.start(`s3-${event.id}`, event);
    } catch (err) {
      log(`the upload event ${event.id} could not start the flow: ${err instanceof Error ? err.message : String(err)}`);
    }
    deadLetters.put(event);
    return false;
  };
  // The batch importer's rule, beside the flow's: drop folders and single uploads with metadata.
  const batchImporter = localBatchImporter(deps, local.eventHandlerPatterns.batchImport, log);
  s3.onObjectCreated((notification) => {
    for (const event of toObjectCreatedEvents(notification)) {
      deliver(event);
      batchImporter.deliver(event);
    }
  });

  // A demo district an earlier start left half-built is finished; what it left mid-flow carries on at its clock.
  const demo = options.demoHistory
    ? await demoToRun(dataDir, options.demoHistory, async () => (await deps.scores.scoreYears()).length > 0, log)
    : undefined;
  if (demo?.progress.clock) clock.set(demo.progress.clock);
  // Documents left mid-flow carry on in bounded batches (./resume.ts): the first reaches its waiting
  // tasks before anyone can decide them, the rest follow while the runtime serves.
  const resumption = await resumeInFlight(deps, workflow, {
    batch: options.resumeBatch ?? RESUME_BATCH,
    settleMs: faults.active ? 300_000 : 60_000,
    log,
  });
  const sfn = await startLocalSfnEndpoint(options.sfnPort ?? port + 13, workflow);

  // The local identity provider: the dashboard's code flow, the API's JWKS, the dev login's key.
  const oidc = await startLocalOidc({
    port: options.oidcPort ?? port + 12,
    dataDir,
    dashboardOrigin: `http://127.0.0.1:${port}`,
    directory: deps.directory,
  });
  const server = await startLocalServer({
    port,
    dataDir,
    deps,
    callbacks: workflow,
    workflow,
    s3: s3.client,
    uploadOrigin: s3.endpoint,
    oidc,
  }).catch(async (err: unknown) => {
    await oidc.close();
    await sfn.close();
    throw err;
  });
  const baseUrl = server.url;

  let demoDocuments = 0;
  if (demo) {
    let progress = demo.progress;
    const onProgress = options.demoHistory?.onProgress;
    const seeded = await seedDemoHistory({ url: baseUrl, workflow, calendar: deps.calendar }, clock, {
      years: progress.years,
      until: progress.until,
      perAgencyYear: progress.perAgencyYear,
      ...(progress.agencies !== undefined ? { agencies: progress.agencies } : {}),
      ...(demo.resumed ? { from: progress.done } : {}),
      ...(onProgress ? { onProgress } : {}),
      onCheckpoint: (checkpoint) => {
        progress = { ...progress, ...checkpoint };
        writeDemoProgress(dataDir, progress);
      },
    });
    if (options.demoHistory?.annualReports) {
      const { years, until, agencies } = progress;
      await seedDemoReports({ url: baseUrl, workflow }, clock, {
        years,
        until,
        ...(agencies !== undefined ? { agencies } : {}),
      });
    }
    writeDemoProgress(dataDir, { ...progress, status: 'complete', done: seeded.documents, total: seeded.total });
    demoDocuments = seeded.documents - (demo.resumed ? demo.progress.done : 0);
  }

  // The daily digest of every audit chain's head: now (once a day) and after each Beijing midnight.
  const auditDigests = startAuditDigests(deps, dataDir, log);
  await auditDigests.writeNow();
  // Uploads whose event was lost (a stop between the PUT and the start) are started by the sweeper.
  const sweeper = startLocalSweeper(deps, workflow, { ...options.sweep, log });
  // Where `gongkai ops` finds this runtime (./ops-cli.ts); removed again by stop().
  writeRuntimeInfo(dataDir, { pid: process.pid, api: baseUrl, dynamo: dynamo.endpoint, s3: s3.endpoint, sfn: sfn.url });

  return {
    url: baseUrl,
    demoDocuments,
    deps,
    workflow,
    /** The synthesized flow it runs (its task states, each step's memory). */
    definition: local,
    s3,
    dynamo,
    /** Documents left mid-flow that this start resumes. */
    resumed: resumption.resumed,
    /** Settles once every one of them is back where it waits (the first batch was before the start returned). */
    resumption: resumption.done,
    dashboardBuilt: server.dashboardBuilt,
    deliver,
    /** Whether an upload's event starts the flow (the EventBridge rule enabled or disabled). */
    setUploadsStartFlow(on: boolean) {
      uploadsStartFlow = on;
    },
    batchImporter,
    auditDigests,
    /** The local OpenID provider (issuer, client id, and `mint` for tokens of its own key). */
    oidc,
    faults,
    deadLetters,
    sweeper,
    /** The local StartExecution endpoint (./sfn-endpoint.ts). */
    sfn,
    async stop() {
      removeRuntimeInfo(dataDir);
      await sweeper.stop();
      await sfn.close();
      await auditDigests.stop();
      // An import under way gets a moment to finish; its state is in DynamoDB (its lease lapses, the manifest dropped again resumes it).
      await batchImporter.idle(5_000);
      await resumption.stop();
      await workflow.stop();
      await workers?.close();
      await server.close();
      await oidc.close();
      await Promise.all([s3.stop(), dynamo.stop()]);
    },
  };
}

/** The format the data must be migrated from first (it is, once the stores run); undefined when none. */
function checkDataFormat(dataDir: string): string | undefined {
  const file = join(dataDir, 'format');
  const written = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  if (written === DATA_FORMAT) return undefined;
  if (written !== undefined && MIGRATES_FROM.includes(written)) return written;
  if (written !== undefined || existsSync(join(dataDir, 'dynamodb'))) {
    throw new Error(
      `${dataDir} holds data of an older gongkai (format ${written ?? '1'}, this one reads ${DATA_FORMAT}). ` +
        `Move it aside (mv ${dataDir} ${dataDir}.old) and start again: a fresh demo district is created.`,
    );
  }
  writeFileSync(file, `${DATA_FORMAT}\n`);
  return undefined;
}
