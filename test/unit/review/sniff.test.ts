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
