import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DocumentMetadataSchema } from '../../../shared/model/document';
import {
  cellsOf,
  checkRow,
  isoDay,
  layoutOf,
  MANIFEST_COLUMNS,
  REQUIRED_COLUMNS,
} from '../../../shared/pipeline/batch/manifest';
import { ManifestReadError, readManifest, readPasted } from '../../../shared/pipeline/batch/read';

const CONTEXT = { agency: 'edu', today: '2026-11-24' };

describe('the manifest’s columns are the registration schema’s fields', () => {
  it('has a column for every field the upload form sends but the agency (the uploader’s), the file first', () => {
    const fields = Object.keys(DocumentMetadataSchema.shape).filter((f) => f !== 'agency' && f !== 'filename');
    expect(MANIFEST_COLUMNS).toEqual(['file', ...fields]);
    // A field added to the schema (issue 12's document type) is a column without anything else.
    expect(MANIFEST_COLUMNS).toContain('documentType');
    expect(REQUIRED_COLUMNS).toEqual(['file', 'title', 'department', 'category', 'formedAt', 'disclosure', 'origin']);
  });

  it('turns a row into exactly the metadata the upload form would register', () => {
    const result = checkRow(
      {
        file: '通知.docx',
        title: ' 关于印发《学生资助管理办法》的通知 ',
        department: 'office',
        category: '02',
        documentType: '行政规范性文件',
        validUntil: '2031年12月31日',
        formedAt: '2026.11.3',
        disclosure: '主动公开',
        origin: '制作',
        consult: 'health、stats',
        importantPolicy: '是',
        documentNumber: '',
      },
      CONTEXT,
    );
    expect(result).toEqual({
      ok: true,
      file: '通知.docx',
      metadata: DocumentMetadataSchema.parse({
        agency: 'edu',
        filename: '通知.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        title: '关于印发《学生资助管理办法》的通知',
        department: 'office',
        category: '02',
        documentType: 'normative',
        validUntil: '2031-12-31',
        formedAt: '2026-11-03',
        disclosure: 'proactive',
        origin: 'made',
        consult: ['health', 'stats'],
        importantPolicy: true,
      }),
    });
  });

  it('refuses what the schema refuses, naming the column as the manifest calls it', () => {
    const result = checkRow(
      {
        file: 'a.txt',
        title: '通知\u202etxt.exe',
        department: 'office',
        category: '02',
        formedAt: '2026-11-20',
        disclosure: 'proactive',
        origin: 'made',
        importantPolicy: 'maybe',
      },
      CONTEXT,
      { title: '标题' },
    );
    expect(result).toEqual({
      ok: false,
      file: 'a.txt',
      problems: [
        { column: '标题', reason: 'title must not contain control characters, line breaks or bidirectional controls' },
        { column: 'importantPolicy', reason: 'Invalid input: expected boolean, received string' },
      ],
    });
  });

  it('reads dates as spreadsheets hold them', () => {
    expect(
      ['2026-11-20', '2026/11/20', '2026.1.5', '2026年1月5日', '46346', '46346.5', 'next week'].map(isoDay),
    ).toEqual(['2026-11-20', '2026-11-20', '2026-01-05', '2026-01-05', '2026-11-20', '2026-11-20', 'next week']);
  });
});

describe('reading a manifest', () => {
  it('reads the first sheet of an XLSX, date and TRUE/FALSE cells included, each row with its sheet row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(['文件名', '标题', '部门', '类别', '形成日期', '公开属性', '来源', '重要政策']);
    sheet.addRow([
      'a.pdf',
      '关于冬季供暖的通知',
      'office',
      '02',
      new Date(Date.UTC(2026, 10, 20)),
      '主动公开',
      '制作',
      true,
    ]);
    sheet.addRow([]);
    sheet.addRow(['b.txt', '关于秋季招生的公告', 'office', '02', '2026-11-21', '依申请公开', '获取', false]);
    workbook.addWorksheet('说明').addRow(['这张表不读']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    const table = readManifest(bytes, 'manifest.xlsx');
    expect(table.rows.map((r) => r.row)).toEqual([2, 4]);
    const layout = layoutOf(table.header);
    expect(layout.problems).toEqual([]);
    const [a, b] = table.rows.map((r) => checkRow(cellsOf(layout, r.cells), CONTEXT));
    expect(a).toMatchObject({
      ok: true,
      metadata: { formedAt: '2026-11-20', importantPolicy: true, contentType: 'application/pdf' },
    });
    expect(b).toMatchObject({
      ok: true,
      metadata: { disclosure: 'on-request', origin: 'obtained', importantPolicy: false },
    });
  });

  it('reads CSV in UTF-8 (with its byte order mark) and in GB18030, as Excel saves it in China', () => {
    const text =
      'file,title,department,category,formedAt,disclosure,origin\r\na.txt,"关于""供暖""的通知",office,02,2026-11-20,proactive,made\r\n';
    const gb = new Uint8Array(iconv.encode('file,title\r\na.txt,关于做好冬季供暖保障工作的通知\r\n', 'gb18030'));
    expect(readManifest(new TextEncoder().encode(`\ufeff${text}`), 'manifest.csv').rows[0]?.cells[1]).toBe(
      '关于"供暖"的通知',
    );
    expect(readManifest(gb, 'manifest.csv').rows).toEqual([
      { row: 2, cells: ['a.txt', '关于做好冬季供暖保障工作的通知'] },
    ]);
  });

  it('refuses what is not a manifest, saying why', () => {
    expect(() => readManifest(new TextEncoder().encode('PK not a zip'), 'manifest.xlsx')).toThrow(ManifestReadError);
    expect(() => readManifest(new Uint8Array(), 'manifest.csv')).toThrow('the manifest is empty');
    expect(() => readManifest(new TextEncoder().encode('a,"b\n'), 'manifest.csv')).toThrow(
      'CSV line 1: a quoted field is not closed',
    );
    expect(() => readManifest(new Uint8Array(1), 'manifest.ods')).toThrow('a manifest is a .csv or .xlsx file');
  });

  it('reads rows pasted from Excel: tabs between cells, a quoted cell holding a line break, tab or quote', () => {
    const pasted = 'a.txt\t关于供暖的通知\toffice\r\nb.txt\t"第一行\n第二行"\t"带""引号""\t和制表符"\r\n\r\n';
    expect(readPasted(pasted)).toEqual([
      ['a.txt', '关于供暖的通知', 'office'],
      ['b.txt', '第一行\n第二行', '带"引号"\t和制表符'],
    ]);
  });
});
