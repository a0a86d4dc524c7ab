/**
 * What an image is before the engine sees it: its format and size in pixels, read from the header,
 * so that an image too large for OCR, or in a format the engine cannot decode, is refused with a
 * reason instead of exhausting memory. The engine (Leptonica in tesseract.js-core) decodes PNG,
 * JPEG, TIFF and PNM; BMP is turned into PNM here (tesseract.js's own BMP path copies the file into
 * a plain object, byte by byte); GIF and WebP it cannot read.
 */
import { ScanLimitError } from '../limits';
import { OCR_LIMITS } from './limits';
import { decodeGray, luma, removeRules, removeSpecks } from './pixels';

export { luma } from './pixels';

export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'pnm' | 'gif' | 'webp';

export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** TIFF: the images (pages) in the file. */
  readonly pages?: number;
  /** PGM made here: the resolution its comment gives. */
  readonly dpi?: number;
}

/** A gray image, one byte a pixel (0 black, 255 white), rows top to bottom. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  /** Its resolution, when known (a PDF page put together at it). */
  readonly dpi?: number;
}

/** An image the OCR cannot read, with the reason the reviewer sees. */
export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';
}

/** The format and size of an image, or undefined when the bytes are no image this knows. */
export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (i: number) => bytes[i] ?? 0;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 24 && at(0) === 0x89 && ascii(1, 4) === 'PNG') {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 4 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return jpegInfo(bytes, view);
  if (bytes.length >= 8 && (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*')) return tiffInfo(bytes, view);
  if (bytes.length >= 26 && ascii(0, 2) === 'BM') {
    const dib = view.getUint32(14, true);
    const core = dib === 12;
    const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
    const height = core ? view.getInt16(20, true) : view.getInt32(22, true);
    return { format: 'bmp', width: Math.abs(width), height: Math.abs(height) };
  }
  if (bytes.length >= 3 && at(0) === 0x50 && at(1) >= 0x31 && at(1) <= 0x36) return pnmInfo(bytes);
  if (ascii(0, 4) === 'GIF8' && bytes.length >= 10) {
    return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') {
    return { format: 'webp', width: 0, height: 0 };
  }
  return undefined;
}

export interface PreparedImage {
  readonly bytes: Uint8Array;
  /** The image as given. */
  readonly info: ImageInfo;
  /** Its resolution, when known: a PGM made here from a PDF page says at which it was put together. */
  readonly dpi?: number;
}

/**
 * The bytes to give the engine for an upload or an embedded image: checked against the limits;
 * PNG, JPEG and BMP decoded to grey with their ruling taken out (./pixels.ts), as PGM; a PGM is
 * one made here from a PDF page (ruling already out). Throws UnreadableImageError or
 * ScanLimitError with the reason.
 */
export function prepareImage(bytes: Uint8Array): PreparedImage {
  const info = imageInfo(bytes);
  if (!info) throw new UnreadableImageError('not an image OCR can read (PNG, JPEG, TIFF or BMP)');
  if (info.format === 'gif' || info.format === 'webp') {
    throw new UnreadableImageError(
      `${info.format.toUpperCase()} images cannot be read by OCR; save the scan as PNG, JPEG, TIFF or PDF`,
    );
  }
  if (info.width === 0 || info.height === 0) throw new UnreadableImageError('the image has no pixels (corrupt?)');
  checkPixels(info.width, info.height);
  if (info.pages !== undefined && info.pages > 1) {
    throw new UnreadableImageError(
      `a TIFF of ${info.pages} pages: OCR reads one image at a time; save the scan as PDF (one image per page)`,
    );
  }
  if (info.format === 'pnm') return { bytes, info, ...(info.dpi ? { dpi: info.dpi } : {}) };
  const gray = info.format === 'bmp' ? decodeBmp(bytes) : decodeGray(bytes, info);
  if (!gray) return { bytes, info };
  removeRules(gray);
  removeSpecks(gray);
  return { bytes: encodePgm(gray), info };
}

export function checkPixels(width: number, height: number): void {
  const pixels = width * height;
  if (pixels > OCR_LIMITS.imagePixels) {
    throw new ScanLimitError(
      `an image of ${width}×${height} pixels (${Math.round(pixels / 1e6)} million), more than ` +
        `${OCR_LIMITS.imagePixels / 1e6} million: too large to read by OCR automatically`,
    );
  }
}

/** PGM (P5): the plainest image the engine reads; its resolution, when known, in a comment. */
export function encodePgm(image: GrayImage): Uint8Array {
  const dpi = image.dpi ? `# dpi ${image.dpi}\n` : '';
  const header = new TextEncoder().encode(`P5\n${dpi}${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.pixels.length);
  out.set(header);
  out.set(image.pixels, header.length);
  return out;
}

function jpegInfo(bytes: Uint8Array, view: DataView): ImageInfo | undefined {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = view.getUint16(i + 2);
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): the frame header has the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
    }
    if (length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function tiffInfo(bytes: Uint8Array, view: DataView): ImageInfo | undefined {
  const little = bytes[0] === 0x49;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  let offset = u32(4);
  let width = 0;
  let height = 0;
  let pages = 0;
  const seen = new Set<number>();
  while (offset !== 0 && offset + 2 <= bytes.length && !seen.has(offset) && pages < 10_000) {
    seen.add(offset);
    const entries = u16(offset);
    if (offset + 2 + entries * 12 + 4 > bytes.length) break;
    if (pages === 0) {
      for (let e = 0; e < entries; e++) {
        const entry = offset + 2 + e * 12;
        const tag = u16(entry);
        const value = u16(entry + 2) === 3 ? u16(entry + 8) : u32(entry + 8);
        if (tag === 256) width = value;
        if (tag === 257) height = value;
      }
    }
    pages++;
    offset = u32(offset + 2 + entries * 12);
  }
  return pages === 0 ? undefined : { format: 'tiff', width, height, pages };
}

function pnmInfo(bytes: Uint8Array): ImageInfo | undefined {
  const raw = String.fromCharCode(...bytes.subarray(0, 256));
  const match = /^P[1-6]\s+(\d+)\s+(\d+)/.exec(raw.replace(/#[^\n]*\n/g, ' '));
  if (!match) return undefined;
  const dpi = Number(/^P5\n# dpi (\d{2,4})\n/.exec(raw)?.[1] ?? 0);
  return { format: 'pnm', width: Number(match[1]), height: Number(match[2]), ...(dpi > 0 ? { dpi } : {}) };
}

/**
 * An uncompressed BMP (1, 4, 8, 24 or 32 bits a pixel, as Windows and scanners write it) as gray.
 * Compressed ones (RLE, embedded PNG/JPEG) are refused with a reason.
 */
export function decodeBmp(bytes: Uint8Array): GrayImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const dib = view.getUint32(14, true);
  const core = dib === 12;
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const rawHeight = core ? view.getInt16(20, true) : view.getInt32(22, true);
  const bits = view.getUint16(core ? 24 : 28, true);
  const compression = core ? 0 : view.getUint32(30, true);
  // BI_RGB, or BI_BITFIELDS with 32 bits in the usual BGRA layout.
  if (!(compression === 0 || (compression === 3 && bits === 32)) || ![1, 4, 8, 24, 32].includes(bits) || width <= 0) {
    throw new UnreadableImageError('a compressed or unusual BMP: save the scan as PNG, JPEG, TIFF or PDF');
  }
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  const stride = Math.ceil((width * bits) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw new UnreadableImageError('the BMP is truncated');
  const palette: number[] = [];
  if (bits <= 8) {
    const entry = core ? 3 : 4;
    const colours = core ? 1 << bits : view.getUint32(46, true) || 1 << bits;
    const start = 14 + dib;
    for (let c = 0; c < colours && start + c * entry + 2 < bytes.length; c++) {
      const at = start + c * entry;
      palette.push(luma(bytes[at + 2] ?? 0, bytes[at + 1] ?? 0, bytes[at] ?? 0));
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + stride * (topDown ? y : height - 1 - y);
    for (let x = 0; x < width; x++) {
      let value: number;
      if (bits === 24 || bits === 32) {
        const at = row + x * (bits / 8);
        value = luma(bytes[at + 2] ?? 0, bytes[at + 1] ?? 0, bytes[at] ?? 0);
      } else {
        const bit = x * bits;
        const byte = bytes[row + (bit >> 3)] ?? 0;
        const index = (byte >> (8 - bits - (bit & 7))) & ((1 << bits) - 1);
        value = palette[index] ?? (index === 0 ? 0 : 255);
      }
      pixels[y * width + x] = value;
    }
  }
  return { width, height, pixels };
}
