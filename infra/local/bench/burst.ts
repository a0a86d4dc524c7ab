import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { beijingDate } from '../../../shared/calendar/beijing';
import type { DocumentRecord } from '../../../shared/model/document';
import { ApiClient } from '../demo/api-client';
import { DEMO_AGENCIES, DEMO_USERS } from '../demo/district';
import { type LocalRuntime, startLocalRuntime } from '../runtime';

export interface BurstOptions {
  readonly approvals: number;
  readonly agencies: number;
  /** API port of the fresh runtime (its services take the next 13). @default 4300 */
  readonly port?: number;
  readonly log?: (message: string) => void;
}

export interface BurstResult {
  readonly approvals: number;
  /** Documents that ended FAILED. */
  readonly failed: number;
  /** Documents that did not end PUBLISHED (FAILED ones included). */
  readonly notPublished: number;
  /** Every agency-year's index sequences are exactly 1..N. */
  readonly gapFree: boolean;
  /** Approve (the SIGNED_OFF event) → PUBLISHED (its event), per document. */
  readonly p50ms: number;
  readonly p95ms: number;
  /** ROUTED → PUBLISHED: the part of it in the publisher's queue and its publication. */
  readonly publicationP50ms: number;
  readonly publicationP95ms: number;
  /** From the first approval sent to the last document settled. */
  readonly seconds: number;
  /** How long sending every approval took. */
  readonly approveSeconds: number;
  /** How long the uploads took to reach their sign-off (not part of the burst). */
  readonly uploadSeconds: number;
  /** Index numbers taken per agency-year (`<agency code>-<year>`), whatever their order. */
  readonly sequences: Readonly<Record<string, number>>;
  readonly lines: string[];
}

/** The agencies a burst uses: active ones with an uploader and a leader of their first department. */
export function burstAgencies(count: number) {
  const picked = DEMO_AGENCIES.filter((a) => a.status === 'active').flatMap((agency) => {
    const uploader = DEMO_USERS.find((u) => u.agency === agency.id && u.roles.includes('uploader'));
    const leader = DEMO_USERS.find((u) => u.agency === agency.id && u.roles.includes('leader'));
    return uploader?.department && leader ? [{ agency, uploader, leader }] : [];
  });
  if (count < 1 || count > picked.length) throw new RangeError(`a burst takes 1 … ${picked.length} agencies`);
  return picked.slice(0, count);
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0) : Number.NaN;

/** The index sequences of each agency-year and whether each is exactly 1..N. */
export function sequenceGaps(indexNumbers: readonly string[]): {
  gapFree: boolean;
  perAgencyYear: Map<string, number[]>;
} {
  const perAgencyYear = new Map<string, number[]>();
  for (const n of indexNumbers) {
    const [code, , year, seq] = n.split('-');
    const key = `${code}-${year}`;
    perAgencyYear.set(key, [...(perAgencyYear.get(key) ?? []), Number(seq)]);
  }
  let gapFree = true;
  for (const seqs of perAgencyYear.values()) {
    seqs.sort((a, b) => a - b);
    if (seqs.some((s, i) => s !== i + 1)) gapFree = false;
  }
  return { gapFree, perAgencyYear };
}

/**
 * Uploads `approvals` documents spread over `agencies` agencies, lets each reach its leader's
 * sign-off, then approves them all at once and waits until every one settled. Reads back every
 * document: how many failed, whether the index numbers are 1..N per agency-year, and how long each
 * took from its approval to PUBLISHED.
 */
export async function runBurst(runtime: LocalRuntime, opts: BurstOptions): Promise<BurstResult> {
  const log = opts.log ?? (() => {});
  const chosen = burstAgencies(opts.agencies);
  const today = beijingDate(new Date());
  const plan = Array.from({ length: opts.approvals }, (_, i) => ({
    i,
    ...(chosen[i % chosen.length] as (typeof chosen)[number]),
  }));
  const clients = new Map<string, ApiClient>();
  for (const { uploader, leader } of chosen) {
    for (const user of [uploader.user, leader.user]) clients.set(user, await new ApiClient(runtime.url).login(user));
  }
  const client = (user: string) => clients.get(user) as ApiClient;

  const u0 = performance.now();
  const ids = await inParallel(plan, 16, ({ i, agency, uploader }) =>
    client(uploader.user).upload(
      {
        title: `关于第${i + 1}项集中签发事项的通知`,
        agency: agency.id,
        department: uploader.department,
        category: '02',
        formedAt: today,
        disclosure: 'proactive',
        origin: 'made',
        filename: `burst-${i + 1}.txt`,
        contentType: 'text/plain',
      },
      `各单位：第${i + 1}项工作安排如下，请遵照执行。`,
    ),
  );
  await runtime.workflow.settled(600_000);
  const uploadSeconds = (performance.now() - u0) / 1000;
  log(`${ids.length} documents uploaded and waiting for sign-off after ${Math.round(uploadSeconds)} s`);

  const tasks = new Map<string, { id: string; leader: string }>();
  for (const { leader } of chosen) {
    for (const t of await runtime.deps.tasks.listOpen([leader.user])) {
      if (t.kind === 'signoff') tasks.set(t.documentId, { id: t.id, leader: leader.user });
    }
  }
  const missing = ids.filter((id) => !tasks.has(id));
  if (missing.length) throw new Error(`${missing.length} documents have no open sign-off task (${missing[0]})`);

  const t0 = performance.now();
  const answers = await inParallel(ids, 32, async (id) => {
    const task = tasks.get(id) as { id: string; leader: string };
    return (await client(task.leader).post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status;
  });
  const approveSeconds = (performance.now() - t0) / 1000;
  const refused = answers.filter((s) => s !== 200).length;
  if (refused) log(`${refused} approvals were not accepted`);
  await runtime.workflow.settled(1_800_000);
  const seconds = (performance.now() - t0) / 1000;

  const docs = (await inParallel(ids, 16, (id) => runtime.deps.documents.get(id))) as DocumentRecord[];
  const failed = docs.filter((d) => d.status === 'FAILED').length;
  const notPublished = docs.filter((d) => d.status !== 'PUBLISHED').length;
  const numbers: string[] = [];
  for (const { agency } of chosen) {
    for (const d of await runtime.deps.documents.listAllByAgency(agency.id))
      if (d.indexNumber) numbers.push(d.indexNumber);
  }
  const { gapFree, perAgencyYear } = sequenceGaps(numbers);
  const spans = await inParallel(docs, 16, async (d) => {
    const history = await runtime.deps.documents.history(d.id);
    const at = (status: string) => history.find((e) => e.to === status)?.at;
    const [approved, routed, published] = [at('SIGNED_OFF'), at('ROUTED'), at('PUBLISHED')];
    return published && approved && routed
      ? { total: Date.parse(published) - Date.parse(approved), queued: Date.parse(published) - Date.parse(routed) }
      : undefined;
  });
  const sorted = (pick: (s: { total: number; queued: number }) => number) =>
    spans.flatMap((s) => (s ? [pick(s)] : [])).sort((a, b) => a - b);
  const latencies = sorted((s) => s.total);
  const queued = sorted((s) => s.queued);
  const result = {
    approvals: opts.approvals,
    failed,
    notPublished,
    gapFree,
    p50ms: Math.round(percentile(latencies, 0.5)),
    p95ms: Math.round(percentile(latencies, 0.95)),
    publicationP50ms: Math.round(percentile(queued, 0.5)),
    publicationP95ms: Math.round(percentile(queued, 0.95)),
    seconds: Math.round(seconds * 10) / 10,
    approveSeconds: Math.round(approveSeconds * 10) / 10,
    uploadSeconds: Math.round(uploadSeconds * 10) / 10,
    sequences: Object.fromEntries([...perAgencyYear].map(([k, s]) => [k, s.length])),
  };
  const sequences = [...perAgencyYear].map(([k, s]) => `${k}: ${s.length} numbers, max ${s.at(-1) ?? 0}`).join('; ');
  const lines = [
    `burst: ${result.approvals} approvals over ${opts.agencies} agencies, sent in ${result.approveSeconds} s`,
    `  FAILED ${result.failed}, not PUBLISHED ${result.notPublished}, gap-free ${result.gapFree ? 'yes' : 'no'} (${sequences})`,
    `  approve → PUBLISHED p50 ${result.p50ms} ms, p95 ${result.p95ms} ms; all settled after ${result.seconds} s`,
    `  of which ROUTED → PUBLISHED (queue and publication) p50 ${result.publicationP50ms} ms, p95 ${result.publicationP95ms} ms`,
  ];
  return { ...result, lines };
}

/** A burst on a fresh local runtime (fresh data folder), stopped and removed afterwards. */
export async function measureBurst(opts: BurstOptions): Promise<BurstResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-burst-'));
  // The sweeper's timer is left at its default: a burst starts every upload itself.
  const runtime = await startLocalRuntime({ port: opts.port ?? 4300, dataDir, log: opts.log ?? (() => {}) });
  try {
    return await runBurst(runtime, opts);
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [approvals = 1000, agencies = 1] = process.argv.slice(2).map(Number);
  const result = await measureBurst({ approvals, agencies, log: (m) => console.error(m) });
  for (const line of result.lines) console.log(line);
  const { lines: _lines, ...figures } = result;
  console.log(JSON.stringify(figures));
  // Sign-off timers of the aborted executions stay in the local engine after the stop.
  process.exit(0);
}
