import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NAMES } from '../../infra/local/names';
import type { LocalRuntime } from '../../infra/local/runtime';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/services';
import { batchDocumentId } from '../../shared/pipeline/batch/entries';
import { ApiClient, startTestRuntime, tempDataDir, todayInBeijing, waitForStatus } from './support';

/**
 * Bulk intake on the local runtime: a real S3 client drops files, a manifest and single uploads
 * with x-amz-meta-* into s3rver; the importer (the same handler as its Lambda, on the rule CDK
 * synthesized) registers them; the flow runs them to the leader's sign-off.
 */
describe('bulk intake on the local runtime', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  let uploader: ApiClient;
  /** As `aws s3 cp` talks to S3: its own client, path-style, against s3rver's port. */
  let s3: S3Client;
  const put = (key: string, body: string, contentType: string, metadata?: Record<string, string>) =>
    s3.send(
      new PutObjectCommand({
        Bucket: LOCAL_NAMES.intakeBucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        Metadata: metadata,
      }),
    );
  const open = async (label: string) => {
    const opened = await uploader.post('/api/batches', { label });
    expect(opened.status).toBe(201);
    return opened.body as { id: string; folder: string; singleFolder: string };
  };
  /** The batch view once the importer has handled every event so far. */
  const view = async (id: string) => {
    await runtime.batchImporter.idle();
    return (await uploader.get(`/api/batches/${id}`)).body;
  };
  const executionsOf = (documentId: string) =>
    [...runtime.workflow.executions.values()].filter((e) => JSON.stringify(e.input).includes(`uploads/${documentId}`));

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
    uploader = await new ApiClient(runtime.url).login('zhang.wei');
    s3 = new S3Client({
      endpoint: runtime.s3.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  afterAll(async () => {
    s3?.destroy();
    await runtime?.stop();
    data.remove();
  });

  it('a single upload with x-amz-meta-* (URL-encoded UTF-8) and no registration is registered from it and runs to AWAITING_SIGNOFF', async () => {
    const batch = await open('单个上传');
    const key = `${batch.singleFolder}供暖通知.txt`;
    const meta = {
      title: '关于做好冬季供暖保障工作的通知',
      department: 'office',
      category: '02',
      formedat: todayInBeijing(),
      disclosure: '主动公开',
      origin: '制作',
    };
    await put(
      key,
      '各学校：请做好冬季供暖保障工作。',
      'text/plain',
      Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, encodeURIComponent(v)])),
    );
    const id = batchDocumentId(batch.id, '供暖通知.txt');
    await runtime.batchImporter.idle();
    const doc = await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    expect(doc).toMatchObject({
      title: '关于做好冬季供暖保障工作的通知',
      disclosure: 'proactive',
      origin: 'made',
      uploadedBy: 'zhang.wei',
      filename: '供暖通知.txt',
    });
    // The object stays where it was dropped; one execution ran the document.
    await expect(s3.send(new GetObjectCommand({ Bucket: LOCAL_NAMES.intakeBucket, Key: key }))).resolves.toBeDefined();
    expect(executionsOf(id)).toHaveLength(1);

    const bad = `${batch.singleFolder}无标题.txt`;
    await put(bad, '正文', 'text/plain', {
      department: 'office',
      category: '02',
      formedat: todayInBeijing(),
      disclosure: 'proactive',
      origin: 'made',
    });
    const rows = (await view(batch.id)).rows;
    expect(rows.find((r: { file: string }) => r.file === '无标题.txt')).toMatchObject({
      stage: 'failed',
      problems: [{ column: 'title', reason: 'title is required' }],
    });
  });

  it('a folder with its manifest runs every row to AWAITING_SIGNOFF, picks up files that come later, and starts nothing twice', async () => {
    const batch = await open('本周通知');
    const rows = 12;
    const files = Array.from({ length: rows }, (_, i) => `通知${String(i + 1).padStart(2, '0')}.txt`);
    const manifest = [
      '文件名,标题,部门,类别,形成日期,公开属性,来源',
      ...files.map((f, i) => `${f},关于第${i + 1}项工作的通知,office,02,${todayInBeijing()},主动公开,制作`),
      `无文件.txt,没有文件的一行,office,02,${todayInBeijing()},主动公开,制作`,
      `坏日期.txt,日期写错的一行,office,02,2026-02-30,主动公开,制作`,
    ].join('\r\n');
    const late = files.slice(-2);
    for (const f of files.slice(0, -2)) await put(`${batch.folder}${f}`, `各单位：${f}的正文。`, 'text/plain');
    await put(`${batch.folder}多余.pdf`, '%PDF-1.4\n', 'application/pdf');
    await put(`${batch.folder}manifest.csv`, manifest, 'text/csv');
    await runtime.batchImporter.idle();
    for (const f of late) await put(`${batch.folder}${f}`, `各单位：${f}的正文。`, 'text/plain');

    for (const f of files) await waitForStatus(uploader, batchDocumentId(batch.id, f), 'AWAITING_SIGNOFF', 60_000);
    const after = await view(batch.id);
    expect(after.stages).toMatchObject({ awaitingSignoff: rows, failed: 1, registered: 1 });
    expect(after.report).toEqual({
      batch: batch.id,
      agency: 'edu',
      manifest: 'manifest.csv',
      rows: rows + 2,
      registered: rows + 1,
      started: rows,
      invalid: [
        { row: rows + 3, file: '坏日期.txt', column: '形成日期', reason: 'formedAt must be a date as YYYY-MM-DD' },
      ],
      filesWithoutRow: ['多余.pdf'],
      rowsWithoutFile: [{ row: rows + 2, file: '无文件.txt' }],
    });
    const stored = await s3.send(
      new GetObjectCommand({ Bucket: LOCAL_NAMES.intakeBucket, Key: `${batch.folder}report.json` }),
    );
    expect(JSON.parse((await stored.Body?.transformToString()) ?? '')).toEqual(after.report);

    // The manifest's event again (a redelivery), and the same manifest put again: nothing starts twice.
    await put(`${batch.folder}manifest.csv`, manifest, 'text/csv');
    await runtime.batchImporter.idle();
    await runtime.workflow.settled();
    for (const f of files) expect(executionsOf(batchDocumentId(batch.id, f)), f).toHaveLength(1);
    const outcomes = runtime.batchImporter.outcomes.filter((o) => o.key === `${batch.folder}manifest.csv`);
    expect(outcomes).toMatchObject([
      { outcome: 'imported', started: rows - late.length },
      { outcome: 'resumed', started: 0 },
    ]);
  });

  // The scale check (npm run bench:batch times it): every one of 500 rows reaches the sign-off, none twice.
  it('500 rows run to AWAITING_SIGNOFF, each started once', async () => {
    const batch = await open('五百份');
    const rows = 500;
    const files = Array.from({ length: rows }, (_, i) => `批量${String(i + 1).padStart(3, '0')}.txt`);
    for (let i = 0; i < rows; i += 25) {
      await Promise.all(files.slice(i, i + 25).map((f) => put(`${batch.folder}${f}`, `各单位：${f}。`, 'text/plain')));
    }
    const manifest = [
      'file,title,department,category,formedAt,disclosure,origin',
      ...files.map((f, i) => `${f},关于第${i + 1}项工作的通知,office,02,${todayInBeijing()},proactive,made`),
    ].join('\r\n');
    await put(`${batch.folder}manifest.csv`, manifest, 'text/csv');
    await runtime.batchImporter.idle();
    let stages: Record<string, number> = {};
    for (;;) {
      stages = (await uploader.get(`/api/batches/${batch.id}`)).body.stages;
      if ((stages.awaitingSignoff ?? 0) + (stages.failed ?? 0) + (stages.stopped ?? 0) >= rows) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(stages).toMatchObject({ awaitingSignoff: rows });
    expect(stages.failed ?? 0).toBe(0);
    await runtime.workflow.settled();
    const started = files.map((f) => executionsOf(batchDocumentId(batch.id, f)).length);
    expect(started.filter((n) => n !== 1)).toEqual([]);
  }, 600_000);
});
