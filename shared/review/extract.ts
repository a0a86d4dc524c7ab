/**
 * Text extraction for the confidentiality review (FIVE-4 / EXPAND-4). Anything that cannot be read
 * comes back as `{ ok: false, reason }` and goes to the human pre-review group (REVIEW-2): a file
 * the scanner cannot read is never treated as clean, and neither is a file past one of the limits
 * (./limits.ts: what a ZIP expands to, XML markup, PDF pages, characters of text), which are
 * checked before the big structures are built. Bad input never throws.
 */
import type { getDocumentProxy } from 'unpdf';
import { decodeText, looksLikeText } from './decode';
import { count, SCAN_LIMITS, ScanLimitError } from './limits';
import { sniffFormat } from './sniff';
import { ZipArchive } from './zip';

// The extractors load when a file of their format comes: a command or bundle that never reads a
// PDF does not pay for PDF.js.
const loadHtmlToText = () => import('html-to-text');
const loadMammoth = () => import('mammoth');
const loadPdf = () => import('unpdf');

export type ExtractedFormat = 'text' | 'html' | 'docx' | 'pdf';

export type Extraction = { ok: true; text: string; format: ExtractedFormat } | { ok: false; reason: string };

export interface ExtractHint {
  readonly filename?: string;
  readonly contentType?: string;
}

type PDFDocumentProxy = Awaited<ReturnType<typeof getDocumentProxy>>;

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function extractText(bytes: Uint8Array, hint: ExtractHint): Promise<Extraction> {
  try {
    return await extract(bytes, hint);
  } catch (error) {
    if (error instanceof ScanLimitError) return { ok: false, reason: error.message };
    // Libraries can fail in ways not foreseen below; the file still goes to a human.
    return { ok: false, reason: `could not extract text: ${message(error)}` };
  }
}

async function extract(bytes: Uint8Array, hint: ExtractHint): Promise<Extraction> {
  if (bytes.length === 0) return { ok: false, reason: 'file is empty' };

  const sniffed = sniffFormat(bytes);
  if (sniffed === 'pdf') return fromPdf(bytes);
  if (sniffed === 'docx') return fromDocx(bytes);
  if (sniffed === 'zip') {
    return {
      ok: false,
      reason: 'ZIP archive without word/document.xml: not a .docx (corrupt, or xlsx/odt/zip)',
    };
  }
  if (sniffed === 'ole') {
    return {
      ok: false,
      reason: 'legacy Office 97–2003 file (.doc/.xls) is not supported; save as .docx or PDF',
    };
  }
  if (sniffed === 'image') return { ok: false, reason: 'image file has no text layer (scanned?)' };
  if (sniffed === 'rtf') return { ok: false, reason: 'RTF is not supported; save as .docx or PDF' };
  if (sniffed === 'binary') return { ok: false, reason: 'an executable or compressed archive, not a document' };

  const claimed = claimedType(hint);
  if (claimed === 'pdf') {
    return { ok: false, reason: 'file is named/typed as PDF but has no %PDF header (corrupt?)' };
  }
  if (claimed === 'docx') {
    return { ok: false, reason: 'file is named/typed as DOCX but is not a ZIP package (corrupt?)' };
  }

  const decoded = decodeText(bytes);
  if (decoded === null) return { ok: false, reason: 'binary or unknown file type: not readable as text' };
  if (claimed === 'html' || (claimed === null && looksLikeHtml(decoded))) {
    return checked(await fromHtml(decoded), 'html', 'HTML has no visible text');
  }
  return checked(decoded, 'text', 'text file has no visible text');
}

function claimedType(hint: ExtractHint): 'pdf' | 'docx' | 'html' | null {
  const type = hint.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(hint.filename ?? '')?.[1]?.toLowerCase() ?? '';
  if (type === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (type === DOCX_MIME || ext === 'docx') return 'docx';
  if (type === 'text/html' || type === 'application/xhtml+xml' || ['html', 'htm', 'xhtml'].includes(ext)) {
    return 'html';
  }
  return null;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 1024));
}

async function fromHtml(html: string): Promise<string> {
  const { convert: htmlToText } = await loadHtmlToText();
  const keepCase = { options: { uppercase: false } };
  return htmlToText(html, {
    // No wrapping: a line break inserted inside "3701 0219 …" would split the number.
    wordwrap: false,
    // The default limit truncates silently, and an unscanned tail is unreviewed content.
    limits: { maxInputLength: Number.POSITIVE_INFINITY },
    selectors: [
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, ...keepCase })),
      // The default table format runs cells together ("1" + "3704…" = one 19-digit run); the data
      // layout keeps a row on one line with ≥3 spaces between cells, which ends a number.
      {
        selector: 'table',
        format: 'dataTable',
        options: { uppercaseHeaderCells: false, maxColumnWidth: Number.MAX_SAFE_INTEGER },
      },
    ],
  });
}

async function fromDocx(bytes: Uint8Array): Promise<Extraction> {
  let text: string;
  try {
    const zip = new ZipArchive(bytes, {
      entries: SCAN_LIMITS.zipEntries,
      entryBytes: SCAN_LIMITS.zipEntryBytes,
      totalBytes: SCAN_LIMITS.zipTotalBytes,
      label: 'DOCX',
    });
    const mammoth = (await loadMammoth()).default;
    // `file` is what mammoth's own unzip hands its reader; given one, mammoth reads the parts
    // through it, so every byte it parses went through the limits of the bounded reader.
    const input = { file: docxFile(zip) } as unknown as Parameters<typeof mammoth.extractRawText>[0];
    text = (await mammoth.extractRawText(input)).value;
  } catch (error) {
    if (error instanceof ScanLimitError) return { ok: false, reason: error.message };
    return { ok: false, reason: `DOCX is corrupt or unreadable: ${message(error)}` };
  }
  return checked(text, 'docx', 'DOCX has no text (images only?)');
}

/** mammoth's view of a .docx (the object its unzip makes) over the bounded reader, counting markup. */
function docxFile(zip: ZipArchive) {
  let markup = 0;
  return {
    exists: (name: string) => zip.has(name),
    read: async (name: string, encoding?: string): Promise<Uint8Array | string> => {
      const bytes = zip.read(name);
      if (encoding === 'base64') return Buffer.from(bytes).toString('base64');
      if (!encoding) return bytes;
      markup += markupIn(bytes);
      if (markup > SCAN_LIMITS.docxMarkup) {
        throw new ScanLimitError(
          `DOCX has more than ${count(SCAN_LIMITS.docxMarkup)} XML elements and attributes: ` +
            'too complex to scan automatically',
        );
      }
      return new TextDecoder(encoding).decode(bytes);
    },
    write: () => {
      throw new Error('read-only');
    },
    toArrayBuffer: () => {
      throw new Error('read-only');
    },
  };
}

/** `<` and `=`: the elements and attributes an XML parser will build objects for. */
function markupIn(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x3c || byte === 0x3d) n++;
  }
  return n;
}

async function fromPdf(bytes: Uint8Array): Promise<Extraction> {
  let text: string;
  let drawsText = false;
  try {
    // A copy: PDF.js may take over (detach) the buffer it is given, and the caller keeps theirs.
    const { getDocumentProxy } = await loadPdf();
    const pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
    try {
      if (pdf.numPages > SCAN_LIMITS.pdfPages) {
        throw new ScanLimitError(
          `PDF has ${count(pdf.numPages)} pages, more than ${count(SCAN_LIMITS.pdfPages)}: ` +
            'too long to scan automatically',
        );
      }
      text = await pdfText(pdf);
      if (text.trim() === '') drawsText = await pdfDrawsText(pdf);
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    if (error instanceof ScanLimitError) return { ok: false, reason: error.message };
    if (error instanceof Error && error.name === 'PasswordException') {
      return { ok: false, reason: 'PDF is password-protected' };
    }
    return { ok: false, reason: `PDF is corrupt or unreadable: ${message(error)}` };
  }
  if (drawsText || (text.trim() !== '' && !looksLikeText(text))) {
    return { ok: false, reason: 'PDF text cannot be decoded (font without Unicode map or CJK CMap data)' };
  }
  return checked(text, 'pdf', 'PDF has no text layer (scanned?)');
}

/**
 * The text of every page, joined as unpdf's `extractText(pdf, { mergePages: true })` joins it, but
 * one page at a time and stopping once the text passes the limit.
 */
async function pdfText(pdf: PDFDocumentProxy): Promise<string> {
  const pages: string[] = [];
  let chars = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
    chars += text.length + 1;
    if (chars > SCAN_LIMITS.textChars) throw tooMuchText('pdf');
    pages.push(text);
  }
  return pages
    .join('\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * True if a page shows text even though none came out: the fonts cannot be mapped to Unicode
 * (e.g. non-embedded 宋体 with a predefined CJK CMap). Tells that apart from a scan for the reviewer.
 */
async function pdfDrawsText(pdf: PDFDocumentProxy): Promise<boolean> {
  const { OPS } = await (await loadPdf()).getResolvedPDFJS();
  const showText = new Set<number>([
    OPS.showText,
    OPS.showSpacedText,
    OPS.nextLineShowText,
    OPS.nextLineSetSpacingShowText,
  ]);
  for (let n = 1; n <= pdf.numPages; n++) {
    const ops = await (await pdf.getPage(n)).getOperatorList();
    if (ops.fnArray.some((fn) => showText.has(fn))) return true;
  }
  return false;
}

function checked(text: string, format: ExtractedFormat, emptyReason: string): Extraction {
  if (text.length > SCAN_LIMITS.textChars) return { ok: false, reason: tooMuchText(format).message };
  return text.trim() === '' ? { ok: false, reason: emptyReason } : { ok: true, text, format };
}

const FORMAT_LABELS: Record<ExtractedFormat, string> = { text: 'text file', html: 'HTML', docx: 'DOCX', pdf: 'PDF' };

function tooMuchText(format: ExtractedFormat): ScanLimitError {
  return new ScanLimitError(
    `${FORMAT_LABELS[format]} has more than ${count(SCAN_LIMITS.textChars)} characters of text: ` +
      'too large to scan automatically',
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
