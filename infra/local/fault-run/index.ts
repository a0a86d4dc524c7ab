import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { buildAuditDeps } from '../../../functions/adapters/audit';
import { rebuildScores } from '../../../functions/admin/rebuild-scores';
import { buildDeps } from '../../../functions/deps';
import { beijingDate } from '../../../shared/calendar/beijing';
import type { DocumentRecord } from '../../../shared/model/document';
import { verifyAudit } from '../../../shared/pipeline/audit';
import { fromRoot } from '../../paths';
import { auditDigestDir, FileAuditDigests } from '../audit-digests';
import { LOCAL_NAMES } from '../names';
import { freePorts } from '../ports';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../services';
import { type Classification, classify } from './classify';
import { AGENCIES, decideRound, type LoadCounts, planDocuments, REVIEWER, uploadDocument } from './load';
import { Person, type RequestCounts } from './people';
import { alive, killHard, type RuntimeChild, startChild, stopChild } from './process';

/**
 * The fault run (issue 11): documents through the local runtime with injected step and DynamoDB
 * write failures, the runtime killed with SIGKILL (node and java) mid-run and restarted, then
 * where every document ended. `npm run bench:faults` prints it; test/integration/faults.test.ts
 * asserts it on fewer documents.
 */
export interface FaultRunOptions {
  readonly documents: number;
  /** GONGKAI_FAULTS of the runtime. */
  readonly faults: string;
  /** How many times the runtime is killed, spread evenly over the uploads. */
  readonly kills: number;
  /** Uploads at once. @default 4 */
  readonly concurrency?: number;
  /** How long nothing may change before the documents are taken as settled. @default 120 s */
  readonly quietMs?: number;
  readonly log?: (message: string) => void;
}

export interface FaultRunReport {
  readonly documents: number;
  readonly faults: string;
  readonly kills: Array<{ readonly afterUploads: number; readonly restartMs: number }>;
  /** What the runtime injected, over all its lives (as last reported before each kill). */
  readonly injected: Record<string, number>;
  readonly requests: RequestCounts;
  readonly load: LoadCounts;
  /** Where the documents stood once settled, before anyone acted on the failed and the held ones. */
  readonly outcome: Classification;
  /** Then: the held sign-offs decided, `gongkai ops redrive --failed-since` run (faults still on). */
  readonly redrive: { readonly rounds: number; readonly rerun: number };
  /** Then `gongkai ops replay-dlq`: the events the local EventBridge could not deliver (faults `events`). */
  readonly deadLetters: { readonly replayed: number; readonly unreadable: number };
  /** And `gongkai ops sweep`: uploads still never started (the runtime's own sweeper runs every second). */
  readonly sweptAtEnd: number;
  readonly final: Classification;
  readonly scoresRebuildDifferences: number;
  readonly auditMismatches: number;
  readonly durationMs: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

const SETTLED = new Set(['PUBLISHED', 'RECORDED', 'FAILED', 'REJECTED', 'RETURNED', 'WITHHELD', 'CANCELLED']);

export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-faults-'));
  const [api, dynamo, s3, oidc, sfn] = (await freePorts(5)) as [number, number, number, number, number];
  const settings = { ports: { api, dynamo, s3, oidc, sfn }, dataDir, sweep: { everyMs: 1000, olderThanMs: 5000 } };
  const pids = new Set<number>();
  const injected: Record<string, number> = {};
  const addInjected = (child: RuntimeChild) => {
    for (const [k, v] of Object.entries(child.faults())) injected[k] = (injected[k] ?? 0) + v;
  };
  // The run's own view of the table: no faults, reads only (and the score rebuild's comparison).
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${dynamo}`,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const deps = buildDeps({
    tableName: LOCAL_NAMES.table,
    intakeBucket: LOCAL_NAMES.intakeBucket,
    publicBucket: LOCAL_NAMES.publicBucket,
    publicBaseUrl: '',
    dynamo: client,
    s3: new S3Client({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  });
  let child: RuntimeChild | undefined;
  try {
    log(`starting the runtime with GONGKAI_FAULTS=${options.faults}`);
    child = await startChild(settings, options.faults, pids);
    const requests: RequestCounts = { unanswered: 0, serverErrors: 0 };
    const load: LoadCounts = {
      registrationRetries: 0,
      decisions: 0,
      decisionsNotResumed: 0,
      decisionConflicts: 0,
      unexpected: [],
    };
    const url = `http://127.0.0.1:${api}`;
    const person = (user: string) => new Person(user, url, requests);
    const uploaders = new Map(AGENCIES.map((a) => [a.agency, person(a.uploader)]));
    const deciders = [...AGENCIES.map((a) => person(a.leader)), person(REVIEWER)];

    const runId = Date.now().toString(36);
    const planned = planDocuments(options.documents, runId);
    const uploaded = new Set<string>();
    const held = new Set<string>();
    let deciding = true;
    let release = false;
    const decider = (async () => {
      while (deciding) {
        await decideRound(deciders, uploaded, held, release, load).catch((err: unknown) =>
          load.unexpected.push(String(err)),
        );
        await pause(300);
      }
    })();

    // The kills, spread over the uploads: each when that many documents are uploaded.
    const kills: Array<{ afterUploads: number; restartMs: number }> = [];
    const killAt = Array.from({ length: options.kills }, (_, k) =>
      Math.floor((options.documents * (k + 1)) / (options.kills + 1)),
    );
    const killer = (async () => {
      for (const threshold of killAt) {
        while (uploaded.size < threshold) await pause(50);
        const victim = child as RuntimeChild;
        addInjected(victim);
        log(
          `kill -9 of the runtime (pid ${victim.pid}) and DynamoDB Local (pid ${victim.javaPid}) after ${uploaded.size} uploads`,
        );
        await killHard(victim);
        const down = Date.now();
        child = await startChild(settings, options.faults, pids);
        kills.push({ afterUploads: threshold, restartMs: Date.now() - down });
        log(`restarted in ${Date.now() - down} ms`);
      }
    })();

    let next = 0;
    const worker = async () => {
      for (let doc = planned[next++]; doc; doc = planned[next++]) {
        const id = await uploadDocument(uploaders.get(doc.agency.agency) as Person, doc, load);
        if (doc.held) held.add(id);
        uploaded.add(id);
        if (uploaded.size % 20 === 0) log(`${uploaded.size}/${options.documents} uploaded`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    await killer;

    const documentsOfRun = async (): Promise<DocumentRecord[]> =>
      (await Promise.all(AGENCIES.map((a) => deps.documents.listAllByAgency(a.agency)))).flat();
    /** Waits until every uploaded document is settled, or nothing has changed for quietMs. */
    const settle = async (what: string) => {
      const quietMs = options.quietMs ?? 120_000;
      let last = '';
      let since = Date.now();
      for (;;) {
        const docs = (await documentsOfRun()).filter((d) => uploaded.has(d.id));
        const open = docs.filter(
          (d) => !SETTLED.has(d.status) && !(held.has(d.id) && !release && d.status === 'AWAITING_SIGNOFF'),
        );
        if (docs.length === uploaded.size && open.length === 0) return;
        const state = docs.map((d) => `${d.id}:${d.status}:${d.version}`).join(',');
        if (state !== last) {
          last = state;
          since = Date.now();
        } else if (Date.now() - since > quietMs) {
          log(
            `${what}: ${open.length} document(s) did not settle: ${open.map((d) => `${d.id} ${d.status}`).join(', ')}`,
          );
          return;
        }
        await pause(1000);
      }
    };
    log('all uploaded; waiting for the documents to settle');
    await settle('first settle');
    const outcome = await classify(await documentsOfRun(), uploaded, deps.tasks);
    log(`outcome: ${JSON.stringify({ ...outcome, failedBy: undefined })}`);

    // A person decides what was held, and ops re-run what failed: the ends were not dead ends.
    release = true;
    await settle('held sign-offs decided');
    const failedOfRun = async () => (await documentsOfRun()).filter((d) => uploaded.has(d.id) && d.status === 'FAILED');
    let rounds = 0;
    let rerun = 0;
    const today = beijingDate(new Date(started));
    while (rounds < 3 && (await failedOfRun()).length > 0) {
      rounds++;
      const { stdout } = await run(
        process.execPath,
        [
          fromRoot('functions/cli/gongkai.mjs'),
          'ops',
          'redrive',
          '--failed-since',
          today,
          '--data-dir',
          dataDir,
          '--actor',
          'fault-run',
        ],
        { cwd: fromRoot('.') },
      );
      const report = JSON.parse(stdout) as { rerun: string[] };
      rerun += report.rerun.length;
      log(`ops redrive (round ${rounds}): ${report.rerun.length} re-run`);
      await settle('after redrive');
    }
    // What is left between S3 and the state machine: the dead-letter queue, and uploads never started.
    const cli = async (...args: string[]) =>
      JSON.parse(
        (
          await run(process.execPath, [fromRoot('functions/cli/gongkai.mjs'), 'ops', ...args, '--data-dir', dataDir], {
            cwd: fromRoot('.'),
          })
        ).stdout,
      );
    const replay = (await cli('replay-dlq')) as {
      replayed: string[];
      alreadyDelivered: string[];
      unreadable: unknown[];
    };
    const sweep = (await cli('sweep', '--older-than-minutes', '0')) as { checked: number; started: string[] };
    log(`ops replay-dlq: ${replay.replayed.length} replayed; ops sweep: ${sweep.started.length} started`);
    await settle('after replay and sweep');
    const final = await classify(await documentsOfRun(), uploaded, deps.tasks);
    deciding = false;
    await decider;

    const rebuilt = await rebuildScores(deps, { fix: false });
    const audit = await verifyAudit(
      buildAuditDeps({
        tableName: LOCAL_NAMES.table,
        dynamo: client,
        digests: new FileAuditDigests(auditDigestDir(dataDir)),
      }),
    );
    addInjected(child);
    return {
      documents: options.documents,
      faults: options.faults,
      kills,
      injected,
      requests,
      load,
      outcome,
      redrive: { rounds, rerun },
      deadLetters: { replayed: replay.replayed.length, unreadable: replay.unreadable.length },
      sweptAtEnd: sweep.started.length,
      final,
      scoresRebuildDifferences: rebuilt.differences.length,
      auditMismatches: audit.mismatches.length,
      durationMs: Date.now() - started,
    };
  } finally {
    if (child) await stopChild(child).catch(() => {});
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    client.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
