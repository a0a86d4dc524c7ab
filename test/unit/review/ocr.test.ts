import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { ScanLimitError } from '../../../shared/review/limits';
import { createOcr, DEBIAN_TESSDATA, OCR_LIMITS, pageImage, pdfPageImages } from '../../../shared/review/ocr';
import { decodeBmp, prepareImage, UnreadableImageError } from '../../../shared/review/ocr/image';
import { tidy } from '../../../shared/review/ocr/lines';
import { renderScan, scanPdf } from './ocr-scans';

const ID = '11010519491231002X';
const LINE = `申请人张某 身份证号 ${ID}`;
const TESSDATA = DEBIAN_TESSDATA[0] as string;
/** A4 at 216 dpi: 595 × 842 pt. */
const A4 = { width: 1785, height: 2526, format: 'jpeg' } as const;

const temp = mkdtempSync(join(tmpdir(), 'gongkai-ocr-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('OCR is available only with its language data, and says why not', () => {
  it('Debian’s chi_sim and eng (tesseract-ocr-chi-sim, tesseract-ocr-eng) are found', () => {
    const ocr = createOcr();
    expect(ocr.reason, 'CI installs them (.ci/run); locally: apt-get install tesseract-ocr-chi-sim').toBeUndefined();
    expect(ocr.available).toBe(true);
  });

  it('missing: unavailable with the file and the package named; reading refuses with that reason', async () => {
    const ocr = createOcr({ langPath: join(temp, 'nowhere') });
    expect(ocr.available).toBe(false);
    expect(ocr.reason).toBe(
      `OCR is not available: ${join(temp, 'nowhere', 'chi_sim.traineddata')} is missing (install Debian's ` +
        'tesseract-ocr-chi-sim and tesseract-ocr-eng, or set GONGKAI_TESSDATA to a folder with chi_sim and ' +
        'eng.traineddata); scans go to the pre-review group unread',
    );
    await expect(ocr.recognise(renderScan([LINE]), 1)).rejects.toThrow(ocr.reason);
  });

  it('a truncated or wrong .traineddata is caught before the engine (which would stall on it)', () => {
    const dir = join(temp, 'broken');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    copyFileSync(join(TESSDATA, 'eng.traineddata'), join(dir, 'eng.traineddata'));
    writeFileSync(join(dir, 'chi_sim.traineddata'), new Uint8Array(1000).fill(7));
    expect(createOcr({ langPath: dir }).reason).toContain('chi_sim.traineddata is not Tesseract language data');
    const head = new Uint8Array(4 + 8 * 24);
    const view = new DataView(head.buffer);
    view.setInt32(0, 24, true);
    for (let i = 0; i < 24; i++) view.setBigInt64(4 + 8 * i, 2_000_000n, true);
    writeFileSync(join(dir, 'chi_sim.traineddata'), head);
    expect(createOcr({ langPath: dir }).reason).toContain('chi_sim.traineddata is truncated');
  });
});

describe('images OCR cannot or must not read are refused with a reason, before the engine', () => {
  const png = (width: number, height: number) => {
    const bytes = new Uint8Array(33);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const view = new DataView(bytes.buffer);
    view.setUint32(16, width);
    view.setUint32(20, height);
    return bytes;
  };

  it('an image of more than 40 million pixels is past the limit (its memory in the engine)', () => {
    expect(() => prepareImage(png(10_000, 8_000))).toThrow(
      new ScanLimitError(
        'an image of 10000×8000 pixels (80 million), more than 40 million: too large to read by OCR automatically',
      ),
    );
    expect(prepareImage(png(4_960, 7_016)).info).toEqual({ format: 'png', width: 4960, height: 7016 });
  });

  it('GIF and WebP, which the engine cannot decode, and multi-page TIFF', () => {
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 10, 0, 10, 0, 0, 0, 0]);
    expect(() => prepareImage(gif)).toThrow(
      new UnreadableImageError('GIF images cannot be read by OCR; save the scan as PNG, JPEG, TIFF or PDF'),
    );
    const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');
    expect(() => prepareImage(webp)).toThrow(/WEBP images cannot be read by OCR/);
    // Two IFDs, each with width and length.
    const tiff = new Uint8Array(96);
    const v = new DataView(tiff.buffer);
    tiff.set([0x49, 0x49, 0x2a, 0]);
    v.setUint32(4, 8, true);
    for (const [at, next] of [
      [8, 38],
      [38, 0],
    ] as const) {
      v.setUint16(at, 2, true);
      v.setUint16(at + 2, 256, true);
      v.setUint16(at + 4, 3, true);
      v.setUint32(at + 6, 1, true);
      v.setUint16(at + 10, 100, true);
      v.setUint16(at + 14, 257, true);
      v.setUint16(at + 16, 3, true);
      v.setUint32(at + 18, 1, true);
      v.setUint16(at + 22, 100, true);
      v.setUint32(at + 26, next, true);
    }
    expect(() => prepareImage(tiff)).toThrow(
      'a TIFF of 2 pages: OCR reads one image at a time; save the scan as PDF (one image per page)',
    );
    expect(() => prepareImage(new TextEncoder().encode('not an image'))).toThrow(UnreadableImageError);
  });

  it('a BMP becomes grey pixels (bottom-up rows, 24 bits)', () => {
    const [w, h] = [2, 2];
    const bmp = new Uint8Array(54 + 8 * h);
    const v = new DataView(bmp.buffer);
    bmp.set([0x42, 0x4d]);
    v.setUint32(10, 54, true);
    v.setUint32(14, 40, true);
    v.setInt32(18, w, true);
    v.setInt32(22, h, true);
    v.setUint16(28, 24, true);
    // Bottom row: white, black; top row: red, blue (BGR order).
    bmp.set([255, 255, 255, 0, 0, 0], 54);
    bmp.set([0, 0, 255, 255, 0, 0], 62);
    expect(Array.from(decodeBmp(bmp).pixels)).toEqual([76, 29, 255, 0]);
    expect(new TextDecoder().decode(prepareImage(bmp).bytes.subarray(0, 11))).toBe('P5\n2 2\n255\n');
  });
});

describe('Tesseract’s Chinese is tidied where it differs from the print, and only there', () => {
  it.each([
    ['申 请 人 张 某', '申请人张某'],
    ['家庭住址 : 某某路5号', '家庭住址：某某路5号'],
    ['身份证号 11010519491231002X', '身份证号 11010519491231002X'],
    ['1               王某一            370405196510003610', '1   王某一   370405196510003610'],
    ['1101 0519 4912 3100 2X', '1101 0519 4912 3100 2X'],
  ])('%s → %s', (read, tidied) => {
    expect(tidy(read)).toBe(tidied);
  });
});

describe('the page image of an image-only PDF page (PDF.js decodes, no canvas)', () => {
  const dark = (pixels: Uint8Array) => pixels.reduce((n, p) => n + (p < 128 ? 1 : 0), 0);

  it('is the page at 300 dpi with the scan where the page draws it', async () => {
    const pdf = await getDocumentProxy(await scanPdf([renderScan([LINE], A4)]), { verbosity: 0 });
    const image = await pageImage(await pdf.getPage(1));
    // 595 × 842 pt at 300 dpi.
    expect(image && [image.width, image.height]).toEqual([2479, 3508]);
    const pixels = image?.pixels ?? new Uint8Array();
    // The text is in the top tenth of the page; below it the page is white.
    expect(dark(pixels.subarray(0, 2479 * 350))).toBeGreaterThan(5_000);
    expect(dark(pixels.subarray(2479 * 400))).toBe(0);
    await pdf.destroy();
  });

  it.each([90, 180, 270] as const)('a page stored turned and shown with /Rotate %i reads upright', async (rotate) => {
    const scan = renderScan([LINE], { format: 'jpeg' });
    const [upright, turned] = await Promise.all([scanPdf([scan]), scanPdf([scan], { rotate })]);
    const images = await Promise.all(
      [upright, turned].map(async (bytes) => {
        const pdf = await getDocumentProxy(bytes, { verbosity: 0 });
        const image = await pageImage(await pdf.getPage(1));
        await pdf.destroy();
        return image;
      }),
    );
    const [a, b] = images;
    expect(b && [b.width, b.height]).toEqual(a && [a.width, a.height]);
    // Same picture, give or take the sampling of a pixel at the edges of strokes.
    let differ = 0;
    for (let i = 0; i < (a?.pixels.length ?? 0); i++) {
      if (Math.abs((a?.pixels[i] ?? 0) - (b?.pixels[i] ?? 0)) > 128) differ++;
    }
    expect(differ / dark(a?.pixels ?? new Uint8Array())).toBeLessThan(0.2);
  });

  it('a page that draws no image gives none (it stays unread, for a person)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawRectangle({ x: 10, y: 10, width: 100, height: 100 });
    const pdf = await getDocumentProxy(await doc.save(), { verbosity: 0 });
    expect(await pdfPageImages(await pdf.getPage(1), 1)).toEqual([]);
    await pdf.destroy();
  });
});

// Tesseract itself: a few small scans, about a second each (a full A4 page, and its speed, is in
// test/integration/ocr.test.ts).
describe('OCR reads scans: the ID number in its text, with page and box; the detectors find it', () => {
  const ocr = createOcr();
  afterAll(() => ocr.close());

  it('a PNG: one part a line, "page 1 (OCR)", its box in the image’s pixels, the words with theirs', async () => {
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

    const parts = await ocr.recognise(renderScan([LINE]), 3);
    expect(parts).toEqual([
      { location: 'page 3 (OCR)', text: `申请人张某身份证号 ${ID}`, page: 3, box: expect.any(Object) },
    ]);
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

  it('an image-only PDF: each page OCR’d, findings on their page', async () => {
    const pages = [renderScan(['第一页 无个人信息'], { format: 'jpeg' }), renderScan([LINE], { format: 'jpeg' })];
    const result = await scanDocument(await scanPdf(pages), { filename: 'scan.pdf' }, { ocr: ocr.forFile() });
    expect(result).toMatchObject({ decision: 'needs-review', scanned: true, format: 'pdf' });
    expect(result.findings.map((f) => [f.kind, f.text, f.location, f.page])).toEqual([
      ['id-number', ID, 'page 2 (OCR)', 2],
    ]);
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
    expect(OCR_LIMITS.pages).toBe(50);
  });
});
