import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { type ScanResult, scanDocument, scanText } from '../../../shared/review';

describe('FIVE-4 scanText', () => {
  it('is clear when nothing is found', () => {
    expect(scanText('关于做好2018年元旦春节期间值班工作的通知')).toEqual({
      decision: 'clear',
      findings: [],
      extracted: true,
    });
  });

  it('needs review when anything is found', () => {
    const result = scanText('秘密★启用前');
    expect(result.decision).toBe('needs-review');
    expect(result.findings).toEqual([
      { kind: 'secret-marking', text: '秘密★启用前', start: 0, end: 6, rule: 'FIVE-4' },
    ]);
  });
});

describe('FIVE-4 scanDocument', () => {
  it('scans extracted text and reports the format', async () => {
    const bytes = new TextEncoder().encode('联系人：张某，手机13812345678');
    const expected: ScanResult = {
      decision: 'needs-review',
      findings: [{ kind: 'mobile', text: '13812345678', start: 9, end: 20, rule: 'FIVE-4', location: 'body' }],
      extracted: true,
      format: 'text',
      text: '联系人：张某，手机13812345678',
    };
    expect(await scanDocument(bytes, { filename: 'a.txt' })).toEqual(expected);
  });

  it('finds an ID number and a mobile in a PDF text layer', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('ID 370405198503142355 Tel +86 138-1234-5678', { x: 40, y: 700, size: 11, font });
    const result = await scanDocument(await doc.save(), { filename: 'reply.pdf' });
    expect(result.format).toBe('pdf');
    expect(result.findings.map((f) => [f.kind, f.text])).toEqual([
      ['id-number', '370405198503142355'],
      ['mobile', '+86 138-1234-5678'],
    ]);
  });
});

describe('REVIEW-2 scanDocument: unreadable goes to the pre-review group', () => {
  it('needs review with one unreadable finding when a PDF has no text', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawRectangle({ x: 0, y: 0, width: 200, height: 200, color: rgb(0, 0, 0) });
    expect(await scanDocument(await doc.save(), { filename: 'scan.pdf' })).toEqual({
      decision: 'needs-review',
      findings: [{ kind: 'unreadable', text: 'PDF has no text layer (scanned?)', start: 0, end: 0, rule: 'REVIEW-2' }],
      extracted: false,
      unreadableReason: 'PDF has no text layer (scanned?)',
    });
  });

  it('never throws on junk', async () => {
    const junk = new Uint8Array(1024).map((_, i) => (i * 37 + 11) % 256);
    const result = await scanDocument(junk, { contentType: 'application/octet-stream' });
    expect(result.decision).toBe('needs-review');
    expect(result.extracted).toBe(false);
  });
});
