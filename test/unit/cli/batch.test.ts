import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../../functions/cli/batch';
import { createWorld, TEST_USER_HEADER } from '../../api/support';

/** The CLI against the API in-process: its fetch reaches the app, and PUTs to presigned URLs reach memory. */
function cliWorld(options: { failFirstPutOf?: string } = {}) {
  const w = createWorld();
  const failed = new Set<string>();
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith('memory://')) {
      const file = decodeURIComponent(url);
      if (
        options.failFirstPutOf &&
        !failed.has(url.split('?')[0] ?? '') &&
        (await putFor(url)) === options.failFirstPutOf
      ) {
        failed.add(url.split('?')[0] ?? '');
        throw new TypeError('fetch failed: socket hang up');
      }
      w.deps.files.putPresigned(url, new Uint8Array(await new Response(init?.body ?? null).arrayBuffer()));
      return new Response(null, { status: 200, headers: { 'x-file': file } });
    }
    const headers = new Headers(init?.headers);
    const token = headers.get('authorization')?.replace(/^Bearer /, '');
    if (token) headers.set(TEST_USER_HEADER, token);
    return w.app.request(url.replace('http://gongkai.test', ''), { ...init, headers });
  }) as typeof globalThis.fetch;
  /** The file a presigned URL is for: the document its upload key names. */
  const putFor = async (url: string) => {
    const id = /uploads\/([0-9a-f-]{36})/.exec(url)?.[1] ?? '';
    return (await w.deps.documents.get(id))?.filename;
  };
  const lines: string[] = [];
  const env = { GONGKAI_URL: 'http://gongkai.test', GONGKAI_TOKEN: 'zhang.wei' };
  return { w, lines, run: (argv: string[]) => runBatch(argv, { env, fetch, progress: (l) => lines.push(l) }) };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-batch-cli-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const MANIFEST = [
  'file,title,department,category,formedAt,disclosure,origin',
  'a.txt,关于做好冬季供暖保障工作的通知,office,02,2026-11-20,proactive,made',
  'b.txt,关于秋季招生工作的公告,office,02,2026-11-20,不予公开,made',
  'c.txt,关于校园安全检查的通知,office,02,2026-11-21,proactive,made',
  'missing.txt,缺少文件的一行,office,02,2026-11-21,proactive,made',
].join('\n');

describe('npx gongkai batch upload FOLDER --manifest FILE', () => {
  it('--dry-run checks every row and the folder, sends nothing', async () => {
    const cli = cliWorld();
    const dir = folder({
      'manifest.csv': MANIFEST,
      'a.txt': '正文',
      'b.txt': '正文',
      'c.txt': '正文',
      'extra.pdf': '%PDF',
    });
    const { value, exitCode } = await cli.run(['upload', dir, '--manifest', 'manifest.csv', '--dry-run']);
    expect(exitCode).toBe(1);
    expect(value).toEqual({
      dryRun: true,
      manifest: 'manifest.csv',
      rows: 4,
      valid: 3,
      invalid: [
        {
          row: 3,
          file: 'b.txt',
          column: 'legalReason',
          reason: 'FIVE-1: a not-disclosed (不予公开) document needs a legalReason',
        },
      ],
      filesWithoutRow: ['extra.pdf'],
      rowsWithoutFile: [{ row: 5, file: 'missing.txt' }],
    });
    expect(await cli.w.deps.batches.listBatches('edu', 10)).toEqual([]);
    expect(await cli.w.deps.documents.listByAgency('edu')).toEqual([]);
  });

  it('registers the rows, uploads each file (again after a dropped connection), and prints the report', async () => {
    const cli = cliWorld({ failFirstPutOf: 'c.txt' });
    const text = '各学校：请做好冬季供暖保障工作，确保师生安全温暖过冬。';
    const dir = folder({ 'manifest.csv': MANIFEST, 'a.txt': text, 'b.txt': text, 'c.txt': text });
    const { value, exitCode } = await cli.run([
      'upload',
      dir,
      '--manifest',
      join(dir, 'manifest.csv'),
      '--label',
      '本周',
      '--wait',
      '0',
    ]);
    expect(exitCode).toBe(1);
    const out = value as { batch: string; report: Record<string, unknown>; uploadsFailed: unknown[] };
    expect(out.uploadsFailed).toEqual([]);
    expect(out.report).toMatchObject({
      rows: 4,
      registered: 3,
      invalid: [{ row: 3, file: 'b.txt', column: 'legalReason' }],
      filesWithoutRow: [],
      rowsWithoutFile: [{ row: 5, file: 'missing.txt' }],
    });
    const uploaded = cli.w.deps.files.keys('intake');
    const docs = await cli.w.deps.documents.listByAgency('edu');
    expect(docs.map((d) => d.filename).sort()).toEqual(['a.txt', 'c.txt', 'missing.txt']);
    for (const doc of docs.filter((d) => d.filename !== 'missing.txt')) expect(uploaded).toContain(doc.objectKey);
    const bytes = Buffer.byteLength(text);
    expect(cli.lines).toContain('c.txt: fetch failed: socket hang up; trying again (2 of 3)');
    expect(cli.lines).toContain(`uploaded 2/2 c.txt (${bytes} bytes)`);
    expect((await cli.w.deps.batches.getBatch(out.batch))?.label).toBe('本周');
  });

  it('refuses bad input before anything is sent', async () => {
    const cli = cliWorld();
    const dir = folder({ 'a.txt': '正文' });
    await expect(cli.run(['upload', dir])).rejects.toThrow('--manifest FILE is required');
    await expect(cli.run(['upload', dir, '--manifest', 'nowhere.csv'])).rejects.toThrow('cannot read the manifest');
    await expect(cli.run(['send', dir])).rejects.toThrow('unknown batch command "send"');
  });
});
