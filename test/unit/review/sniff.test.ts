import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sniffFormat, uploadProblem } from '../../../shared/review/sniff';
import { ofdOf } from '../../support/ofd';
import { docxOf, p, zip } from '../../support/office';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('issue 9 sniffing ZIP packages by the entries their central directory names', () => {
  it('DOCX, XLSX, OFD, and another ZIP', () => {
    expect(sniffFormat(docxOf({ body: p('通知') }))).toBe('docx');
    expect(sniffFormat(zip({ 'xl/workbook.xml': '<workbook/>' }))).toBe('xlsx');
    expect(sniffFormat(ofdOf({ documents: [{ pages: [{ draw: [{ text: '通知' }] }] }] }))).toBe('ofd');
    expect(sniffFormat(zip({ 'ppt/presentation.xml': '<p/>', 'content.xml': '<x/>' }))).toBe('zip');
  });

  it('a workbook holding an uncompressed archive that names word/document.xml is still a workbook', () => {
    const inner = zipSync({ 'word/document.xml': new Uint8Array(8) }, { level: 0 });
    const bytes = zipSync(
      { 'xl/workbook.xml': new TextEncoder().encode('<workbook/>'), 'xl/embeddings/a.docx': inner },
      { level: 0 },
    );
    expect(sniffFormat(bytes)).toBe('xlsx');
  });

  it('a package registered as another one is refused at intake', () => {
    const docx = docxOf({ body: p('通知') });
    expect(uploadProblem(docx, XLSX, XLSX)).toBe(`registered as ${XLSX} but the file is a Word (.docx) document`);
    expect(uploadProblem(zip({ 'xl/workbook.xml': '<workbook/>' }), DOCX, DOCX)).toBe(
      `registered as ${DOCX} but the file is an Excel (.xlsx) workbook`,
    );
  });
});

describe('issue 9 scans as uploads: PNG and JPEG are accepted types, each only as itself', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
  const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');

  it('a PNG as image/png and a JPEG as image/jpeg are admitted', () => {
    expect(uploadProblem(PNG, 'image/png', 'image/png')).toBeUndefined();
    expect(uploadProblem(JPEG, 'image/jpeg', 'image/jpeg')).toBeUndefined();
  });

  it('another image, or a PNG registered as JPEG, is refused with what it is', () => {
    expect(uploadProblem(JPEG, 'image/png', 'image/png')).toBe(
      'registered as image/png but the file is an image of another format (not a PNG image)',
    );
    expect(uploadProblem(GIF, 'image/jpeg', 'image/jpeg')).toBe(
      'registered as image/jpeg but the file is an image of another format (not a JPEG image)',
    );
    expect(uploadProblem(new TextEncoder().encode('扫描件'), 'image/png', 'image/png')).toBe(
      'registered as image/png but the file is text',
    );
    expect(uploadProblem(PNG, 'text/plain', 'text/plain')).toBe('registered as text/plain but the file is an image');
  });
});
