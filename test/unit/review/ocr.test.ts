import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { ScanLimitError } from '../../../shared/review/limits';
import { createOcr, DEBIAN_TESSDATA, imageInfo, pageImage, pdfPageImages } from '../../../shared/review/ocr';
import { decodeBmp, type GrayImage, prepareImage, UnreadableImageError } from '../../../shared/review/ocr/image';
import { tidy } from '../../../shared/review/ocr/lines';
import { decodeGray, removeRules, removeSpecks } from '../../../shared/review/ocr/pixels';
import { renderScan, scanPdf } from './ocr-scans';

// Everything about OCR short of running Tesseract, which reads scans in test/integration/ocr.test.ts.
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

  it('without it, a scan goes to a person unread, its reason saying why OCR did not read it', async () => {
    const ocrUnavailable = createOcr({ langPath: join(temp, 'nowhere') }).reason;
    const image = await scanDocument(renderScan([LINE]), { filename: 'scan.png' }, { ocrUnavailable });
    expect(image).toMatchObject({ decision: 'needs-review', extracted: false });
    expect(image.unreadableReason).toBe(`image file has no text layer (scanned?); ${ocrUnavailable}`);
    const pdf = await scanDocument(await scanPdf([renderScan([LINE], { format: 'jpeg' })]), {}, { ocrUnavailable });
    expect(pdf.unreadableReason).toBe(`PDF has no text layer (scanned?); ${ocrUnavailable}`);
    // With OCR given, its absence is no reason.
    expect((await scanDocument(renderScan([LINE]), {}, {})).unreadableReason).toBe(
      'image file has no text layer (scanned?)',
    );
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

  it('is the page at the scan’s own resolution, the scan where the page draws it', async () => {
    const pdf = await getDocumentProxy(await scanPdf([renderScan([LINE], A4)]), { verbosity: 0 });
    const image = await pageImage(await pdf.getPage(1));
    // 595 × 842 pt at the scan's 216 dpi.
    expect(image && [image.width, image.height, image.dpi]).toEqual([1785, 2526, 216]);
    const pixels = image?.pixels ?? new Uint8Array();
    // The text is in the top tenth of the page; below it the page is white.
    expect(dark(pixels.subarray(0, 1785 * 250))).toBeGreaterThan(5_000);
    expect(dark(pixels.subarray(1785 * 300))).toBe(0);
    await pdf.destroy();
  });

  it('at most 300 dpi: a 600 dpi scan is put together at 300, and the PGM says so', async () => {
    const scan = renderScan([LINE], { width: 1200, height: 200 });
    const pdf = await getDocumentProxy(await scanPdf([scan], { dpi: 600 }), { verbosity: 0 });
    const page = await pdf.getPage(1);
    const image = await pageImage(page);
    expect(image && [image.width, image.height, image.dpi]).toEqual([600, 100, 300]);
    const [pgm] = await pdfPageImages(page, 1);
    expect(new TextDecoder().decode(pgm?.subarray(0, 24))).toBe('P5\n# dpi 300\n600 100\n255');
    expect(prepareImage(pgm ?? new Uint8Array()).dpi).toBe(300);
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

describe('a table’s ruling and specks of dust are taken out before OCR (Tesseract reads them as letters)', () => {
  /** 200 × 100 white, a 3 px rule across at y 50, a 2 px rule down at x 100, a 20 px stroke. */
  const grid = (): GrayImage => {
    const width = 200;
    const pixels = new Uint8Array(width * 100).fill(255);
    // Anti-aliasing beside the rule across.
    for (let x = 0; x < width; x++) pixels[48 * width + x] = 200;
    for (let x = 0; x < width; x++) for (const y of [49, 50, 51]) pixels[y * width + x] = 0;
    for (let y = 0; y < 100; y++) for (const x of [100, 101]) pixels[y * width + x] = 20;
    for (let x = 20; x < 40; x++) pixels[10 * width + x] = 0; // a character's stroke
    return { width, height: 100, pixels };
  };

  it('long runs of ink across and down go, with their grey edge; a character’s stroke stays', () => {
    const image = grid();
    const painted = removeRules(image, 50);
    expect(painted).toBe(200 * 3 + 100 * 2 - 3 * 2);
    const at = (x: number, y: number) => image.pixels[y * 200 + x];
    expect([at(5, 50), at(150, 49), at(101, 90), at(5, 48)]).toEqual([255, 255, 255, 255]);
    expect(at(25, 10)).toBe(0);
  });

  it('specks of ink go; a dot of print and a stroke touching the speck stay', () => {
    const width = 100;
    const pixels = new Uint8Array(width * 50).fill(255);
    const ink = (x: number, y: number) => {
      pixels[y * width + x] = 0;
    };
    ink(10, 10); // a speck of one pixel
    ink(30, 10);
    ink(31, 11); // two, touching at a corner
    for (let x = 50; x < 55; x++) for (let y = 20; y < 25; y++) ink(x, y); // a full stop, 5 × 5
    for (let x = 60; x < 90; x++) ink(x, 40);
    ink(90, 41); // beside a stroke it touches
    const image = { width, height: 50, pixels };
    expect(removeSpecks(image, 4)).toBe(2);
    const at = (x: number, y: number) => pixels[y * width + x];
    expect([at(10, 10), at(30, 10), at(31, 11)]).toEqual([255, 255, 255]);
    expect([at(52, 22), at(70, 40), at(90, 41)]).toEqual([0, 0, 0]);
  });

  it('PNG and JPEG uploads are decoded to grey for it; what the decoders cannot read goes to the engine as it is', () => {
    const png = renderScan([LINE], { width: 400, height: 100 });
    const info = imageInfo(png);
    const gray = info && decodeGray(png, info);
    expect(gray && [gray.width, gray.height]).toEqual([400, 100]);
    const jpeg = renderScan([LINE], { width: 400, height: 100, format: 'jpeg' });
    expect(prepareImage(jpeg)).toMatchObject({ info: { format: 'jpeg', width: 400, height: 100 } });
    expect(new TextDecoder().decode(prepareImage(jpeg).bytes.subarray(0, 11))).toBe('P5\n400 100\n');
    const broken = png.slice(0, 200);
    expect(prepareImage(broken).bytes).toBe(broken);
  });
});
