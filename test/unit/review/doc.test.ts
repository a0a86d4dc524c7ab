import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { extractText } from '../../../shared/review/extract';
import { uploadProblem } from '../../../shared/review/sniff';
import { docOf, withFatEntry } from '../../support/doc';

const DOC = { filename: '通知.doc', contentType: 'application/msword' };
const ID = '370405198503142355';
const ID2 = '11010519491231002X';
const MOBILE = '13812345678';

async function found(bytes: Uint8Array) {
  const result = await scanDocument(bytes, DOC);
  expect(result.extracted, result.unreadableReason).toBe(true);
  return result.findings.map((f) => [f.kind, f.text, f.location]);
}

describe('issue 9 legacy .doc (Word 97–2003): every story, tracked changes, summary information', () => {
  it('reads the body and is an accepted upload', async () => {
    const bytes = docOf({ body: `关于张三的答复\r身份证号：${ID}\r` });
    expect(uploadProblem(bytes, 'application/msword', 'application/msword')).toBeUndefined();
    const result = await extractText(bytes, DOC);
    expect(result).toMatchObject({
      ok: true,
      format: 'doc',
      parts: [{ location: 'body', text: `关于张三的答复\n身份证号：${ID}` }],
    });
    expect(await found(bytes)).toEqual([['id-number', ID, 'body']]);
  });

  it.each([
    ['footnote', { footnote: `身份证号${ID}\r` }],
    ['header', { header: `身份证号${ID}\r` }],
    ['footer', { footer: `身份证号${ID}\r` }],
    ['comment', { comment: `身份证号${ID}\r` }],
    ['endnote', { endnote: `身份证号${ID}\r` }],
    ['text box', { textBox: `身份证号${ID}\r` }],
  ] as const)('%s', async (location, story) => {
    expect(await found(docOf({ body: '通知\r', ...story }))).toEqual([['id-number', ID, location]]);
  });

  it('a mobile in a tracked deletion, and a number half replaced', async () => {
    expect(await found(docOf({ body: `联系电话：[[${MOBILE}]][[+（略）]]\r` }))).toEqual([
      ['mobile', MOBILE, 'tracked deletion'],
    ]);
    const half = docOf({ body: '手机：138[[1234]][[+****]]5678\r' });
    const result = await scanDocument(half, DOC);
    expect(result.text).toContain('手机：138****5678');
    expect(result.findings.map((f) => [f.text, f.location])).toEqual([[MOBILE, 'tracked deletion']]);
  });

  it('author and last saved by (code page 936) are document properties', async () => {
    const bytes = docOf({ body: '通知\r', author: `张三 ${MOBILE}` });
    const result = await extractText(bytes, DOC);
    expect(result.ok && result.parts.at(-1)).toEqual({
      location: 'document properties',
      text: `author: 张三 ${MOBILE}\nlastSavedBy: 张三 ${MOBILE}`,
    });
    expect((await found(bytes)).map((f) => f[2])).toEqual(['document properties', 'document properties']);
  });

  it('8-bit (compressed) pieces, table cells and field codes', async () => {
    const bytes = docOf({ body: `1\x07${ID2}\x07\x07\r\x13 HYPERLINK "x" \x14Tel ${MOBILE}\x15\r`, compressed: true });
    const result = await extractText(bytes, DOC);
    expect(result.ok && result.parts[0]?.text).toBe(`1\t${ID2}\t\t\nTel ${MOBILE}`);
  });

  it('a password-protected .doc says so', async () => {
    expect(await extractText(docOf({ body: '通知\r', encrypted: true }), DOC)).toEqual({
      ok: false,
      reason: 'DOC is password-protected',
    });
  });

  it('a sector chain that loops is refused at once, not followed for ever', async () => {
    // Sector 3 is the first of WordDocument's chain; point its successor back at itself's start.
    const bytes = withFatEntry(docOf({ body: `身份证号${ID}\r` }), 4, 3);
    const result = await extractText(bytes, DOC);
    expect(!result.ok && result.reason).toMatch(/corrupt or unreadable: broken sector chain/);
  });

  it('an Excel 97–2003 workbook says to save it as .xlsx', async () => {
    const bytes = docOf({ body: '通知\r' });
    // Rename the WordDocument stream in the directory (sector 1) to "Workbook".
    const copy = bytes.slice();
    const name = Buffer.from('Workbook\0', 'utf16le');
    copy.fill(0, 1024 + 128, 1024 + 128 + 64);
    copy.set(name, 1024 + 128);
    copy[1024 + 128 + 64] = name.length;
    expect(await extractText(copy, { filename: 'a.xls' })).toEqual({
      ok: false,
      reason: 'legacy Office 97–2003 file is an Excel 97–2003 workbook (.xls): save it as .docx, .xlsx or PDF',
    });
  });
});
