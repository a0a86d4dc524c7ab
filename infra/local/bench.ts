import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApiClient } from './demo/api-client';
import { startLocalRuntime } from './runtime';

/**
 * `npm run bench`: figures for the local pipeline on this machine — start-up, demo history, one
 * document's upload → AWAITING_SIGNOFF and approve → PUBLISHED, and GET /api/scores.
 */
const runs = Number(process.env.BENCH_RUNS ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const ms = (x: number) => Math.round(x * 10) / 10;

const t0 = performance.now();
const runtime = await startLocalRuntime({ port: 3900, dataDir, demoHistory: { perAgencyYear: 5 } });
const startup = performance.now() - t0;

const uploader = await new ApiClient(runtime.url).login('zhang.wei');
const leader = await new ApiClient(runtime.url).login('li.na');
const oversight = await new ApiClient(runtime.url).login('qian.hui');
const metadata = {
  title: '基准测试通知',
  agency: 'edu',
  department: 'office',
  category: '02',
  formedAt: new Date().toISOString().slice(0, 10),
  disclosure: 'proactive',
  origin: 'made',
  filename: 'bench.txt',
  contentType: 'text/plain',
};

async function until(id: string, status: string) {
  for (;;) {
    const doc = (await uploader.get(`/api/documents/${id}`)).body;
    if (doc.status === status) return;
    if (['FAILED', 'REJECTED'].includes(doc.status)) throw new Error(`${id} ended ${doc.status}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const toSignoff: number[] = [];
const toPublished: number[] = [];
for (let i = 0; i < runs; i++) {
  const a = performance.now();
  const id = await uploader.upload(metadata, `各学校：基准测试第${i}份通知。`);
  await until(id, 'AWAITING_SIGNOFF');
  toSignoff.push(performance.now() - a);
  const task = (await leader.get('/api/tasks')).body.find((t: { documentId: string }) => t.documentId === id);
  const b = performance.now();
  await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' });
  await until(id, 'PUBLISHED');
  toPublished.push(performance.now() - b);
}

const year = new Date().getFullYear();
const scores: number[] = [];
let agencies = 0;
for (let i = 0; i < 20; i++) {
  const a = performance.now();
  agencies = (await oversight.get(`/api/scores?year=${year}`)).body.length;
  scores.push(performance.now() - a);
}

console.log(
  JSON.stringify(
    {
      startupWithDemoHistoryMs: Math.round(startup),
      demoDocuments: runtime.demoDocuments,
      runs,
      uploadToAwaitingSignoffMs: { median: ms(median(toSignoff)), max: ms(Math.max(...toSignoff)) },
      approveToPublishedMs: { median: ms(median(toPublished)), max: ms(Math.max(...toPublished)) },
      getScoresMs: { median: ms(median(scores)), max: ms(Math.max(...scores)), agencies },
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    },
    null,
    2,
  ),
);
await runtime.stop();
rmSync(dataDir, { recursive: true, force: true });
