import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { extractText } from '../../../shared/review/extract';
import { sniffFormat, uploadProblem } from '../../../shared/review/sniff';
import { zip } from '../../support/office';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const hint = { filename: '低保名单.xlsx', contentType: XLSX };
const ID = '370405198503142355';
const ID2 = '11010519491231002X';
const MOBILE = '13812345678';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function found(bytes: Uint8Array) {
  const result = await scanDocument(bytes, hint);
  expect(result.extracted, result.unreadableReason).toBe(true);
  return result.findings.map((f) => [f.kind, f.text, f.location]);
}

describe('issue 9 XLSX (written by exceljs): every sheet and cell, each finding names sheet and cell', () => {
  it('a visible sheet: the cell of each finding', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('低保名单');
      ws.addRow(['序号', '姓名', '身份证号', '联系电话']);
      ws.addRow([1, '张三', ID, MOBILE]);
    });
    expect(sniffFormat(bytes)).toBe('xlsx');
    expect(await found(bytes)).toEqual([
      ['id-number', ID, 'sheet 低保名单, cell C2'],
      ['mobile', MOBILE, 'sheet 低保名单, cell D2'],
    ]);
  });

  it('a mobile stored as a number is read as written', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('名单').addRow(['张三', 13812345678]);
    });
    expect(await found(bytes)).toEqual([['mobile', MOBILE, 'sheet 名单, cell B1']]);
  });

  it('a hidden sheet and a very hidden sheet', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('公示').addRow(['某某区2026年低保公示']);
      wb.addWorksheet('底表', { state: 'hidden' }).addRow(['张三', ID]);
      wb.addWorksheet('原始', { state: 'veryHidden' }).addRow(['李四', ID2]);
    });
    expect(await found(bytes)).toEqual([
      ['id-number', ID, 'sheet 底表, cell B1 (hidden sheet)'],
      ['id-number', ID2, 'sheet 原始, cell B1 (very hidden sheet)'],
    ]);
  });

  it('a hidden row and a hidden column', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('低保名单');
      ws.addRow(['姓名', '人数', '金额', '身份证号']);
      ws.addRow(['张三', 3, 1200, ID]);
      ws.addRow(['李四', 2, 800, MOBILE]);
      ws.getColumn(4).hidden = true;
      ws.getRow(3).hidden = true;
    });
    expect(await found(bytes)).toEqual([
      ['id-number', ID, 'sheet 低保名单, cell D2 (hidden column)'],
      ['mobile', MOBILE, 'sheet 低保名单, cell D3 (hidden row, hidden column)'],
    ]);
  });

  it('a cell comment (note)', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('低保名单');
      ws.addRow(['张三', '已核实']);
      ws.getCell('B1').note = `身份证号${ID}，电话${MOBILE}`;
    });
    expect(await found(bytes)).toEqual([
      ['id-number', ID, 'sheet 低保名单, cell B1 (comment)'],
      ['mobile', MOBILE, 'sheet 低保名单, cell B1 (comment)'],
    ]);
  });

  it('a sheet is one part, a row a line: a 家庭住址 column header names the cells under it', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('残疾人名单');
      ws.addRow(['姓名', '家庭住址']);
      ws.addRow(['朱某某', '某某村五组12号']);
      ws.addRow(['秦某某', '某某小区3号楼2单元501室']);
    });
    expect(await found(bytes)).toEqual([
      ['address', '某某村五组12号', 'sheet 残疾人名单, cell B2'],
      ['address', '某某小区3号楼2单元501室', 'sheet 残疾人名单, cell B3'],
    ]);
    const result = await extractText(bytes, hint);
    expect(result.ok && result.parts.map((part) => part.location)).toEqual(['sheet 残疾人名单', 'document properties']);
  });

  it('a row is one line of the text, cells a tab apart: neighbouring numbers do not merge', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('名单').addRow([1, ID, MOBILE]);
    });
    const result = await extractText(bytes, hint);
    expect(result.ok && result.parts[0]?.text).toBe(`1\t${ID}\t${MOBILE}`);
    const findings = (await scanDocument(bytes, hint)).findings;
    for (const f of findings) expect(result.ok && result.text.slice(f.start, f.end)).toBe(f.text);
  });

  it('is an accepted upload when registered as XLSX; a DOCX registered as XLSX is not', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('名单').addRow(['张三']);
    });
    expect(uploadProblem(bytes, XLSX, XLSX)).toBeUndefined();
    expect(uploadProblem(new TextEncoder().encode('名单'), XLSX, XLSX)).toBe(
      `registered as ${XLSX} but the file is text`,
    );
  });
});

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook in Excel's own markup: shared and inline strings, comments, threaded comments, headers. */
function handWritten(): Uint8Array {
  return zip({
    '[Content_Types].xml':
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '</Types>',
    'xl/workbook.xml':
      `${XML}<workbook xmlns="${SML}" xmlns:r="${REL}"><sheets>` +
      '<sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="备份" sheetId="2" state="veryHidden" r:id="rId2"/>' +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
      '</Relationships>',
    'xl/sharedStrings.xml':
      `${XML}<sst xmlns="${SML}" count="3" uniqueCount="3"><si><t>张三</t></si>` +
      `<si><r><t>${ID.slice(0, 6)}</t></r><r><rPr><b/></rPr><t>${ID.slice(6)}</t></r><rPh><t>ちょう</t></rPh></si>` +
      '<si><t>住址</t></si></sst>',
    'xl/worksheets/sheet1.xml':
      `${XML}<worksheet xmlns="${SML}" xmlns:r="${REL}"><cols><col min="3" max="5" width="0" hidden="1"/></cols>` +
      '<sheetData><row r="7"><c r="A7" t="s"><v>0</v></c><c r="C7" t="s"><v>1</v></c>' +
      `<c t="inlineStr"><is><t>${MOBILE}</t></is></c><c r="F7" t="b"><v>1</v></c></row></sheetData>` +
      `<headerFooter><oddFooter>&amp;L经办人电话&amp;"宋体,常规"&amp;12 ${MOBILE}&amp;R&amp;P</oddFooter></headerFooter>` +
      '</worksheet>',
    'xl/worksheets/_rels/sheet1.xml.rels':
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/comments" Target="../comments1.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/>' +
      '</Relationships>',
    'xl/comments1.xml':
      `${XML}<comments xmlns="${SML}"><authors><author>tc={1}</author></authors><commentList>` +
      `<comment ref="A7" authorId="0"><text><t>[Threaded comment] Comment: 电话 ${MOBILE}</t></text></comment>` +
      '</commentList></comments>',
    'xl/threadedComments/threadedComment1.xml':
      '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">' +
      `<threadedComment ref="A7" id="{1}"><text>电话 ${MOBILE}</text></threadedComment>` +
      `<threadedComment ref="G9" id="{2}"><text>身份证 ${ID2}</text></threadedComment></ThreadedComments>`,
    'xl/worksheets/sheet2.xml':
      `${XML}<worksheet xmlns="${SML}"><sheetData><row r="1" hidden="1"><c r="B1" t="str"><f>A1</f><v>${ID2}</v></c></row>` +
      '</sheetData></worksheet>',
  });
}

describe('issue 9 XLSX (hand-written in Excel markup)', () => {
  it('rich shared strings, inline strings, cells without r, hidden columns, formulas, headers, comments', async () => {
    expect(await found(handWritten())).toEqual([
      ['id-number', ID, 'sheet 名单, cell C7 (hidden column)'],
      ['mobile', MOBILE, 'sheet 名单, cell D7 (hidden column)'],
      ['mobile', MOBILE, 'sheet 名单, header/footer'],
      ['mobile', MOBILE, 'sheet 名单, cell A7 (comment)'],
      ['id-number', ID2, 'sheet 名单, cell G9 (comment)'],
      ['id-number', ID2, 'sheet 备份, cell B1 (very hidden sheet, hidden row)'],
    ]);
  });

  it('leaves out phonetic guides and header codes', async () => {
    const result = await extractText(handWritten(), hint);
    expect(result.ok && result.text).not.toContain('ちょう');
    expect(result.ok && result.text).not.toMatch(/&[LRP]/);
  });
});
