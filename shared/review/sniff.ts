/**
 * What a file is, from its first bytes: names and declared content types are often wrong on
 * uploaded files, and sometimes on purpose. Intake refuses a file whose bytes contradict its
 * registration; extraction reads a file as what it is.
 */
import { type AcceptedContentType, MAX_UPLOAD_BYTES } from '../model/document';
import { describeFileProblem, type FileProblem, type SniffedFormat } from '../model/file-problem';
import { decodeText } from './decode';
import { SCAN_LIMITS } from './limits';
import { zipEntryNames } from './zip';

const BINARY_MAGIC: ReadonlyArray<readonly [string, SniffedFormat]> = [
  ['\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'ole'],
  // PNG, JPEG, GIF, TIFF (both byte orders), WebP, BMP: what scanners and phone cameras produce.
  ['\x89PNG', 'image'],
  ['\xff\xd8\xff', 'image'],
  ['GIF8', 'image'],
  ['II*\x00', 'image'],
  ['MM\x00*', 'image'],
  ['{\\rtf', 'rtf'],
  ['MZ', 'binary'],
  ['\x7fELF', 'binary'],
  ['\x1f\x8b', 'binary'],
  ["7z\xbc\xaf'\x1c", 'binary'],
  ['Rar!\x1a\x07', 'binary'],
];

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  const head = latin1(bytes.subarray(0, 1024));
  // PDF readers accept the header anywhere in the first 1024 bytes.
  if (head.includes('%PDF-')) return 'pdf';
  if (head.startsWith('PK\x03\x04')) return zipPackage(bytes);
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'image';
  if (isBmp(head)) return 'image';
  for (const [magic, format] of BINARY_MAGIC) if (head.startsWith(magic)) return format;
  return 'text';
}

/** "BM", then a DIB header of one of the sizes Windows writes (12, 40, 52, 56, 108 or 124 bytes). */
function isBmp(head: string): boolean {
  if (!head.startsWith('BM') || head.length < 18) return false;
  const dib =
    head.charCodeAt(14) | (head.charCodeAt(15) << 8) | (head.charCodeAt(16) << 16) | (head.charCodeAt(17) << 24);
  return [12, 40, 52, 56, 108, 124].includes(dib);
}

/**
 * Which package a ZIP is, by the entries its central directory names: word/document.xml (DOCX),
 * xl/workbook.xml (XLSX), OFD.xml at the root (OFD). A ZIP whose directory cannot be read
 * (truncated) is named by what its bytes contain, so that its reader says why it is corrupt.
 */
function zipPackage(bytes: Uint8Array): SniffedFormat {
  const names = zipEntryNames(bytes, SCAN_LIMITS.zipEntries);
  const has = names ? (name: string) => names.includes(name) : (name: string) => includes(bytes, name);
  if (has('word/document.xml')) return 'docx';
  if (has('xl/workbook.xml')) return 'xlsx';
  if (names ? names.some((name) => name === 'OFD.xml' || name === '/OFD.xml') : includes(bytes, 'OFD.xml')) {
    return 'ofd';
  }
  return 'zip';
}

function includes(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text);
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

const EXPECTED_FORMAT: Record<AcceptedContentType, SniffedFormat> = {
  'text/plain': 'text',
  'text/html': 'text',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/ofd': 'ofd',
  'application/msword': 'ole',
  'image/png': 'image',
  'image/jpeg': 'image',
};

/** An image registered as PNG or JPEG must be that one (a GIF or a BMP named .png is not). */
const IMAGE_MAGIC: Partial<Record<AcceptedContentType, string>> = {
  'image/png': '\x89PNG\r\n\x1a\n',
  'image/jpeg': '\xff\xd8\xff',
};

/** The bytes of an upload said too large by its size alone (before they are read). */
export const tooLarge = (bytes: number): FileProblem | undefined =>
  bytes > MAX_UPLOAD_BYTES ? { code: 'too-large', bytes, limit: MAX_UPLOAD_BYTES } : undefined;

/**
 * Why an upload cannot be admitted as registered, or undefined: empty, too large, stored under
 * another type, or bytes that are not what the registration says (a BMP sent as text/plain).
 */
export function checkUpload(
  bytes: Uint8Array,
  storedType: string | undefined,
  registered: AcceptedContentType,
): FileProblem | undefined {
  if (bytes.byteLength === 0) return { code: 'empty' };
  const large = tooLarge(bytes.byteLength);
  if (large) return large;
  const stored = storedType?.split(';')[0]?.trim();
  if (stored && stored !== registered) return { code: 'stored-as', stored, registered };
  const found = sniffFormat(bytes);
  if (found !== EXPECTED_FORMAT[registered]) return { code: 'not-as-registered', registered, found };
  const magic = IMAGE_MAGIC[registered];
  if (magic && !latin1(bytes.subarray(0, 8)).startsWith(magic)) return { code: 'other-image-format', registered };
  if (found === 'text' && decodeText(bytes) === null) return { code: 'unreadable-text', registered };
  return undefined;
}

/** checkUpload's problem as an English sentence (an API error's detail). */
export function uploadProblem(
  bytes: Uint8Array,
  storedType: string | undefined,
  registered: AcceptedContentType,
): string | undefined {
  const problem = checkUpload(bytes, storedType, registered);
  return problem && describeFileProblem(problem);
}
