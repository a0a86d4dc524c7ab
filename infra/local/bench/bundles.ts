/**
 * The Lambda bundles as the stack builds them (infra/bundling.ts): each one's size, and how long a
 * fresh `node` takes to load it (require, median of 5 processes; the AWS SDK it requires comes from
 * node_modules, as Lambda's runtime provides it); and, optionally, how long `cdk synth` takes.
 *
 *   npx tsx infra/local/bench/bundles.ts [--no-synth]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { AUTOMATED_STEPS, buildBundles, type LambdaEntry } from '../../bundling';
import { fromRoot } from '../../paths';

const run = promisify(execFile);
const KB = 1024;
const LOADS = 5;

export interface BundleFigures {
  /** kB (1,024 bytes) of index.js; `steps` is the largest automated step other than the review. */
  bundleKb: { api: number; review: number; steps: number };
  /** Median ms to require the bundle in a fresh node process (`steps`: the slowest automated step but the review). */
  loadMs: { api: number; review: number; steps: number };
  /** `loadCpuMs`: the median CPU time of the same loads. */
  perFunction: Array<{ name: string; kb: number; loadMs: number; loadCpuMs: number }>;
  /** Wall seconds of `npx cdk synth --quiet` (absent when not measured, or when the synth failed). */
  synthSeconds?: number;
  lines: string[];
}

/** What the functions read from their environment at load (names only: nothing is called). */
const LOAD_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'bench',
  INTAKE_BUCKET: 'bench-intake',
  PUBLIC_BUCKET: 'bench-public',
  DIGEST_BUCKET: 'bench-digests',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:111111111111:stateMachine:bench',
  SCAN_FUNCTION_NAME: 'bench-scan',
  SWEEP_AFTER_SECONDS: '300',
  OIDC_ISSUER: 'https://id.example.gov.cn',
  OIDC_AUDIENCE: 'bench',
};

/**
 * One fresh process: the ms its `require` of the bundle took, nothing of node's own start — wall
 * time, and the process's CPU time (user + system), which other work on a shared machine inflates less.
 */
async function loadOnce(file: string): Promise<{ wall: number; cpu: number }> {
  const script = `const c = process.cpuUsage(); const t = performance.now(); require(${JSON.stringify(file)});
const used = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (used.user + used.system) / 1000 }));`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', NODE_PATH: fromRoot('node_modules'), ...LOAD_ENV },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as { wall: number; cpu: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

async function synthSeconds(): Promise<{ seconds?: number; failure?: string }> {
  const out = mkdtempSync(join(tmpdir(), 'gongkai-synth-'));
  const started = performance.now();
  try {
    await run('npx', ['cdk', 'synth', '--quiet', '-o', out], { cwd: fromRoot(), timeout: 300_000 });
    return { seconds: round((performance.now() - started) / 1000, 1) };
  } catch (err) {
    // What failed it (a cdk-nag finding names its construct), after how long.
    const output = String((err as { stderr?: string }).stderr ?? err);
    const reason = output.split('\n').find((l) => /^\s*(Gongkai\/|Acknowledge with)/.test(l)) ?? output.slice(-200);
    return { failure: `after ${round((performance.now() - started) / 1000, 1)} s: ${reason.trim()}` };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function measureBundles(options: { synth?: boolean } = {}): Promise<BundleFigures> {
  // Wall times on a shared machine depend on what else runs: the load says how much did.
  const load = loadavg()[0] ?? 0;
  const outdir = mkdtempSync(join(tmpdir(), 'gongkai-bench-bundles-'));
  try {
    const bundles = buildBundles(outdir);
    const perFunction: BundleFigures['perFunction'] = [];
    for (const bundle of bundles) {
      const loads: Array<{ wall: number; cpu: number }> = [];
      for (let i = 0; i < LOADS; i++) loads.push(await loadOnce(join(bundle.dir, 'index.js')));
      perFunction.push({
        name: bundle.entry,
        kb: round(bundle.bytes / KB),
        loadMs: round(median(loads.map((l) => l.wall)), 1),
        loadCpuMs: round(median(loads.map((l) => l.cpu)), 1),
      });
    }
    const of = (name: LambdaEntry) =>
      perFunction.find((f) => f.name === name) ?? { name, kb: 0, loadMs: 0, loadCpuMs: 0 };
    const steps = AUTOMATED_STEPS.filter((s) => s !== 'review').map(of);
    const largest = steps.reduce((a, b) => (b.kb > a.kb ? b : a));
    const synth = options.synth === false ? undefined : await synthSeconds();
    const synthLine = synth?.seconds !== undefined ? `${synth.seconds} s` : `FAILED ${synth?.failure ?? ''}`;
    const lines = [
      'Lambda bundles (minified, no source maps; load = require in a fresh node, median of 5)',
      `(${availableParallelism()} cores, load average ${round(load, 1)} when it started)`,
      `${'function'.padEnd(16)}${'kB'.padStart(8)}${'load ms'.padStart(10)}${'CPU ms'.padStart(10)}`,
      ...perFunction.map(
        (f) =>
          `${f.name.padEnd(16)}${String(f.kb).padStart(8)}${String(f.loadMs).padStart(10)}${String(f.loadCpuMs).padStart(10)}`,
      ),
      `largest automated step but the review: ${largest.name} (${largest.kb} kB)`,
      ...(synth ? [`cdk synth --quiet: ${synthLine}`] : []),
    ];
    return {
      bundleKb: { api: of('api').kb, review: of('review').kb, steps: largest.kb },
      loadMs: {
        api: of('api').loadMs,
        review: of('review').loadMs,
        steps: Math.max(...steps.map((s) => s.loadMs)),
      },
      perFunction,
      ...(synth?.seconds !== undefined ? { synthSeconds: synth.seconds } : {}),
      lines,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await measureBundles({ synth: !process.argv.includes('--no-synth') });
  for (const line of figures.lines) console.log(line);
  const { lines: _lines, ...object } = figures;
  console.log(JSON.stringify(object));
}
