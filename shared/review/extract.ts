/**
 * Text extraction for the confidentiality review (FIVE-4 / EXPAND-4): what a file is, from its
 * bytes (./sniff.ts), then the reader of that format (./formats/), which gives the text of every
 * part of the file with where it was (./extraction.ts). Anything that cannot be read comes back
 * as `{ ok: false, reason }` and goes to the human pre-review group (REVIEW-2): a file the scanner
 * cannot read is never treated as clean, and neither is a file past one of the limits
 * (./limits.ts: what a ZIP expands to, XML markup, PDF pages, characters of text), which are
 * checked before the big structures are built. Bad input never throws.
 */
import { decodeText } from './decode';
import { type ExtractHint, type Extraction, type ExtractOptions, unreadScanReason } from './extraction';
import { failure } from './formats/common';
import { fromDoc } from './formats/doc';
import { fromDocx } from './formats/docx';
import { fromHtml } from './formats/html';
import { fromImage } from './formats/image';
import { fromOfd } from './formats/ofd';
import { fromPdf } from './formats/pdf';
import { fromText } from './formats/text';
import { fromXlsx } from './formats/xlsx';
import { sniffFormat } from './sniff';

export type {
  Box,
  ExtractedFormat,
  ExtractHint,
  Extraction,
  ExtractOptions,
  Ocr,
  PartSpan,
  TextPart,
  UnreadPart,
} from './extraction';

type Claimed = 'pdf' | 'docx' | 'xlsx' | 'ofd' | 'doc' | 'html';

export async function extractText(
  bytes: Uint8Array,
  hint: ExtractHint,
  options: ExtractOptions = {},
): Promise<Extraction> {
  try {
    return await extract(bytes, hint, options);
  } catch (error) {
    // Libraries can fail in ways not foreseen by the readers; the file still goes to a human.
    return failure(error, 'could not extract text');
  }
}

async function extract(bytes: Uint8Array, hint: ExtractHint, options: ExtractOptions): Promise<Extraction> {
  if (bytes.length === 0) return { ok: false, reason: 'file is empty' };

  switch (sniffFormat(bytes)) {
    case 'pdf':
      return fromPdf(bytes, options);
    case 'docx':
      return fromDocx(bytes);
    case 'xlsx':
      return fromXlsx(bytes);
    case 'ofd':
      return fromOfd(bytes, options);
    case 'zip':
      return {
        ok: false,
        reason: 'ZIP archive that is not a DOCX, XLSX or OFD package (corrupt, or .pptx/.odt/.zip)',
      };
    case 'ole':
      return fromDoc(bytes);
    case 'image':
      return options.ocr
        ? fromImage(bytes, options.ocr)
        : { ok: false, reason: unreadScanReason('image file has no text layer (scanned?)', options) };
    case 'rtf':
      return { ok: false, reason: 'RTF is not supported; save as .docx or PDF' };
    case 'binary':
      return { ok: false, reason: 'an executable or compressed archive, not a document' };
    case 'text':
      break;
  }

  const claimed = claimedType(hint);
  if (claimed === 'pdf') {
    return { ok: false, reason: 'file is named/typed as PDF but has no %PDF header (corrupt?)' };
  }
  if (claimed === 'docx' || claimed === 'xlsx' || claimed === 'ofd') {
    return {
      ok: false,
      reason: `file is named/typed as ${claimed.toUpperCase()} but is not a ZIP package (corrupt?)`,
    };
  }
  if (claimed === 'doc') {
    return { ok: false, reason: 'file is named/typed as DOC but is not a Word 97–2003 file (corrupt?)' };
  }

  const decoded = decodeText(bytes);
  if (decoded === null) return { ok: false, reason: 'binary or unknown file type: not readable as text' };
  if (claimed === 'html' || (claimed === null && looksLikeHtml(decoded))) return fromHtml(decoded);
  return fromText(decoded);
}

const CLAIMS: ReadonlyArray<readonly [Claimed, readonly string[], readonly string[]]> = [
  ['pdf', ['application/pdf'], ['pdf']],
  ['docx', ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'], ['docx']],
  ['xlsx', ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['xlsx']],
  ['ofd', ['application/ofd'], ['ofd']],
  ['doc', ['application/msword'], ['doc']],
  ['html', ['text/html', 'application/xhtml+xml'], ['html', 'htm', 'xhtml']],
];

function claimedType(hint: ExtractHint): Claimed | null {
  const type = hint.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(hint.filename ?? '')?.[1]?.toLowerCase() ?? '';
  return CLAIMS.find(([, types, exts]) => types.includes(type) || exts.includes(ext))?.[0] ?? null;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 1024));
}
