import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { extractText } from '../../../shared/review/extract';
import {
  joinParts,
  type Ocr,
  PART_SEPARATOR,
  partStarts,
  placeRange,
  type TextPart,
} from '../../../shared/review/extraction';

const ID = '370405198503142355';
const MOBILE = '13812345678';
const utf8 = (text: string) => new TextEncoder().encode(text);
// A 1×1 grey PNG.
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

describe('issue 9 the extraction model: parts with locations, one joined text', () => {
  const parts: TextPart[] = [
    { location: 'body', text: `电话${MOBILE}` },
    { location: 'sheet S, row 1', text: `1\t${ID}`, spans: [{ start: 2, end: 20, location: 'sheet S, cell B1' }] },
    {
      location: 'tracked deletion',
      text: `身份证${ID}`,
      spans: [{ start: 3, end: 9, location: 'tracked deletion' }],
      spansOnly: true,
    },
  ];
  const text = joinParts(parts);
  const starts = partStarts(parts);

  it('joins with a separator that ends any number', () => {
    expect(PART_SEPARATOR).toBe('\n\n');
    expect(text.split(PART_SEPARATOR)).toEqual(parts.map((p) => p.text));
    expect(starts.map((s, i) => text.slice(s, s + (parts[i]?.text.length ?? 0)))).toEqual(parts.map((p) => p.text));
  });

  it('places a range in its part, at the span it touches', () => {
    const at = (needle: string, from = 0) => text.indexOf(needle, from);
    expect(placeRange(parts, starts, at(MOBILE), at(MOBILE) + 11)).toMatchObject({ location: 'body', own: true });
    const id = at(ID);
    expect(placeRange(parts, starts, id, id + 18)).toMatchObject({ location: 'sheet S, cell B1', own: true });
    const again = at(ID, id + 1);
    expect(placeRange(parts, starts, again, again + 18)).toMatchObject({ location: 'tracked deletion', own: true });
    // Text a spansOnly part only repeats is not its own.
    const word = at('身份证');
    expect(placeRange(parts, starts, word, word + 2)).toMatchObject({ own: false });
  });
});

describe('issue 9 HTML: what a browser does not show is read too', () => {
  it('comments, meta content, the title and alt text', async () => {
    const html =
      `<html><head><title>公示</title><meta name="author" content="张三 ${MOBILE}"></head><body>` +
      `<p>正文</p><!-- 原始名单：${ID} --><img src="a.png" alt="身份证 ${ID}"></body></html>`;
    const result = await scanDocument(utf8(html), { filename: 'a.html' });
    expect(result.findings.map((f) => [f.kind, f.location])).toEqual([
      ['mobile', 'document properties'],
      ['id-number', 'HTML comment'],
      ['id-number', 'attribute'],
    ]);
  });
});

async function pdf(pages: Array<'text' | 'image' | 'blank'>, more?: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const image = await doc.embedPng(PNG);
  pages.forEach((kind, i) => {
    const page = doc.addPage([595, 842]);
    if (kind === 'text') page.drawText(`Page ${i + 1} ID ${ID}`, { x: 50, y: 760, size: 12, font });
    if (kind === 'image') page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  });
  more?.(doc);
  return doc.save();
}

describe('issue 9 PDF: each page, its notes, the document information', () => {
  it('findings name their page', async () => {
    const result = await scanDocument(await pdf(['blank', 'text']), { filename: 'a.pdf' });
    expect(result.findings.map((f) => [f.kind, f.location, f.page])).toEqual([['id-number', 'page 2', 2]]);
  });

  it('an image-only page among pages with text is unread, and goes to a person', async () => {
    const result = await scanDocument(await pdf(['text', 'image', 'blank']), { filename: 'a.pdf' }, {});
    expect(result.decision).toBe('needs-review');
    expect(result.findings.map((f) => [f.kind, f.location, f.text])).toEqual([
      ['id-number', 'page 1', ID],
      ['unreadable', 'page 2', 'page 2 is an image without a text layer (scanned?)'],
    ]);
  });

  it('a page of vector shapes only (text turned into outlines) among pages with text is unread too', async () => {
    const bytes = await pdf(['text', 'blank'], (doc) => {
      // Glyph outlines, as a PDF printer writes text it was told to "convert to curves".
      doc.getPage(1).drawSvgPath('M 0 0 L 10 0 L 10 12 L 0 12 Z M 14 0 L 20 12 L 26 0 Z', { x: 50, y: 700 });
    });
    const result = await scanDocument(bytes, { filename: 'a.pdf' }, {});
    expect(result.decision).toBe('needs-review');
    expect(result.findings.map((f) => [f.kind, f.location, f.text])).toEqual([
      ['id-number', 'page 1', ID],
      ['unreadable', 'page 2', 'page 2 draws only vector shapes, no text (text turned into outlines?)'],
    ]);
  });

  it('a PDF of image-only pages is unreadable without OCR; with it, each page image goes to OCR', async () => {
    const bytes = await pdf(['image']);
    expect(await extractText(bytes, { filename: 'scan.pdf' })).toEqual({
      ok: false,
      reason: 'PDF has no text layer (scanned?)',
    });
    const pages: Array<number | undefined> = [];
    const ocr: Ocr = async (_image, page) => {
      pages.push(page);
      return [{ location: `page ${page}`, text: ID }];
    };
    expect(await extractText(bytes, { filename: 'scan.pdf' }, { ocr })).toEqual({
      ok: true,
      format: 'pdf',
      parts: [{ location: 'page 1', page: 1, text: ID }],
      text: ID,
      scanned: true,
    });
    expect(pages).toEqual([1]);
  });

  it('a sticky note and the author in the document information', async () => {
    const bytes = await pdf(['text'], (doc) => {
      doc.setAuthor(`张三 ${MOBILE}`);
      const page = doc.getPage(0);
      const note = doc.context.register(
        doc.context.obj({
          Type: 'Annot',
          Subtype: 'Text',
          Rect: [50, 700, 70, 720],
          Contents: PDFString.of(`Tel ${MOBILE}`),
        }),
      );
      page.node.set(PDFName.of('Annots'), doc.context.obj([note]));
    });
    const result = await scanDocument(bytes, { filename: 'a.pdf' });
    expect(result.findings.map((f) => [f.kind, f.location])).toEqual([
      ['id-number', 'page 1'],
      ['mobile', 'page 1, annotation'],
      ['mobile', 'document properties'],
    ]);
  });
});

describe('issue 9 the OCR hook: image uploads', () => {
  it('without OCR an image is unreadable, as before', async () => {
    expect(await extractText(PNG, { filename: 'scan.png' })).toEqual({
      ok: false,
      reason: 'image file has no text layer (scanned?)',
    });
  });

  it('with OCR its text is read, page and box kept, and the document always goes to a person', async () => {
    const box = { x: 12, y: 30, width: 400, height: 28 };
    const ocr: Ocr = async (_image, page) => [
      { location: `page ${page}`, text: `身份证号 ${ID}`, box },
      { location: `page ${page}`, text: '情况说明', box: { ...box, y: 70 } },
    ];
    const found = await scanDocument(PNG, { filename: 'scan.png' }, { ocr });
    expect(found).toMatchObject({ decision: 'needs-review', scanned: true, format: 'image' });
    expect(found.findings).toEqual([
      { kind: 'id-number', text: ID, start: 5, end: 23, rule: 'FIVE-4', location: 'page 1', page: 1, box },
    ]);
    const nothing = await scanDocument(PNG, { filename: 'scan.png' }, { ocr: async () => [] });
    expect(nothing).toMatchObject({ decision: 'needs-review', scanned: true, findings: [] });
  });

  it('an OCR engine that fails leaves the image unreadable with its reason', async () => {
    const result = await extractText(
      PNG,
      { filename: 'scan.png' },
      { ocr: async () => Promise.reject(new Error('no chi_sim')) },
    );
    expect(result).toEqual({ ok: false, reason: 'OCR could not read the image: no chi_sim' });
  });
});
