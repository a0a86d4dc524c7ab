import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beijingDate } from '../../shared/calendar/beijing';
import { ApiClient } from './demo/api-client';
import { LOCAL_NAMES } from './names';
import { startLocalRuntime } from './runtime';

/**
 * `npm run bench:batch`: a folder of BENCH_BATCH_ROWS (500) text files and its manifest dropped
 * into the local intake bucket, timed until every row is AWAITING_SIGNOFF — the importer's rate
 * control, the flow's automated part and the local scanner together, on this machine.
 */
const rows = Number(process.env.BENCH_BATCH_ROWS ?? 500);
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-batch-'));
const runtime = await startLocalRuntime({ port: 3950, dataDir });
try {
  const uploader = await new ApiClient(runtime.url).login('zhang.wei');
  const batch = (await uploader.post('/api/batches', { label: `基准测试 ${rows} 份` })).body as {
    id: string;
    folder: string;
  };
  const today = beijingDate(new Date());
  const files = Array.from({ length: rows }, (_, i) => `通知${String(i + 1).padStart(5, '0')}.txt`);
  const put = (key: string, body: string, type: string) =>
    runtime.s3.client.send(
      new PutObjectCommand({ Bucket: LOCAL_NAMES.intakeBucket, Key: key, Body: body, ContentType: type }),
    );

  const t0 = performance.now();
  for (let i = 0; i < files.length; i += 20) {
    await Promise.all(
      files
        .slice(i, i + 20)
        .map((f, j) => put(`${batch.folder}${f}`, `各单位：第${i + j + 1}项工作安排如下。`, 'text/plain')),
    );
  }
  const dropped = performance.now();
  const manifest = [
    'file,title,department,category,formedAt,disclosure,origin',
    ...files.map((f, i) => `${f},关于第${i + 1}项工作的通知,office,02,${today},proactive,made`),
  ];
  await put(`${batch.folder}manifest.csv`, `${manifest.join('\r\n')}\r\n`, 'text/csv');
  await runtime.batchImporter.idle();
  const imported = performance.now();
  let stages: Record<string, number> = {};
  for (;;) {
    stages = (await uploader.get(`/api/batches/${batch.id}`)).body.stages;
    if ((stages.awaitingSignoff ?? 0) + (stages.failed ?? 0) + (stages.stopped ?? 0) >= rows) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const done = performance.now();
  const s = (ms: number) => Math.round(ms / 100) / 10;
  console.log(
    JSON.stringify(
      {
        rows,
        dropFilesSeconds: s(dropped - t0),
        importSeconds: s(imported - dropped),
        manifestToAllAwaitingSignoffSeconds: s(done - dropped),
        documentsPerSecond: Math.round((rows / ((done - dropped) / 1000)) * 10) / 10,
        stages,
        cores: (await import('node:os')).availableParallelism(),
      },
      null,
      2,
    ),
  );
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
// The 500 sign-offs left waiting keep their task-timeout timers in the local engine after the stop
// aborted them (a timer each): the process would not end by itself.
process.exit(0);
