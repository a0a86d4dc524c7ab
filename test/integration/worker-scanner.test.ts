import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerScanner, MAX_JOBS } from '../../infra/local/worker-scanner';
import { fromRoot } from '../../infra/paths';
import { scanDocument } from '../../shared/review';
import { docxBomb } from '../support/bombs';

const PERSONAL = '申请人张某，身份证号11010519491231002X，联系电话13912345678。';
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The unreadable result a scan that did not finish gives: a person reads the file instead. */
const unfinished = (reason: string) => ({
  decision: 'needs-review',
  extracted: false,
  unreadableReason: reason,
  findings: [{ kind: 'unreadable', text: reason, start: 0, end: 0, rule: 'REVIEW-2' }],
});

describe('REVIEW-2 the worker scanner: scans in a worker thread, with memory and time limits', () => {
  const scanner = createWorkerScanner();
  const MISBEHAVING = new URL('../support/misbehaving-scan-worker.mjs', import.meta.url);
  // Time limits far beyond a loaded machine's delays, except where the time limit is what is tested.
  const misbehaving = createWorkerScanner({ entry: MISBEHAVING, maxOldGenerationSizeMb: 32, timeoutMs: 20_000 });
  const spinning = createWorkerScanner({ entry: MISBEHAVING, timeoutMs: 1000 });
  afterAll(() => Promise.all([scanner.close(), misbehaving.close(), spinning.close()]));

  it('finds what the in-process scan finds (the worker loads the TypeScript under vitest)', async () => {
    const hint = { filename: 'notice.txt', contentType: 'text/plain' };
    const inWorker = await scanner.scan(bytesOf(PERSONAL), hint);
    expect(inWorker.decision).toBe('needs-review');
    expect(inWorker.findings.map((f) => f.kind).sort()).toEqual(['id-number', 'mobile']);
    expect(inWorker).toEqual(await scanDocument(bytesOf(PERSONAL), hint));
  });

  it('leaves the caller’s bytes as they were', async () => {
    const bytes = bytesOf(PERSONAL);
    await scanner.scan(bytes, { filename: 'notice.txt' });
    expect(new TextDecoder().decode(bytes)).toBe(PERSONAL);
  });

  it('the extraction limits hold in the worker: the 300 MB DOCX goes to a person', async () => {
    const result = await scanner.scan(await docxBomb(300), { filename: 'bomb.docx' });
    expect(result.unreadableReason).toBe(
      'DOCX part word/document.xml expands beyond 50 MB: too large to scan automatically',
    );
  });

  it('a worker that runs out of memory ends alone; the document goes to a person with the reason', async () => {
    expect(await misbehaving.scan(bytesOf('x'), { filename: 'allocate' })).toEqual(
      unfinished('the scan ran out of memory (32 MB): too large or complex to scan automatically'),
    );
    // This process and the scanner carry on.
    expect(await misbehaving.scan(bytesOf('x'), { filename: 'fine' })).toMatchObject({ decision: 'clear' });
  });

  it('a worker that does not finish in time is stopped, and the event loop was free meanwhile', async () => {
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const result = await spinning.scan(bytesOf('x'), { filename: 'spin' });
    clearInterval(ticker);
    expect(result).toEqual(
      unfinished('the scan did not finish within 1 s: too large or complex to scan automatically'),
    );
    // A scan on this thread would have stalled the ticker for the whole 1 s limit; a busy machine stalls it far less.
    expect(longestGap).toBeLessThan(1000);
    expect(await spinning.scan(bytesOf('x'), { filename: 'fine' })).toMatchObject({ decision: 'clear' });
  });

  it('each page OCR starts gives the scan a page’s time: a long scan finishes, a stalled page does not', async () => {
    // 1 s for the scan, 1.5 s from each OCR page on: eight pages 300 ms apart take 2.4 s.
    const ocr = createWorkerScanner({ entry: MISBEHAVING, concurrency: 1, timeoutMs: 1000, ocrPageTimeoutMs: 1500 });
    try {
      expect(await ocr.scan(bytesOf('x'), { filename: 'ocr-8-pages' })).toMatchObject({
        decision: 'clear',
        text: 'ocr-8-pages 1',
      });
      // The limit moves with the pages, and the reason says how long the scan had.
      const stalled = await ocr.scan(bytesOf('x'), { filename: 'ocr-2-pages-then-stall' });
      expect(stalled.unreadableReason).toMatch(
        /^the scan did not finish within [1-4] s: too large or complex to scan automatically$/,
      );
    } finally {
      await ocr.close();
    }
  });

  it('a worker that throws or exits gives a reason, not a crash', async () => {
    expect(await misbehaving.scan(bytesOf('x'), { filename: 'throw' })).toEqual(
      unfinished('the scan failed: extractor bug'),
    );
    expect(await misbehaving.scan(bytesOf('x'), { filename: 'exit' })).toEqual(
      unfinished('the scan stopped (exit code 3) without a result'),
    );
  });

  it('scans one at a time at concurrency 1', async () => {
    const one = createWorkerScanner({ entry: MISBEHAVING, concurrency: 1, timeoutMs: 1000 });
    try {
      const started = performance.now();
      const finished: Record<string, number> = {};
      await Promise.all(
        ['spin', 'after'].map(async (filename) => {
          await one.scan(bytesOf('x'), { filename });
          finished[filename] = performance.now() - started;
        }),
      );
      // The second waited for the first's worker to be stopped.
      expect(finished.after).toBeGreaterThanOrEqual(finished.spin ?? Number.POSITIVE_INFINITY);
      expect(finished.spin).toBeGreaterThanOrEqual(1000);
    } finally {
      await one.close();
    }
  });

  it('a worker that finished a scan takes the next; one that failed is never given another', async () => {
    const pool = createWorkerScanner({ entry: MISBEHAVING, concurrency: 1, timeoutMs: 20_000 });
    const scan = async (filename: string) => (await pool.scan(bytesOf('x'), { filename })).text;
    try {
      // The text says how many jobs the worker has had.
      expect([await scan('a'), await scan('b')]).toEqual(['a 1', 'b 2']);
      await pool.scan(bytesOf('x'), { filename: 'exit' });
      expect(await scan('c')).toBe('c 1');
      for (let n = 2; n <= MAX_JOBS; n++) await scan('d');
      expect(await scan('e')).toBe('e 1'); // replaced after MAX_JOBS
    } finally {
      await pool.close();
    }
  });

  it('a scan that kills a worker that had scanned before is tried again in a fresh one', async () => {
    const pool = createWorkerScanner({ entry: MISBEHAVING, concurrency: 1, maxOldGenerationSizeMb: 32 });
    try {
      await pool.scan(bytesOf('x'), { filename: 'first' });
      // Runs out of memory in the reused worker, not in a fresh one: the file is not to blame.
      expect((await pool.scan(bytesOf('x'), { filename: 'allocate-if-reused' })).text).toBe('allocate-if-reused 1');
    } finally {
      await pool.close();
    }
  });

  it('the worker loads the TypeScript under tsx too (npm start)', async () => {
    const script = [
      "import { createWorkerScanner } from './infra/local/worker-scanner.ts';",
      'const scanner = createWorkerScanner();',
      `const result = await scanner.scan(new TextEncoder().encode(${JSON.stringify(PERSONAL)}), { filename: 'a.txt' });`,
      'console.log(JSON.stringify(result.findings.map((f) => f.kind).sort()));',
      'await scanner.close();',
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      fromRoot('node_modules/.bin/tsx'),
      ['--input-type=module', '-e', script],
      {
        cwd: fromRoot('.'),
      },
    );
    expect(JSON.parse(stdout)).toEqual(['id-number', 'mobile']);
  });
});
