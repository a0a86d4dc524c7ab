import { Document, Packer, Paragraph, TextRun } from 'docx';
import iconv from 'iconv-lite';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../shared/review/extract';

const NOTICE = '秘密★1年\n关于张某（身份证号370405198503142355）申请事项的答复';
const BODY = [{ location: 'body', text: NOTICE }];
const utf8 = (text: string) => new TextEncoder().encode(text);

async function docxWith(lines: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: lines.map((line) => new Paragraph({ children: [new TextRun(line)] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function pdfWith(draw: (page: ReturnType<PDFDocument['addPage']>, doc: PDFDocument) => Promise<void>) {
  const doc = await PDFDocument.create();
  await draw(doc.addPage([595, 842]), doc);
  return doc.save();
}

/** Deterministic bytes covering the whole 0–255 range, like a compressed or encrypted blob. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 20171229;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/**
 * A hand-written PDF in the style of Chinese office exporters: text in 宋体 (STSong-Light) via the
 * predefined CMap UniGB-UCS2-H, font not embedded. pdf-lib cannot write this.
 */
function cjkPdfWithPredefinedCMap(text: string): Uint8Array {
  const ucs2 = [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
  const content = `BT /F1 12 Tf 50 700 Td <${ucs2}> Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light ' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 0 1000 1000] /ItalicAngle 0 ' +
      '/Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return utf8(pdf);
}

describe('FIVE-4 extractText: plain text', () => {
  it('reads UTF-8', async () => {
    expect(await extractText(utf8(NOTICE), { filename: 'a.txt' })).toEqual({
      ok: true,
      text: NOTICE,
      format: 'text',
      parts: [{ location: 'body', text: NOTICE }],
    });
  });

  it('strips a UTF-8 BOM', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(NOTICE)]);
    expect(await extractText(bytes, {})).toEqual({ ok: true, text: NOTICE, format: 'text', parts: BODY });
  });

  it.each(['gb18030', 'gbk'])('reads %s bytes without being told the encoding', async (encoding) => {
    const bytes = new Uint8Array(iconv.encode(NOTICE, encoding));
    expect(await extractText(bytes, { contentType: 'text/plain' })).toEqual({
      ok: true,
      text: NOTICE,
      format: 'text',
      parts: BODY,
    });
  });

  it('reads UTF-16 with a BOM (Notepad "Unicode")', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(NOTICE, 'utf-16le')]);
    expect(await extractText(bytes, {})).toEqual({ ok: true, text: NOTICE, format: 'text', parts: BODY });
  });

  it('fails when the bytes are binary junk', async () => {
    expect(await extractText(noise(4096), { filename: 'blob.bin' })).toEqual({
      ok: false,
      reason: 'binary or unknown file type: not readable as text',
    });
  });

  it('fails on an empty file', async () => {
    expect(await extractText(new Uint8Array(), {})).toEqual({ ok: false, reason: 'file is empty' });
  });
});

describe('FIVE-4 extractText: HTML', () => {
  it('returns the visible text, headings in their own case', async () => {
    const html =
      '<!DOCTYPE html><html><head><style>p{color:red}</style></head><body>' +
      '<h1>Notice 通知</h1><p>联系电话：<b>138 1234 5678</b></p><script>var a = 1;</script></body></html>';
    const result = await extractText(utf8(html), {});
    const text = 'Notice 通知\n\n联系电话：138 1234 5678';
    expect(result).toEqual({ ok: true, text, format: 'html', parts: [{ location: 'body', text }] });
  });

  it('keeps table cells apart so neighbouring numbers do not merge', async () => {
    const html = '<table><tr><td>1</td><td>370405198503142355</td><td>13812345678</td></tr></table>';
    const result = await extractText(utf8(html), { filename: 'list.html' });
    expect(result.ok && result.text.split(/\s{3,}/)).toEqual(['1', '370405198503142355', '13812345678']);
  });

  it('reads GBK-encoded HTML', async () => {
    const bytes = new Uint8Array(iconv.encode('<html><body><p>机密★5年</p></body></html>', 'gbk'));
    expect(await extractText(bytes, { contentType: 'text/html; charset=gbk' })).toEqual({
      ok: true,
      text: '机密★5年',
      format: 'html',
      parts: [{ location: 'body', text: '机密★5年' }],
    });
  });

  it('fails when the page has no visible text', async () => {
    const result = await extractText(utf8('<html><body><img src="scan.png"></body></html>'), {});
    expect(result).toEqual({ ok: false, reason: 'HTML has no visible text' });
  });
});

describe('FIVE-4 extractText: DOCX', () => {
  it('reads the paragraphs of a Word document', async () => {
    const bytes = await docxWith(['机密★5年', '联系人：张某 13812345678']);
    const result = await extractText(bytes, { filename: 'notice.docx' });
    expect(result.ok).toBe(true);
    expect(result.ok && result.format).toBe('docx');
    const body = result.ok ? result.parts.find((part) => part.location === 'body') : undefined;
    expect(body?.text.split('\n').filter(Boolean)).toEqual(['机密★5年', '联系人：张某 13812345678']);
    expect(result.ok && result.text.startsWith(body?.text ?? '-')).toBe(true);
  });

  it('detects DOCX by content whatever the name says', async () => {
    const result = await extractText(await docxWith(['正文']), { filename: 'upload.bin' });
    expect(result.ok && result.format).toBe('docx');
  });

  it('fails on a corrupt DOCX (ZIP header and junk)', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...noise(512)]);
    expect(await extractText(bytes, { filename: 'broken.docx' })).toEqual({
      ok: false,
      reason: 'ZIP archive that is not a DOCX, XLSX or OFD package (corrupt, or .pptx/.odt/.zip)',
    });
  });

  it('fails on a truncated DOCX', async () => {
    const whole = await docxWith(['联系人：张某 13812345678']);
    const result = await extractText(whole.subarray(0, Math.floor(whole.length / 2)), {
      filename: 'cut.docx',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^DOCX is corrupt or unreadable: /);
  });

  it('fails on a file named .docx that is not a ZIP', async () => {
    expect(await extractText(utf8('not really word'), { filename: 'fake.docx' })).toEqual({
      ok: false,
      reason: 'file is named/typed as DOCX but is not a ZIP package (corrupt?)',
    });
  });

  it('fails on a corrupt legacy .doc with a clear reason', async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...noise(512)]);
    const result = await extractText(bytes, { filename: 'old.doc' });
    expect(!result.ok && result.reason).toMatch(/^Office 97–2003 file is corrupt or unreadable: /);
  });
});

describe('FIVE-4 extractText: PDF', () => {
  // pdf-lib's standard fonts cannot encode Chinese, hence ASCII content.
  it('reads a PDF text layer', async () => {
    const bytes = await pdfWith(async (page, doc) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      page.drawText('ID 370405198503142355', { x: 50, y: 760, size: 12, font });
      page.drawText('Tel 138 1234 5678', { x: 50, y: 740, size: 12, font });
    });
    const text = 'ID 370405198503142355\nTel 138 1234 5678';
    expect(await extractText(bytes, { contentType: 'application/pdf' })).toEqual({
      ok: true,
      text,
      format: 'pdf',
      parts: [{ location: 'page 1', page: 1, text }],
    });
  });

  it('leaves the caller’s bytes usable', async () => {
    const bytes = await pdfWith(async (page, doc) => {
      page.drawText('Hello', { x: 50, y: 760, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
    });
    await extractText(bytes, {});
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect((await extractText(bytes, {})).ok).toBe(true);
  });

  it('fails on a PDF without a text layer (scanned)', async () => {
    const bytes = await pdfWith(async (page) => {
      page.drawRectangle({ x: 50, y: 50, width: 495, height: 742, color: rgb(0.8, 0.8, 0.8) });
    });
    expect(await extractText(bytes, { filename: 'scan.pdf' })).toEqual({
      ok: false,
      reason: 'PDF has no text layer (scanned?)',
    });
  });

  // Without PDF.js CMap data (shipped by pdfjs-dist, not by unpdf) this text cannot be decoded.
  // Either outcome is acceptable; what must not happen is "scanned?" or garbage taken as text.
  it('reads a CJK PDF with a predefined CMap, or says its text cannot be decoded', async () => {
    const result = await extractText(cjkPdfWithPredefinedCMap('机密★5年 13812345678'), {});
    if (result.ok) expect(result.text).toContain('机密★5年');
    else expect(result.reason).toBe('PDF text cannot be decoded (font without Unicode map or CJK CMap data)');
  });

  it('fails on a corrupt PDF', async () => {
    const bytes = new Uint8Array([...utf8('%PDF-1.7\n'), ...noise(256)]);
    const result = await extractText(bytes, { filename: 'broken.pdf' });
    expect(!result.ok && result.reason).toMatch(/^PDF is corrupt or unreadable: /);
  });

  it('fails on a file named .pdf without a PDF header', async () => {
    expect(await extractText(utf8('hello'), { filename: 'x.pdf' })).toEqual({
      ok: false,
      reason: 'file is named/typed as PDF but has no %PDF header (corrupt?)',
    });
  });
});

describe('FIVE-4 extractText: other binaries', () => {
  it('fails on an image with a clear reason', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...noise(64)]);
    expect(await extractText(png, { filename: 'scan.png' })).toEqual({
      ok: false,
      reason: 'image file has no text layer (scanned?)',
    });
  });
});
