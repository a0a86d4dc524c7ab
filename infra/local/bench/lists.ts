import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { DocumentRecord } from '../../../shared/model/document';
import { uploadKey } from '../../../shared/model/object-keys';
import { openTask } from '../../../shared/pipeline/tasks/open';
import { createDocument } from '../../../shared/pipeline/write';
import { ApiClient } from '../demo/api-client';
import { type LocalRuntime, startLocalRuntime } from '../runtime';
import { inParallel } from './burst';

/**
 * GET /api/tasks with many open tasks for one leader (issue 13): how long its first page takes
 * and what it costs in DynamoDB requests, counted by a middleware on the client the runtime's
 * adapters use. The tasks are opened through the domain (createDocument, then openTask, as the
 * flow's callback step opens them), not through uploads: what is measured is the list.
 */

export interface ListsOptions {
  /** Open sign-off tasks for the leader. @default 650 */
  readonly tasks?: number;
  /** Timed requests of the first page (after one untimed). @default 9 */
  readonly rounds?: number;
  /** API port of the fresh runtime (its services take the next 13). @default 4400 */
  readonly port?: number;
  readonly log?: (message: string) => void;
}

export interface ListsResult {
  readonly openTasks: number;
  /** GET /api/tasks, first page, as the leader. */
  readonly firstPage: {
    readonly medianMs: number;
    readonly minMs: number;
    readonly maxMs: number;
    /** DynamoDB requests one first-page request made, by command. */
    readonly requests: Readonly<Record<string, number>>;
    readonly dynamoRequests: number;
    readonly itemsReturned: number;
    readonly responseKb: number;
  };
  /** Requests (pages) to read every open task, following `next`; 1 when the list is not paged. */
  readonly pagesForAll: number;
  /** DynamoDB requests for all of those pages together. */
  readonly dynamoRequestsForAll: number;
  readonly lines: string[];
}

const LEADER = 'li.na';
const UPLOADER = 'zhang.wei';

/** A registration of 区教育局's office, as it stands once its scan cleared it (CLEARED). */
function clearedDocument(n: number, at: string): DocumentRecord {
  const id = randomUUID();
  return {
    id,
    status: 'CLEARED',
    title: `关于印发第${n}批政务公开工作要点的通知`,
    agency: 'edu',
    department: 'office',
    category: '02',
    formedAt: at.slice(0, 10),
    disclosure: 'proactive',
    origin: 'made',
    filename: 'notice.txt',
    contentType: 'text/plain',
    uploadedBy: UPLOADER,
    createdAt: at,
    updatedAt: at,
    objectKey: uploadKey(id),
  } as DocumentRecord;
}

/** Counts the DynamoDB commands the runtime's adapters send while `on`. */
function countRequests(runtime: LocalRuntime) {
  const counts = new Map<string, number>();
  let on = false;
  runtime.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (on) counts.set(context.commandName ?? '?', (counts.get(context.commandName ?? '?') ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchListsCount' },
  );
  return {
    async during<T>(work: () => Promise<T>): Promise<{ result: T; requests: Record<string, number> }> {
      counts.clear();
      on = true;
      try {
        return { result: await work(), requests: Object.fromEntries(counts) };
      } finally {
        on = false;
      }
    },
  };
}

const total = (requests: Record<string, number>) => Object.values(requests).reduce((s, n) => s + n, 0);
/** The list's entries, whether it answers one page (`{entries, next}`) or, before paging, an array. */
const entriesOf = (body: unknown): unknown[] =>
  Array.isArray(body) ? body : ((body as { entries?: unknown[] }).entries ?? []);
const nextOf = (body: unknown): string | undefined =>
  Array.isArray(body) ? undefined : (body as { next?: string }).next;

export async function runLists(runtime: LocalRuntime, opts: ListsOptions = {}): Promise<ListsResult> {
  const count = opts.tasks ?? 650;
  const rounds = opts.rounds ?? 9;
  const log = opts.log ?? (() => {});
  const start = Date.parse('2026-11-24T02:00:00.000Z');
  let opened = 0;
  await inParallel(
    Array.from({ length: count }, (_, n) => n),
    8,
    async (n) => {
      const doc = clearedDocument(n, new Date(start + n * 1000).toISOString());
      await createDocument(runtime.deps.documents, doc, { at: doc.createdAt, actor: UPLOADER });
      await openTask(runtime.deps, { documentId: doc.id, kind: 'signoff', taskToken: `bench-${doc.id}` });
      opened += 1;
      if (opened % 100 === 0) log(`lists: ${opened} of ${count} sign-off tasks open`);
    },
  );

  const meter = countRequests(runtime);
  const leader = await new ApiClient(runtime.url).login(LEADER);
  const first = async () => {
    const res = await leader.get('/api/tasks');
    if (res.status !== 200) throw new Error(`GET /api/tasks: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown;
  };
  await first();
  const times: number[] = [];
  let measured: { requests: Record<string, number>; body: unknown } | undefined;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const { result, requests } = await meter.during(first);
    times.push(performance.now() - t0);
    measured = { requests, body: result };
  }
  if (!measured) throw new Error('lists: no round measured');

  // Every page, following `next`.
  let pages = 0;
  const all = await meter.during(async () => {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const res = await leader.get(`/api/tasks${cursor ? `?cursor=${cursor}` : ''}`);
      seen += entriesOf(res.body).length;
      cursor = nextOf(res.body);
      pages += 1;
    } while (cursor && pages < 1000);
    return seen;
  });
  if (all.result !== count) throw new Error(`lists: the pages held ${all.result} tasks, not ${count}`);

  const sorted = [...times].sort((a, b) => a - b);
  const ms = (v: number | undefined) => Math.round((v ?? 0) * 10) / 10;
  const firstPage = {
    medianMs: ms(sorted[Math.floor(sorted.length / 2)]),
    minMs: ms(sorted[0]),
    maxMs: ms(sorted.at(-1)),
    requests: measured.requests,
    dynamoRequests: total(measured.requests),
    itemsReturned: entriesOf(measured.body).length,
    responseKb: Math.round(Buffer.byteLength(JSON.stringify(measured.body)) / 102.4) / 10,
  };
  const describe = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([c, n]) => `${n} ${c.replace(/Command$/, '')}`)
      .join(' + ');
  const lines = [
    `lists: GET /api/tasks with ${count} open tasks for ${LEADER}, first page (median of ${rounds}):`,
    `  ${firstPage.medianMs} ms (min ${firstPage.minMs}, max ${firstPage.maxMs}); ${firstPage.dynamoRequests} DynamoDB requests (${describe(firstPage.requests)}); ${firstPage.itemsReturned} tasks, ${firstPage.responseKb} KB`,
    `  every task: ${pages} page(s), ${total(all.requests)} DynamoDB requests (${describe(all.requests)})`,
  ];
  return {
    openTasks: count,
    firstPage,
    pagesForAll: pages,
    dynamoRequestsForAll: total(all.requests),
    lines,
  };
}

/** The list measured on a fresh local runtime (fresh data folder), stopped and removed afterwards. */
export async function measureLists(opts: ListsOptions = {}): Promise<ListsResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-lists-'));
  const runtime = await startLocalRuntime({ port: opts.port ?? 4400, dataDir, log: opts.log ?? (() => {}) });
  try {
    return await runLists(runtime, opts);
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [tasks = 650, rounds = 9] = process.argv.slice(2).map(Number);
  const result = await measureLists({ tasks, rounds, log: (m) => console.error(m) });
  for (const line of result.lines) console.log(line);
  const { lines: _lines, ...figures } = result;
  console.log(JSON.stringify(figures));
  process.exit(0);
}
