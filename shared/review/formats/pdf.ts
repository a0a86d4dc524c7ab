/**
 * PDF: the text layer of every page ("page N"), the notes and form-field values on a page ("page
 * N, annotation") and the document information (title, author, subject, keywords: "document
 * properties"). A page drawn only as images is a scan: read by OCR when the extraction has it,
 * otherwise unread with that reason. A PDF with no page text at all is unreadable, as before.
 */
import type { getDocumentProxy } from 'unpdf';
import { looksLikeText } from '../decode';
import {
  type Extraction,
  type ExtractOptions,
  type Ocr,
  type TextPart,
  type UnreadPart,
  unreadScanReason,
} from '../extraction';
import { count, SCAN_LIMITS, ScanLimitError } from '../limits';
import { foldCjkLookAlikes } from '../normalize';
import { failure, finish, TextBudget } from './common';
import { pdfPageImages } from './pdf-images';

const loadPdf = () => import('unpdf');

type PDFDocumentProxy = Awaited<ReturnType<typeof getDocumentProxy>>;
type PDFPageProxy = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;

const UNDECODABLE = 'PDF text cannot be decoded (font without Unicode map or CJK CMap data)';
const NO_TEXT = 'PDF has no text layer (scanned?)';

interface Pages {
  readonly content: TextPart[];
  readonly extra: TextPart[];
  readonly unread: UnreadPart[];
  undecodable: boolean;
  scanned: boolean;
}

export async function fromPdf(bytes: Uint8Array, options: ExtractOptions): Promise<Extraction> {
  let pages: Pages;
  try {
    // A copy: PDF.js may take over (detach) the buffer it is given, and the caller keeps theirs.
    // A plain Uint8Array: PDF.js refuses a Node Buffer (what readFileSync gives), and so would
    // Buffer's own slice().
    const { getDocumentProxy } = await loadPdf();
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      if (pdf.numPages > SCAN_LIMITS.pdfPages) {
        throw new ScanLimitError(
          `PDF has ${count(pdf.numPages)} pages, more than ${count(SCAN_LIMITS.pdfPages)}: ` +
            'too long to scan automatically',
        );
      }
      pages = await readPages(pdf, options);
      if (pages.content.length > 0) pages.extra.push(...(await properties(pdf)));
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      return { ok: false, reason: 'PDF is password-protected' };
    }
    return failure(error, 'PDF is corrupt or unreadable');
  }
  // Whether the PDF can be read at all is its pages' text: notes and properties do not make a
  // scanned PDF readable.
  if (pages.content.length === 0 && !pages.scanned) {
    return { ok: false, reason: pages.undecodable ? UNDECODABLE : unreadScanReason(NO_TEXT, options) };
  }
  return finish([...pages.content, ...pages.extra], 'pdf', {
    empty: NO_TEXT,
    scanned: pages.scanned,
    unread: pages.unread,
  });
}

async function readPages(pdf: PDFDocumentProxy, options: ExtractOptions): Promise<Pages> {
  const { ocr } = options;
  const pages: Pages = { content: [], extra: [], unread: [], undecodable: false, scanned: false };
  const budget = new TextBudget('pdf');
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const text = await pageText(page);
    budget.add(text.length + 2);
    const location = `page ${n}`;
    if (text.trim() !== '') {
      if (looksLikeText(text)) pages.content.push({ location, text, page: n });
      else {
        pages.undecodable = true;
        pages.unread.push({ location, page: n, reason: `${location}: ${UNDECODABLE}` });
      }
    } else {
      const drawn = await drawing(page);
      if (drawn === 'text') {
        pages.undecodable = true;
        pages.unread.push({ location, page: n, reason: `${location}: ${UNDECODABLE}` });
      } else if (drawn === 'images') {
        const recognised = ocr ? await recognise(page, n, ocr) : undefined;
        if (recognised) {
          pages.scanned = true;
          pages.content.push(...recognised);
          for (const part of recognised) budget.add(part.text.length + 2);
        } else {
          const reason = unreadScanReason(`${location} is an image without a text layer (scanned?)`, options);
          pages.unread.push({ location, page: n, reason });
        }
      } else if (drawn === 'paths') {
        // Text turned into outlines reads as nothing; OCR needs a picture, and vectors are not drawn.
        const reason = `${location} draws only vector shapes, no text (text turned into outlines?)`;
        pages.unread.push({ location, page: n, reason });
      }
    }
    pages.extra.push(...(await annotations(page, n)));
  }
  return pages;
}

/**
 * The text of a page as unpdf's `extractText` gives it, white space tidied, Kangxi radicals read as
 * the characters they stand for (Chromium's and Word's PDFs map 身 to ⾝ U+2F9D: the reviewer reads
 * 身份证号, and so do the detectors).
 */
async function pageText(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
  return foldCjkLookAlikes(text)
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n+$/, '');
}

/**
 * What a page without extractable text draws: text (fonts that cannot be mapped to Unicode, e.g.
 * non-embedded 宋体 with a predefined CJK CMap), images (a scan), only vector shapes (text turned
 * into outlines, or a drawing: a person looks), or nothing (a blank page).
 */
async function drawing(page: PDFPageProxy): Promise<'text' | 'images' | 'paths' | 'nothing'> {
  const { OPS } = await (await loadPdf()).getResolvedPDFJS();
  const showText = new Set<number>([
    OPS.showText,
    OPS.showSpacedText,
    OPS.nextLineShowText,
    OPS.nextLineSetSpacingShowText,
  ]);
  const paintImage = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintInlineImageXObjectGroup,
    OPS.paintImageXObjectRepeat,
    OPS.paintImageMaskXObject,
    OPS.paintImageMaskXObjectGroup,
    OPS.paintImageMaskXObjectRepeat,
  ]);
  const ops = await page.getOperatorList();
  if (ops.fnArray.some((fn) => showText.has(fn))) return 'text';
  if (ops.fnArray.some((fn) => paintImage.has(fn))) return 'images';
  return ops.fnArray.includes(OPS.constructPath) ? 'paths' : 'nothing';
}

/** OCR of an image-only page, or undefined when there is no image to give it. */
async function recognise(page: PDFPageProxy, n: number, ocr: Ocr): Promise<TextPart[] | undefined> {
  const images = await pdfPageImages(page, n);
  if (images.length === 0) return undefined;
  const parts: TextPart[] = [];
  for (const image of images) {
    for (const part of await ocr(image, n)) parts.push({ ...part, page: part.page ?? n });
  }
  return parts;
}

/** Sticky notes, free text and form-field values: on the page, in the file, often overlooked. */
async function annotations(page: PDFPageProxy, n: number): Promise<TextPart[]> {
  const found: string[] = [];
  for (const annotation of await page.getAnnotations()) {
    // PDF.js gives a note's text as contentsObj.str (older versions: contents).
    const values = [
      annotation.contentsObj?.str,
      annotation.contents,
      annotation.fieldValue,
      annotation.alternativeText,
    ];
    for (const value of new Set(values)) {
      if (typeof value === 'string' && value.trim()) found.push(value);
      else if (Array.isArray(value)) found.push(...value.filter((v): v is string => typeof v === 'string'));
    }
  }
  return found.length > 0 ? [{ location: `page ${n}, annotation`, text: found.join('\n'), page: n }] : [];
}

const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords'];

async function properties(pdf: PDFDocumentProxy): Promise<TextPart[]> {
  const { info } = (await pdf.getMetadata().catch(() => ({ info: {} }))) as { info: Record<string, unknown> };
  const lines: string[] = [];
  for (const key of INFO_KEYS) {
    const value = info[key];
    if (typeof value === 'string' && value.trim()) lines.push(`${key}: ${value}`);
  }
  const custom = info.Custom;
  if (custom && typeof custom === 'object') {
    for (const [key, value] of Object.entries(custom)) {
      if (typeof value === 'string' && value.trim()) lines.push(`${key}: ${value}`);
    }
  }
  return lines.length > 0 ? [{ location: 'document properties', text: lines.join('\n') }] : [];
}
