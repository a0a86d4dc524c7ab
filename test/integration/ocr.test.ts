/**
 * Tesseract reading scans (tesseract.js, chi_sim + eng from Debian's packages): a few small
 * generated scans, about a second each on this machine (the seconds of a full A4 page are in
 * `npm run bench:review`). Then where OCR runs: the local worker scanner, the CLI (which exits
 * once its scan is done) and the review Lambda's arrangement (its bundle, tesseract.js and the
 * language data from the layer only).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTERNAL_MODULES } from '../../infra/bundling';
import { buildOcrLayer } from '../../infra/constructs/ocr-layer';
import { createWorkerScanner } from '../../infra/local/worker-scanner';
import { fromRoot } from '../../infra/paths';
import { scanDocument } from '../../shared/review';
import { createOcr, DEBIAN_TESSDATA } from '../../shared/review/ocr';
import { compare, corpus } from '../support/review-corpus';
import { renderScan, scanPdf } from '../unit/review/ocr-scans';

const run = promisify(execFile);
const ID = '11010519491231002X';
const LINE = `申请人张某 身份证号 ${ID}`;
const temp = mkdtempSync(join(tmpdir(), 'gongkai-ocr-it-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('OCR reads scans: the text with page and box; the detectors find what is in it', () => {
  const ocr = createOcr();
  afterAll(() => ocr.close());

  it('a PNG: its lines with their boxes in the image’s pixels, the words with theirs; the page one part', async () => {
    const result = await ocr.read(renderScan(['关于发放低保补助资金的公示', LINE]), 1);
    const line = result.lines.find((l) => l.text.includes(ID));
    expect(line?.text).toBe(`申请人张某身份证号 ${ID}`);
    // Drawn from x = 80, its baseline at y = 200 with 40 px characters.
    expect(line?.box.x).toBeGreaterThan(75);
    expect(line?.box.x).toBeLessThan(95);
    expect(line?.box.y).toBeGreaterThan(155);
    expect((line?.box.y ?? 0) + (line?.box.height ?? 0)).toBeLessThan(215);
    const word = line?.words.find((w) => w.text === ID);
    expect(word?.box.width).toBeGreaterThan(300);
    expect(word?.confidence).toBeGreaterThan(80);

    const parts = await ocr.recognise(renderScan(['关于发放低保补助资金的公示', LINE]), 3);
    const text = `关于发放低保补助资金的公示\n申请人张某身份证号 ${ID}`;
    expect(parts).toEqual([{ location: 'page 3 (OCR)', text, page: 3, spans: expect.any(Array) }]);
    // Each piece of a line a span with its box: the ID number's is on the second line.
    const span = parts[0]?.spans?.find((s) => text.slice(s.start, s.end).includes(ID));
    expect(span).toMatchObject({ location: 'page 3 (OCR)', box: { y: expect.any(Number) } });
    expect(span?.box?.y).toBeGreaterThan(155);
  });

  it('scanDocument: a JPEG scan goes to a person, with the ID number found on page 1 and its box', async () => {
    const result = await scanDocument(
      renderScan([LINE, '联系电话 13912345678'], { format: 'jpeg', noise: 400 }),
      { filename: 'scan.jpg', contentType: 'image/jpeg' },
      { ocr: ocr.forFile() },
    );
    expect(result).toMatchObject({ decision: 'needs-review', scanned: true, format: 'image' });
    expect(result.findings.map((f) => [f.kind, f.text, f.location, f.page])).toEqual([
      ['id-number', ID, 'page 1 (OCR)', 1],
      ['mobile', '13912345678', 'page 1 (OCR)', 1],
    ]);
    expect(result.findings[0]?.box).toEqual({
      x: expect.any(Number),
      y: expect.any(Number),
      width: expect.any(Number),
      height: expect.any(Number),
    });
    expect(result.text).toContain(ID);
  });

  it('an image with nothing readable: no parts; the scan still goes to a person, with no findings', async () => {
    const blank = renderScan([], { noise: 300 });
    expect(await ocr.recognise(blank, 1)).toEqual([]);
    const result = await scanDocument(blank, { filename: 'blank.png' }, { ocr: ocr.forFile() });
    expect(result).toMatchObject({ decision: 'needs-review', scanned: true, findings: [] });
  });

  it('past the page limit, the reason says so and the scan goes to a person unread', async () => {
    const limited = createOcr({ pageLimit: 1 });
    try {
      const hook = limited.forFile();
      const blank = renderScan([], { format: 'jpeg' });
      await expect(hook(blank, 1)).resolves.toEqual([]);
      await expect(hook(blank, 1)).resolves.toEqual([]); // another image of the same page
      await expect(hook(blank, 2)).rejects.toThrow(
        'more than 1 scanned pages: OCR reads at most 1 pages of a file automatically; a person reads the scan',
      );
      const result = await scanDocument(
        await scanPdf([blank, blank]),
        { filename: 'scan.pdf' },
        { ocr: limited.forFile() },
      );
      expect(result.unreadableReason).toMatch(/more than 1 scanned pages/);
    } finally {
      await limited.close();
    }
  });

  // The corpus's scans (test/support/review-corpus.ts): a scanned PDF, a PNG, a JPEG photo and an
  // OFD page drawn as an image, small (about 150 dpi, a few lines).
  it.each(
    corpus()
      .filter((doc) => doc.scan)
      .map((doc) => [doc.name, doc] as const),
  )('corpus scan %s: its expected findings, on page 1 (OCR)', async (_, doc) => {
    const result = await scanDocument(doc.bytes, { filename: doc.name }, { ocr: ocr.forFile() });
    expect(result).toMatchObject({ decision: 'needs-review', scanned: true });
    const { missed, falseAlarms } = compare(result.findings, doc.expected);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
    for (const finding of result.findings) expect(finding).toMatchObject({ page: 1, box: expect.any(Object) });
  });
});

describe('OCR where scans run', () => {
  it('the local worker scanner reads an image-only PDF by OCR in its worker, each page on its own', async () => {
    // Its time limit is extended by each page OCR starts (test/integration/worker-scanner.test.ts).
    const scanner = createWorkerScanner({ concurrency: 1 });
    try {
      const pages = [renderScan(['第一页 无个人信息'], { format: 'jpeg' }), renderScan([LINE], { format: 'jpeg' })];
      const result = await scanner.scan(await scanPdf(pages), { filename: 'scan.pdf' });
      expect(result).toMatchObject({ decision: 'needs-review', scanned: true, format: 'pdf' });
      expect(result.findings.map((f) => [f.kind, f.text, f.page, f.location])).toEqual([
        ['id-number', ID, 2, 'page 2 (OCR)'],
      ]);
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
      external: [...EXTERNAL_MODULES],
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

    // A layer without the language data: the scan goes to a person, the reason saying so; no crash.
    const empty = join(temp, 'no-tessdata');
    mkdirSync(empty, { recursive: true });
    const without = await run(process.execPath, [join(task, 'index.js'), scan], {
      cwd: task,
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(layer, 'nodejs', 'node_modules'), GONGKAI_TESSDATA: empty },
    });
    expect(JSON.parse(without.stdout)).toEqual({
      decision: 'needs-review',
      findings: [
        {
          kind: 'unreadable',
          text:
            `image file has no text layer (scanned?); OCR is not available: ${join(empty, 'chi_sim.traineddata')} ` +
            "is missing (install Debian's tesseract-ocr-chi-sim and tesseract-ocr-eng, or set GONGKAI_TESSDATA to a " +
            'folder with chi_sim and eng.traineddata); scans go to the pre-review group unread',
          start: 0,
          end: 0,
          rule: 'REVIEW-2',
        },
      ],
    });
  }, 90_000);
});
