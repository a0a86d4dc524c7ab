/**
 * The page as OCR should see it. Tesseract reads a ruled table — the 低保 or subsidy roster that
 * is the usual leak in a scan — as noise: with its grid lines in, not one row of a ruled roster
 * of ten came back (test/integration/ocr.test.ts); with them taken out first, every row did. So
 * scans are decoded to grey here (PNG by pngjs, MIT; JPEG by jpeg-js, BSD-3-Clause: both plain
 * JavaScript, nothing native in the Lambda), and long straight dark runs — ruling, not writing —
 * are painted white before the engine reads the page.
 *
 * The decoders are loaded when a scan is decoded, not with the module: on Lambda they are in the
 * OCR layer (infra/constructs/ocr-layer.ts), beside tesseract.js, and a text file never loads them.
 */
import { createRequire } from 'node:module';
import type * as JpegJs from 'jpeg-js';
import type * as PngJs from 'pngjs';
import type { GrayImage, ImageInfo } from './image';
import { OCR_LIMITS } from './limits';

/** Grey from red, green and blue (ITU-R BT.601, as Leptonica converts). */
export function luma(r: number, g: number, b: number): number {
  return (r * 299 + g * 587 + b * 114 + 500) / 1000;
}

/** Darker than this is ink; a rule's anti-aliased edge is lighter. */
const INK = 160;

/**
 * A PNG or JPEG as grey pixels, or undefined when it is another format or its decoder cannot read
 * it (the engine then gets the file as it is: Leptonica reads more variants than these two).
 */
export function decodeGray(bytes: Uint8Array, info: ImageInfo): GrayImage | undefined {
  // Outside the try: a decoder that is not installed is the deployment's fault, not the file's.
  const decoders = imageDecoders();
  try {
    if (info.format === 'png') {
      return toGray(decoders.png.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)));
    }
    if (info.format === 'jpeg') {
      const maxMemoryUsageInMB = Math.ceil((OCR_LIMITS.imagePixels * 4) / 1024 / 1024) + 64;
      return toGray(decoders.jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB }));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

let decoders: { png: typeof PngJs; jpeg: typeof JpegJs } | undefined;
/** Node's require, not the bundler's: the bundle leaves these two out, and Lambda finds them in the layer. */
function imageDecoders() {
  if (!decoders) {
    const load = createRequire(import.meta.url);
    decoders = { png: load('pngjs') as typeof PngJs, jpeg: load('jpeg-js') as typeof JpegJs };
  }
  return decoders;
}

function toGray(decoded: { width: number; height: number; data: Uint8Array }): GrayImage {
  const { width, height, data } = decoded;
  const pixels = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < pixels.length; i++, p += 4) {
    const alpha = (data[p + 3] ?? 255) / 255;
    // Transparent is paper.
    pixels[i] = luma(data[p] ?? 255, data[p + 1] ?? 255, data[p + 2] ?? 255) * alpha + 255 * (1 - alpha);
  }
  return { width, height, pixels };
}

/**
 * Paints white every horizontal or vertical run of ink at least `minRun` pixels long, and the
 * light fringe beside it. A rule of a table or a form is long; a stroke of a character is at most
 * its height. The default, a sixteenth of the width, is half an inch on an A4 page at any
 * resolution (a 12 pt character is a third of that). Returns the pixels painted.
 */
export function removeRules(image: GrayImage, minRun = Math.max(24, Math.round(image.width / 16))): number {
  const { width, height, pixels } = image;
  const rule = new Uint8Array(width * height);
  const mark = (at: number, length: number, step: number) => {
    for (let k = 0; k < length; k++) rule[at + k * step] = 1;
  };
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && (pixels[y * width + x] ?? 255) < INK) run++;
      else {
        if (run >= minRun) mark(y * width + x - run, run, 1);
        run = 0;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && (pixels[y * width + x] ?? 255) < INK) run++;
      else {
        if (run >= minRun) mark((y - run) * width + x, run, width);
        run = 0;
      }
    }
  }
  // The grey edge that anti-aliasing, JPEG and scaling leave beside a rule, a few pixels wide at
  // 300 dpi; ink touching the rule stays.
  const edge = Math.max(2, Math.round(width / 600));
  let painted = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (rule[i] !== 1) continue;
      pixels[i] = 255;
      painted++;
      for (let d = -edge; d <= edge; d++) {
        if (x + d >= 0 && x + d < width) whiten(pixels, i + d);
        if (y + d >= 0 && y + d < height) whiten(pixels, i + d * width);
      }
    }
  }
  return painted;
}

function whiten(pixels: Uint8Array, at: number): void {
  if ((pixels[at] ?? 0) >= INK) pixels[at] = 255;
}

/**
 * Paints white every speck of ink: a patch of at most `maxArea` dark pixels touching no other ink
 * (dust, toner, a scanner's noise). Tesseract reads specks beside a number as letters or takes
 * them for part of a digit ("1" read "4"); a full stop or a 、 at the smallest print is larger.
 * The default grows with the width, as the dots of print do with the resolution. Returns the
 * specks painted.
 */
export function removeSpecks(image: GrayImage, maxArea = Math.max(4, Math.round((image.width / 600) ** 2))): number {
  const { width, height, pixels } = image;
  const seen = new Uint8Array(width * height);
  const patch: number[] = [];
  const stack: number[] = [];
  let specks = 0;
  for (let start = 0; start < pixels.length; start++) {
    if (seen[start] === 1 || (pixels[start] ?? 255) >= INK) continue;
    // The patch of ink this pixel is in (8-connected), stopping once it is larger than a speck.
    patch.length = 0;
    stack.length = 0;
    stack.push(start);
    seen[start] = 1;
    let large = false;
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (!large) patch.push(at);
      if (patch.length > maxArea) large = true;
      const x = at % width;
      for (let dy = -1; dy <= 1; dy++) {
        const row = at + dy * width;
        if (row < 0 || row >= pixels.length) continue;
        for (let dx = -1; dx <= 1; dx++) {
          if (x + dx < 0 || x + dx >= width) continue;
          const next = row + dx;
          if (seen[next] === 1 || (pixels[next] ?? 255) >= INK) continue;
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    if (large) continue;
    for (const at of patch) pixels[at] = 255;
    specks++;
  }
  return specks;
}
