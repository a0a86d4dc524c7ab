/**
 * OCR at full size and where it runs: a full A4 page (seconds per page, the target is
 * under 15 s), the local worker scanner (a scan longer than its time limit finishes, each page
 * extending it), the CLI (which exits once its scan is done), and the review Lambda's arrangement
 * (its bundle, tesseract.js and the language data from the layer only).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOcrLayer } from '../../infra/constructs/ocr-layer';
import { createWorkerScanner } from '../../infra/local/worker-scanner';
import { fromRoot } from '../../infra/paths';
import { scanDocument } from '../../shared/review';
import { createOcr, DEBIAN_TESSDATA } from '../../shared/review/ocr';
import { renderScan, scanPdf } from '../unit/review/ocr-scans';

const run = promisify(execFile);
const ID = '11010519491231002X';
const temp = mkdtempSync(join(tmpdir(), 'gongkai-ocr-it-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A full A4 page at 300 dpi: 40 lines of a 低保 notice, one with the ID number. */
function a4Page(format: 'png' | 'jpeg'): Uint8Array {
  const lines = Array.from({ length: 40 }, (_, i) =>
    i === 17
      ? `申请人张某 身份证号 ${ID} 家住某某镇某村三组7号`
      : `第${i + 1}条 关于发放2026年第三季度城乡最低生活保障补助资金的公示，经审核共${30 + i}户`,
  );
  return renderScan(lines, { width: 2480, height: 3508, fontSize: 42, format, noise: 2000 });
}

/**
 * Wall-clock and CPU seconds of `work` (CPU of every thread of this process: OCR runs in one of
 * its own). The machine is shared (2 cores, other tests may run): CPU time is what a page costs.
 */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

describe('OCR of a full A4 page: seconds per page', () => {
  const ocr = createOcr();
  afterAll(() => ocr.close());

  it('a PNG scan and an image-only PDF page each take under 15 s, and the ID number is read', async () => {
    await ocr.recognise(renderScan(['预热']), 1); // the engine's start is not a page's time
    const png = await timed(() => ocr.read(a4Page('png'), 1));
    const pdfBytes = await scanPdf([a4Page('jpeg')], { dpi: 300 });
    const pdf = await timed(() => scanDocument(pdfBytes, { filename: 'scan.pdf' }, { ocr: ocr.forFile() }));
    console.log(
      `OCR of one A4 page at 300 dpi (40 lines, ~1,800 characters): PNG ${png.cpu.toFixed(1)} s CPU ` +
        `(${png.wall.toFixed(1)} s wall); image-only PDF, with PDF.js decoding and the page image, ` +
        `${pdf.cpu.toFixed(1)} s CPU (${pdf.wall.toFixed(1)} s wall)`,
    );
    expect(png.cpu).toBeLessThan(15);
    expect(pdf.cpu).toBeLessThan(15);
    expect(png.result.lines.filter((line) => line.text.includes('城乡最低生活保障')).length).toBeGreaterThanOrEqual(38);
    expect(png.result.lines.some((line) => line.text.includes(ID))).toBe(true);
    expect(pdf.result.findings.filter((f) => f.kind === 'id-number')).toEqual([
      expect.objectContaining({ text: ID, page: 1, location: 'page 1 (OCR)' }),
    ]);
  }, 120_000);
});

describe('OCR where scans run', () => {
  it('the local worker scanner: a 3-page scan longer than its time limit finishes, each page extending it', async () => {
    const scanner = createWorkerScanner({ timeoutMs: 2_000, ocrPageTimeoutMs: 60_000, concurrency: 1 });
    try {
      const pages = [1, 2, 3].map((n) => renderScan([`第${n}页`, `申请人张某 身份证号 ${ID}`], { format: 'jpeg' }));
      const started = performance.now();
      const result = await scanner.scan(await scanPdf(pages), { filename: 'scan.pdf' });
      expect(result).toMatchObject({ decision: 'needs-review', scanned: true, format: 'pdf' });
      expect(result.findings.map((f) => [f.kind, f.page, f.location])).toEqual([
        ['id-number', 1, 'page 1 (OCR)'],
        ['id-number', 2, 'page 2 (OCR)'],
        ['id-number', 3, 'page 3 (OCR)'],
      ]);
      console.log(`worker scanner, 3 scanned pages: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await scanner.close();
    }
  }, 90_000);

  it('the CLI reads a scan and exits: its OCR engine holds no process open', async () => {
    const file = join(temp, 'scan.png');
    writeFileSync(file, renderScan([`申请人张某 身份证号 ${ID}`]));
    const { stdout } = await run(process.execPath, [fromRoot('functions/cli/gongkai.mjs'), 'scan', file], {
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      decision: 'needs-review',
      findings: [expect.objectContaining({ kind: 'id-number', text: ID, location: 'page 1 (OCR)' })],
    });
  }, 90_000);

  it('the review Lambda’s arrangement: a CommonJS bundle, tesseract.js and the language data from the layer', async () => {
    const layer = join(temp, 'layer');
    buildOcrLayer(layer, DEBIAN_TESSDATA[0] as string);
    // Bundled as NodejsFunction bundles the review (infra/constructs/workflow.ts), then run in a
    // folder with no node_modules, with Lambda's NODE_PATH and the function's environment.
    const task = join(temp, 'task');
    const entry = join(temp, 'entry.ts');
    writeFileSync(
      entry,
      `import { readFileSync } from 'node:fs';
import { scanDocument } from ${JSON.stringify(fromRoot('shared/review'))};
scanDocument(new Uint8Array(readFileSync(process.argv[2])), { filename: 'scan.png' }).then((r) =>
  console.log(JSON.stringify({ decision: r.decision, scanned: r.scanned, findings: r.findings })));
`,
    );
    await build({
      entryPoints: [entry],
      outfile: join(task, 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      minify: true,
      logLevel: 'error',
      external: ['@aws-sdk/*', 'tesseract.js', 'tesseract.js-core'],
      define: { 'import.meta.url': JSON.stringify('file:///var/task/index.js') },
    });
    const scan = join(temp, 'lambda-scan.png');
    writeFileSync(scan, renderScan([`申请人张某 身份证号 ${ID}`]));
    const { stdout } = await run(process.execPath, [join(task, 'index.js'), scan], {
      cwd: task,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(layer, 'nodejs', 'node_modules'),
        GONGKAI_TESSDATA: join(layer, 'tessdata'),
      },
    });
    expect(JSON.parse(stdout)).toMatchObject({
      decision: 'needs-review',
      scanned: true,
      findings: [{ kind: 'id-number', text: ID, page: 1, location: 'page 1 (OCR)' }],
    });
  }, 90_000);
});
