import { cpus, totalmem } from 'node:os';
import { measureBundles } from './bench/bundles';
import { measureBurst } from './bench/burst';
import { costPer1000, costTable, type DocumentUsage } from './bench/cost';
import { measureItemSizes } from './bench/items';
import { measureLists } from './bench/lists';
import { measureRestart } from './bench/restart';
import { measureThroughput } from './bench/throughput';
import { measureWriteUnits, type PathDetail } from './bench/wru';

/**
 * `npm run bench`: the scale figures of issue 13 in one run, each on a fresh data folder of its
 * own — what one document costs (counted, then priced), bundle sizes and load times, item sizes
 * at 100 and 10,000 open documents, the paged task list, the pipeline beside its raw floor,
 * bursts of approvals, and a restart with 1,000 documents in flight. The last line is one JSON
 * object (a contract: scripts read it).
 */
/** BENCH_QUICK=1: every part at a tenth of its size, to check the benchmark itself (not its figures). */
const quick = process.env.BENCH_QUICK === '1';
const size = (n: number) => (quick ? Math.ceil(n / 10) : n);
const log = (line = '') => console.log(line);
const section = (title: string) => log(`\n== ${title}`);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The Publication state's queue per document: SendMessage, the event source's ReceiveMessage and
 * DeleteMessage — counted one each, though the poller takes up to ten messages a request.
 */
const SQS_REQUESTS_PER_DOCUMENT = 3;
/** The API function (512 MB), billed for an assumed 100 ms a request: its time is not metered here. */
const API_GB_SECONDS_PER_REQUEST = 0.5 * 0.1;
/**
 * CloudWatch Logs, estimated: the state machine logs at level ALL without execution data (about
 * three events of ~300 bytes per state entered); each invocation writes Lambda's START/END/REPORT
 * (~400 bytes) and about two structured lines of ~400 bytes.
 */
const LOG_BYTES_PER_TRANSITION = 900;
const LOG_BYTES_PER_INVOCATION = 1_200;

function usageOf(path: PathDetail): DocumentUsage {
  const invocations = path.lambdaInvocations + path.apiRequests;
  return {
    transitions: path.transitions,
    lambdaInvocations: invocations,
    lambdaGbSeconds: path.lambdaGbSeconds + path.apiRequests * API_GB_SECONDS_PER_REQUEST,
    wru: path.wru,
    rru: path.rru,
    s3Requests: path.s3Requests,
    sqsRequests: SQS_REQUESTS_PER_DOCUMENT,
    apiRequests: path.apiRequests,
    logBytes: path.transitions * LOG_BYTES_PER_TRANSITION + invocations * LOG_BYTES_PER_INVOCATION,
    traces: 1,
  };
}

log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);

section('bundles (esbuild as the stack builds them) and cdk synth');
const bundles = await measureBundles({ synth: true });
for (const line of bundles.lines) log(line);

section('one document, metered: happy path and review path');
const { happy, review } = await measureWriteUnits();
for (const [name, path] of [
  ['happy', happy],
  ['review', review],
] as const) {
  log(
    `${name}: ${path.transitions} transitions, ${path.lambdaInvocations} step invocations (${round(path.lambdaGbSeconds)} GB-s), ` +
      `${path.apiRequests} API requests, ${round(path.wru, 1)} WRU, ${round(path.rru, 1)} RRU, ${path.dynamoRequests} DynamoDB requests, ` +
      `S3 ${path.s3Requests.put} PUT / ${path.s3Requests.get} GET / ${path.s3Requests.other} other, ` +
      `${path.documentReadsPerStep} document reads per step`,
  );
  for (const [kind, w] of Object.entries(path.writes)) {
    log(`  writes of ${kind.padEnd(20)} ${String(w.count).padStart(3)} × ≤${w.maxBytes} B  ${round(w.wru, 1)} WRU`);
  }
}
const happyUsage = usageOf(happy);
const reviewUsage = usageOf(review);
for (const line of [...costTable('happy', happyUsage), ...costTable('review', reviewUsage)]) log(line);

section(`item sizes of one agency-year at 100 and ${size(10_000)} open documents (bytes, as DynamoDB counts them)`);
const items = await measureItemSizes({ large: size(10_000) });
log(`at 100 open documents: ${JSON.stringify(items.detail.small)}`);
log(`at ${size(10_000)} open documents: ${JSON.stringify(items.detail.large)}`);

section(`GET /api/tasks with ${size(650)} open tasks`);
const lists = await measureLists({ tasks: size(650) });
for (const line of lists.lines) log(line);

section('throughput of the automated part (upload → AWAITING_SIGNOFF)');
const throughput = await measureThroughput();
log(
  `pipeline ${throughput.pipelineDocsPerSecond} docs/s, raw floor ${throughput.floorDocsPerSecond} docs/s ` +
    `(median of ${throughput.rounds} alternating rounds of ${throughput.perRound}): ratio ${throughput.ratio}`,
);

section('bursts of sign-off approvals');
const burst = await measureBurst({ approvals: size(1_000), agencies: 1 });
for (const line of burst.lines) log(line);
const wide = await measureBurst({ approvals: size(3_000), agencies: 3, port: 4500 });
for (const line of wide.lines) log(line);

section(`restart with ${size(1_000)} documents in flight`);
const restart = await measureRestart(size(1_000));
log(JSON.stringify(restart));

log(
  JSON.stringify({
    costPer1000: { happy: round(costPer1000(happyUsage).total), review: round(costPer1000(reviewUsage).total) },
    wru: { happy: round(happy.wru, 1), review: round(review.wru, 1) },
    burst: {
      approvals: burst.approvals + wide.approvals,
      failed: burst.failed + wide.failed,
      gapFree: burst.gapFree && wide.gapFree,
      p95ms: Math.max(burst.p95ms, wide.p95ms),
    },
    throughputRatio: throughput.ratio,
    itemBytes: { at100: items.at100, at10000: items.at10000 },
    bundleKb: bundles.bundleKb,
    restartSeconds: round(restart.readySeconds, 1),
  }),
);
// The stopped runtimes' sign-off timers (aws-local-stepfunctions keeps an aborted execution's
// task-token timeout) would hold the process for days: the benchmark ends here, as its parts do.
process.exit(0);
