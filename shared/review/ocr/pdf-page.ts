/**
 * The picture OCR reads of a PDF page drawn only as images (a scan): the page's images, as PDF.js
 * decoded them while building the page's operator list, put together in one grey page image at
 * the scan's own resolution (its sharpest image's), at most OCR_LIMITS.pdfDpi, each where the page
 * draws it (scaled, rotated, mirrored, the page's /Rotate applied), later ones over earlier ones,
 * image masks in black. A scan is usually one image a page; a page scanned in strips or with a
 * stamp pasted on is read as the page shows it. Not above the scan's resolution: a 150 dpi scan
 * blown up to 300 dpi by sampling reads worse than as it is (its names came back as Latin
 * letters). Boxes of what OCR finds are in this image's pixels (divide by dpi / 72 for PDF points
 * from the top left; the image says its dpi).
 *
 * No canvas: drawing images only needs sampling, and PDF.js already decodes every image format a
 * scan uses (DCT/JPEG, JBIG2, CCITT fax, Flate) to pixels. Vector drawings and text are not drawn
 * (a page with text has a text layer and is not OCR'd). Nothing drawn → no image: the page stays
 * unread for a person.
 */
import type { getDocumentProxy } from 'unpdf';
import { encodePgm, type GrayImage, luma } from './image';
import { OCR_LIMITS } from './limits';
import { removeRules, removeSpecks } from './pixels';

type PDFPageProxy = Awaited<ReturnType<Awaited<ReturnType<typeof getDocumentProxy>>['getPage']>>;

/** [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f (PDF.js's order). */
type Matrix = readonly [number, number, number, number, number, number];

interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** 1: one bit a pixel, rows padded to bytes, 1 white; 2: RGB; 3: RGBA. */
  readonly kind?: number;
  readonly data?: Uint8Array | Uint8ClampedArray;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

function asMatrix(value: unknown): Matrix | undefined {
  if (!value || typeof value !== 'object' || !('length' in value) || (value as ArrayLike<unknown>).length !== 6) {
    return undefined;
  }
  const m = Array.from(value as ArrayLike<unknown>, Number);
  return m.every(Number.isFinite) ? (m as unknown as Matrix) : undefined;
}

/** The PGM OCR reads for the page, ruling taken out (./pixels.ts), or none when it draws no image. */
export async function pdfPageImages(page: PDFPageProxy, _pageNumber?: number): Promise<Uint8Array[]> {
  const image = await pageImage(page);
  if (!image) return [];
  removeRules(image);
  removeSpecks(image);
  return [encodePgm(image)];
}

/** The page's images put together (see the top of this file), or undefined when none was drawn. */
export async function pageImage(page: PDFPageProxy): Promise<GrayImage | undefined> {
  const { OPS } = await (await import('unpdf')).getResolvedPDFJS();
  const ops = await page.getOperatorList();

  // First what is drawn where (PDF user space), then the page at the resolution that shows it.
  const draws: Array<{ readonly image: DecodedImage; readonly at: Matrix; readonly mask: boolean }> = [];
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  const draw = (image: DecodedImage | undefined, at: Matrix, mask = false) => {
    if (image) draws.push({ image, at, mask });
  };

  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = (ops.argsArray[i] ?? []) as unknown[];
    switch (fn) {
      case OPS.save:
        stack.push(ctm);
        break;
      case OPS.restore:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.transform: {
        const m = asMatrix(args);
        if (m) ctm = multiply(ctm, m);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push(ctm);
        const m = asMatrix(args[0]);
        if (m) ctm = multiply(ctm, m);
        break;
      }
      case OPS.beginGroup: {
        stack.push(ctm);
        const m = asMatrix((args[0] as { matrix?: unknown } | undefined)?.matrix);
        if (m) ctm = multiply(ctm, m);
        break;
      }
      case OPS.paintFormXObjectEnd:
      case OPS.endGroup:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.paintImageXObject:
        draw(await resolveImage(page, args[0]), ctm);
        break;
      case OPS.paintImageXObjectRepeat: {
        const [id, scaleX, scaleY, positions] = args as [unknown, number, number, ArrayLike<number>];
        const image = await resolveImage(page, id);
        for (let p = 0; p + 1 < (positions?.length ?? 0); p += 2) {
          draw(image, multiply(ctm, [scaleX, 0, 0, scaleY, positions[p] ?? 0, positions[p + 1] ?? 0]));
        }
        break;
      }
      case OPS.paintInlineImageXObject:
        draw(args[0] as DecodedImage | undefined, ctm);
        break;
      case OPS.paintImageMaskXObject:
        draw(args[0] as DecodedImage | undefined, ctm, true);
        break;
      case OPS.paintImageMaskXObjectGroup:
        for (const image of (args[0] as Array<DecodedImage & { transform?: unknown }> | undefined) ?? []) {
          draw(image, multiply(ctm, asMatrix(image.transform) ?? IDENTITY), true);
        }
        break;
    }
  }
  if (draws.length === 0) return undefined;

  // Pixels per point of the sharpest image (its unit square is |a b| by |c d| points).
  const native = Math.max(
    ...draws.map(({ image, at }) =>
      Math.max(
        image.width / Math.max(1e-6, Math.hypot(at[0], at[1])),
        image.height / Math.max(1e-6, Math.hypot(at[2], at[3])),
      ),
    ),
  );
  const base = page.getViewport({ scale: 1 });
  const most = Math.sqrt(OCR_LIMITS.pdfPagePixels / Math.max(1, base.width * base.height));
  const scale = Math.min(Math.max(1, native), OCR_LIMITS.pdfDpi / 72, most);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const device = asMatrix(viewport.transform) ?? IDENTITY;
  const canvas: GrayImage = {
    width,
    height,
    pixels: new Uint8Array(width * height).fill(255),
    dpi: Math.round(scale * 72),
  };
  let drawn = 0;
  for (const { image, at, mask } of draws) if (drawImage(canvas, image, multiply(device, at), mask)) drawn++;
  return drawn > 0 ? canvas : undefined;
}

/** An image XObject by its id: the page's own, or one shared across pages ("g_…"). */
async function resolveImage(page: PDFPageProxy, id: unknown): Promise<DecodedImage | undefined> {
  if (typeof id !== 'string') return undefined;
  const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    try {
      // With a callback, PDF.js hands the object over once the page's worker has sent it.
      objs.get(id, (image: unknown) => resolve(image as DecodedImage | undefined));
    } catch {
      resolve(undefined);
    }
  });
}

/**
 * Draws `image` (its unit square mapped to the canvas by `m`) by sampling: each canvas pixel inside
 * it takes the image pixel under its centre. False when the image has no pixels PDF.js gave us.
 */
function drawImage(canvas: GrayImage, image: DecodedImage, m: Matrix, mask: boolean): boolean {
  const { width: w, height: h, data } = image;
  if (!data || !(w > 0) || !(h > 0)) return false;
  const kind = mask ? 0 : (image.kind ?? 0);
  const rowBytes = (w + 7) >> 3;
  const need = mask || kind === 1 ? rowBytes * h : kind === 2 ? w * h * 3 : kind === 3 ? w * h * 4 : Infinity;
  if (data.length < need) return false;

  const det = m[0] * m[3] - m[1] * m[2];
  if (Math.abs(det) < 1e-9) return false;
  // Canvas (x, y) → unit square (u, v): the inverse of m.
  const ia = m[3] / det;
  const ib = -m[1] / det;
  const ic = -m[2] / det;
  const id = m[0] / det;
  const ie = -(ia * m[4] + ic * m[5]);
  const iff = -(ib * m[4] + id * m[5]);

  const corners = [
    [m[4], m[5]],
    [m[0] + m[4], m[1] + m[5]],
    [m[2] + m[4], m[3] + m[5]],
    [m[0] + m[2] + m[4], m[1] + m[3] + m[5]],
  ] as const;
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[0]))));
  const x1 = Math.min(canvas.width, Math.ceil(Math.max(...corners.map((c) => c[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[1]))));
  const y1 = Math.min(canvas.height, Math.ceil(Math.max(...corners.map((c) => c[1]))));
  const { pixels } = canvas;

  for (let y = y0; y < y1; y++) {
    const cy = y + 0.5;
    let u = ia * (x0 + 0.5) + ic * cy + ie;
    let v = ib * (x0 + 0.5) + id * cy + iff;
    for (let x = x0; x < x1; x++, u += ia, v += ib) {
      if (u < 0 || u >= 1 || v <= 0 || v > 1) continue;
      // The image's first row is at the top of its square (v = 1).
      const col = Math.min(w - 1, Math.floor(u * w));
      const row = Math.min(h - 1, Math.floor((1 - v) * h));
      const at = y * canvas.width + x;
      if (mask || kind === 1) {
        const set = ((data[row * rowBytes + (col >> 3)] ?? 0) >> (7 - (col & 7))) & 1;
        // A mask paints where its bit is 0; a 1-bit image is white where its bit is 1.
        if (mask) {
          if (set === 0) pixels[at] = 0;
        } else pixels[at] = set ? 255 : 0;
      } else if (kind === 2) {
        const p = (row * w + col) * 3;
        pixels[at] = luma(data[p] ?? 0, data[p + 1] ?? 0, data[p + 2] ?? 0);
      } else {
        const p = (row * w + col) * 4;
        const alpha = (data[p + 3] ?? 255) / 255;
        const value = luma(data[p] ?? 0, data[p + 1] ?? 0, data[p + 2] ?? 0);
        pixels[at] = value * alpha + (pixels[at] ?? 255) * (1 - alpha);
      }
    }
  }
  return true;
}
