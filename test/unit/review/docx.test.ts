import {
  DeletedTextRun,
  Document,
  Footer,
  Header,
  InsertedTextRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { extractText } from '../../../shared/review/extract';
import { del, docxOf, ins, p, run, table, textBox } from '../../support/office';

const DOCX = { filename: 'notice.docx' };
const ID = '370405198503142355';
const ID2 = '11010519491231002X';
const MOBILE = '13812345678';

/** kind, text and location of each finding. */
async function found(bytes: Uint8Array) {
  const result = await scanDocument(bytes, DOCX);
  return result.findings.map((f) => [f.kind, f.text, f.location]);
}

describe('issue 9 DOCX: every part is read, and each finding says where it was', () => {
  it('an ID number in the footer and a mobile in a tracked deletion (written by the docx package)', async () => {
    const doc = new Document({
      sections: [
        {
          headers: { default: new Header({ children: [new Paragraph('区民政局')] }) },
          footers: { default: new Footer({ children: [new Paragraph(`经办人身份证号：${ID}`)] }) },
          children: [
            new Paragraph({
              children: [
                new TextRun('联系电话：'),
                new DeletedTextRun({ text: MOBILE, id: 1, author: '张三', date: '2026-01-01T00:00:00Z' }),
                new InsertedTextRun({ text: '（略）', id: 2, author: '张三', date: '2026-01-01T00:00:00Z' }),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(doc));
    const result = await scanDocument(bytes, DOCX);
    expect(result.decision).toBe('needs-review');
    expect(result.findings.map((f) => [f.kind, f.text, f.location])).toEqual([
      ['mobile', MOBILE, 'tracked deletion'],
      ['id-number', ID, 'footer'],
    ]);
    // The offsets are into the text reviewers see, as before.
    for (const f of result.findings) expect(result.text?.slice(f.start, f.end)).toBe(f.text);
    // What the document says now is read too, without the deleted number.
    expect(result.text).toContain('联系电话：（略）');
  });

  it('a table in the body of a docx-package document', async () => {
    const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('低保名单'),
            new Table({ rows: [new TableRow({ children: [cell('1'), cell('张三'), cell(ID)] })] }),
          ],
        },
      ],
    });
    expect(await found(new Uint8Array(await Packer.toBuffer(doc)))).toEqual([['id-number', ID, 'table']]);
  });

  it.each([
    ['body', { body: p(`身份证号${ID}`) }],
    ['table', { body: p('名单') + table([['1', '张三', ID]]) }],
    ['header', { body: p('通知'), headers: [p(`身份证号${ID}`)] }],
    ['footer', { body: p('通知'), footers: [p(`身份证号${ID}`)] }],
    ['footnote', { body: p('通知'), footnote: p(`身份证号${ID}`) }],
    ['endnote', { body: p('通知'), endnote: p(`身份证号${ID}`) }],
    ['comment', { body: p('通知'), comment: p(`身份证号${ID}`) }],
    ['text box', { body: p('通知', textBox(`身份证号${ID}`)) }],
    ['tracked insertion', { body: p('身份证号', ins(ID)) }],
    ['tracked deletion', { body: p('身份证号', del(ID)) }],
    ['hidden text', { body: p(`身份证号<w:r><w:rPr><w:vanish/></w:rPr><w:t>${ID}</w:t></w:r>`) }],
    ['document properties', { body: p('通知'), core: `<dc:creator>张三 ${MOBILE}</dc:creator>` }],
  ] as const)('%s', async (location, parts) => {
    const [finding, ...more] = await found(docxOf(parts));
    expect(more).toEqual([]);
    expect(finding?.[2]).toBe(location);
    expect(finding?.[1]).toBe('core' in parts ? MOBILE : ID);
  });

  it('a tracked change inside a footer is named with it', async () => {
    expect(await found(docxOf({ body: p('通知'), footers: [p('电话', del(MOBILE))] }))).toEqual([
      ['mobile', MOBILE, 'footer, tracked deletion'],
    ]);
  });

  it('a number half deleted is whole in the text as it was: masking with track changes on', async () => {
    // 138[1234 deleted][**** inserted]5678: the document now reads 138****5678, it read 13812345678.
    const result = await scanDocument(docxOf({ body: p('手机：138', del('1234'), ins('****'), '5678') }), DOCX);
    expect(result.text).toContain('手机：138****5678');
    expect(result.findings.map((f) => [f.kind, f.text, f.location])).toEqual([['mobile', MOBILE, 'tracked deletion']]);
  });

  it('a number split by an insertion is found once, in the text as it reads now', async () => {
    expect(await found(docxOf({ body: p('电话138', ins('1234'), '5678') }))).toEqual([
      ['mobile', MOBILE, 'tracked insertion'],
    ]);
  });

  it('findings in untouched text of a changed paragraph are not reported twice', async () => {
    expect(await found(docxOf({ body: p(`身份证号${ID}，电话`, del(MOBILE)) }))).toEqual([
      ['id-number', ID, 'body'],
      ['mobile', MOBILE, 'tracked deletion'],
    ]);
  });

  it('a text box Word writes twice (DrawingML and VML) is read once; a different fallback too', async () => {
    expect(await found(docxOf({ body: p('通知', textBox(`身份证号${ID}`)) }))).toHaveLength(1);
    expect(await found(docxOf({ body: p('通知', textBox('无', `身份证号${ID}`)) }))).toEqual([
      ['id-number', ID, 'text box'],
    ]);
  });

  it('Company and Manager in docProps/app.xml, lastModifiedBy in core.xml', async () => {
    const result = await extractText(
      docxOf({
        body: p('通知'),
        core: '<cp:lastModifiedBy>王五</cp:lastModifiedBy>',
        app: '<Company>某某区民政局</Company><Manager>赵六</Manager>',
      }),
      DOCX,
    );
    expect(result.ok && result.parts.find((part) => part.location === 'document properties')?.text).toBe(
      'lastModifiedBy: 王五\nCompany: 某某区民政局\nManager: 赵六',
    );
  });

  it('table cells stay apart, a row on a line: neighbouring numbers do not merge', async () => {
    const result = await extractText(
      docxOf({
        body: table([
          ['1', ID, MOBILE],
          ['2', ID2, ''],
        ]),
      }),
      DOCX,
    );
    expect(result.ok && result.parts[0]).toEqual({ location: 'table', text: `1\t${ID}\t${MOBILE}\n2\t${ID2}` });
  });

  it('tabs and breaks inside runs are white space; tab stops in paragraph properties are not text', async () => {
    const body =
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>' +
      `${run('甲')}<w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>`;
    const result = await extractText(docxOf({ body }), DOCX);
    expect(result.ok && result.parts[0]?.text).toBe('甲\t乙\n丙');
  });

  it('reads a DOCX without [Content_Types].xml at the names Word gives its parts', async () => {
    const bytes = docxOf({ body: p('通知'), footers: [p(`身份证号${ID}`)], noContentTypes: true });
    expect(await found(bytes)).toEqual([['id-number', ID, 'footer']]);
  });

  it('any namespace prefix: elements are matched by local name', async () => {
    const bytes = docxOf({ body: p('通知') });
    const { unzipSync, zipSync, strToU8 } = await import('fflate');
    const files = unzipSync(bytes);
    files['word/document.xml'] = strToU8(
      '<ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:body>' +
        `<ns0:p><ns0:r><ns0:t>身份证号${ID}</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>`,
    );
    expect(await found(zipSync(files))).toEqual([['id-number', ID, 'body']]);
  });

  it('an entity defined in a DTD is refused, not expanded (no "billion laughs")', async () => {
    const bytes = docxOf({ body: p('通知') });
    const { unzipSync, zipSync, strToU8 } = await import('fflate');
    const files = unzipSync(bytes);
    files['word/document.xml'] = strToU8(
      '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
        '<w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>',
    );
    const result = await extractText(zipSync(files), DOCX);
    expect(!result.ok && result.reason).toMatch(/^DOCX is corrupt or unreadable: .*undefined entity/);
  });
});
