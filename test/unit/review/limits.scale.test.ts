import { beforeAll, describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { extractText } from '../../../shared/review/extract';
import { SCAN_LIMITS } from '../../../shared/review/limits';
import { deflated, docxParts, docxWithDocument, emptyPages, repeatedEntry, writeZip } from '../../support/bombs';
import { docOf } from '../../support/doc';
import { ofdOf } from '../../support/ofd';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const docx = { filename: 'notice.docx', contentType: DOCX };

/** What every file past a limit becomes: one unreadable finding with the limit as its reason. */
function sentToPerson(reason: string) {
  return {
    decision: 'needs-review',
    extracted: false,
    unreadableReason: reason,
    findings: [{ kind: 'unreadable', text: reason, start: 0, end: 0, rule: 'REVIEW-2' }],
  };
}

describe('REVIEW-2 a DOCX that expands beyond the limits goes to a person, unread', () => {
  // Built once: 300 MB of <w:p/> deflated as it streams (zlib level 9, under a second).
  let entry: Awaited<ReturnType<typeof repeatedEntry>>;
  let bomb: Uint8Array;
  beforeAll(async () => {
    entry = await repeatedEntry('word/document.xml', '<w:p/>', 300);
    bomb = await docxWithDocument(entry);
  });

  it('issue 8: 300 MB of <w:p/> in a ~460 KB DOCX is refused from its directory, before inflating', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const reason = 'DOCX part word/document.xml expands beyond 50 MB: too large to scan automatically';
    const value = await scanDocument(bomb, docx);
    expect(value).toEqual(sentToPerson(reason));
  });

  it('a header that lies about the size is caught while inflating, at the size it declared', async () => {
    const liar = await docxWithDocument({ ...entry, size: 1024 });
    expect(await extractText(liar, docx)).toEqual({
      ok: false,
      reason:
        'DOCX part word/document.xml expands beyond the 1,024 bytes its ZIP header declares: ' +
        'crafted or corrupt, not scanned automatically',
    });
  });

  it('a lie within the caps stops there: 300 MB declared as 40 MB inflates 40 MB, not 300', async () => {
    const liar = await docxWithDocument({ ...entry, size: 40 * 1024 * 1024 });
    const value = await extractText(liar, docx);
    expect(value).toMatchObject({ ok: false, reason: expect.stringContaining('its ZIP header declares') });
  });

  it('parts that together declare more than 100 MB', async () => {
    const parts = await docxParts();
    const small = deflated('word/media/image1.png', new Uint8Array(16));
    const bytes = writeZip([
      ...Object.entries(parts).map(([name, data]) => deflated(name, data)),
      ...[1, 2, 3].map((n) => ({ ...small, name: `word/media/image${n}.png`, size: 40 * 1024 * 1024 })),
    ]);
    expect(await extractText(bytes, docx)).toEqual({
      ok: false,
      reason: 'DOCX expands beyond 100 MB: too large to scan automatically',
    });
  });

  it('more than 10,000 entries', async () => {
    const parts = await docxParts();
    const empty = deflated('x', new Uint8Array(0));
    const entries = Object.entries(parts).map(([name, data]) => deflated(name, data));
    for (let n = entries.length; n <= SCAN_LIMITS.zipEntries; n++)
      entries.push({ ...empty, name: `customXml/${n}.xml` });
    expect(await extractText(writeZip(entries), docx)).toEqual({
      ok: false,
      reason: 'DOCX has 10,001 ZIP entries, more than 10,000: too many to scan automatically',
    });
  });

  it('more XML elements than the limit (4 MB of <w:p/>), before they are parsed', async () => {
    const bytes = await docxWithDocument(await repeatedEntry('word/document.xml', '<w:p/>', 4));
    const value = await extractText(bytes, docx);
    expect(value).toEqual({
      ok: false,
      reason: 'DOCX has more than 500,000 XML elements and attributes: too complex to scan automatically',
    });
  });

  it('an ordinary DOCX written by the same ZIP writer still reads', async () => {
    const parts = await docxParts('联系人：张某 13812345678');
    const bytes = writeZip(Object.entries(parts).map(([name, data]) => deflated(name, data)));
    const result = await extractText(bytes, docx);
    expect(result.ok && result.parts.find((part) => part.location === 'body')?.text).toBe('联系人：张某 13812345678');
  });
});

describe('REVIEW-2 issue 9: the new formats stay within the same limits', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  /** An XLSX of one sheet whose worksheet part is `sheet`. */
  const xlsxWith = (sheet: Parameters<typeof writeZip>[0][number]) =>
    writeZip([
      deflated(
        'xl/workbook.xml',
        utf8(
          `<workbook xmlns="${SML}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        ),
      ),
      deflated(
        'xl/_rels/workbook.xml.rels',
        utf8(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
        ),
      ),
      sheet,
    ]);
  const xlsx = { filename: 'list.xlsx' };

  it('an XLSX sheet of 60 MB is refused from its directory', async () => {
    const bomb = xlsxWith(await repeatedEntry('xl/worksheets/sheet1.xml', '<row/>', 60));
    const value = await scanDocument(bomb, xlsx);
    expect(value).toEqual(
      sentToPerson('XLSX part xl/worksheets/sheet1.xml expands beyond 50 MB: too large to scan automatically'),
    );
  });

  it('an XLSX of more than 5,000,000 elements is refused before it is parsed', async () => {
    const bytes = xlsxWith(await repeatedEntry('xl/worksheets/sheet1.xml', '<c/>', 24));
    const value = await extractText(bytes, xlsx);
    expect(value).toEqual({
      ok: false,
      reason: 'XLSX has more than 5,000,000 XML elements and attributes: too complex to scan automatically',
    });
  });

  it('an OFD page of 60 MB is refused from its directory', async () => {
    const { unzipSync } = await import('fflate');
    const parts = unzipSync(ofdOf({ documents: [{ pages: [{ draw: [{ text: '通知' }] }] }] }));
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const bomb = writeZip([
      ...Object.entries(parts)
        .filter(([name]) => name !== page)
        .map(([name, data]) => deflated(name, data)),
      await repeatedEntry(page, '<ofd:PathObject/>', 60),
    ]);
    expect(await extractText(bomb, { filename: 'a.ofd' })).toEqual({
      ok: false,
      reason: `OFD part ${page} expands beyond 50 MB: too large to scan automatically`,
    });
  });

  it('a .doc that declares more than 25 million characters is refused before reading them', async () => {
    const bytes = docOf({ body: '通知\r' });
    // ccpText is at 0x4C of the WordDocument stream, the file's fourth sector (after FAT, directory, mini FAT).
    const copy = bytes.slice();
    new DataView(copy.buffer).setUint32(512 * 4 + 0x4c, 30_000_000, true);
    expect(await extractText(copy, { filename: 'a.doc' })).toEqual({
      ok: false,
      reason: 'DOC has more than 25,000,000 characters of text: too large to scan automatically',
    });
  });
});

describe('REVIEW-2 a PDF of more pages than the limit goes to a person, unread', () => {
  it('issue 8: 20,000 empty pages in ~260 KB are refused by their count, at once', async () => {
    const pdf = await emptyPages(20_000);
    expect(pdf.length).toBeLessThan(400 * 1024);
    const reason = 'PDF has 20,000 pages, more than 2,000: too long to scan automatically';
    const value = await scanDocument(pdf, { filename: 'long.pdf' });
    expect(value).toEqual(sentToPerson(reason));
  });
});

describe('REVIEW-2 extracted text beyond 25 million characters goes to a person', () => {
  const textFile = (chars: number) => new Uint8Array(chars).fill(0x61);

  it('a 20 MB text file (the upload limit) is still scanned', async () => {
    const result = await scanDocument(textFile(20 * 1024 * 1024), { filename: 'big.txt' });
    expect(result).toMatchObject({ decision: 'clear', extracted: true, format: 'text' });
    expect(result.text?.length).toBe(20 * 1024 * 1024);
  });

  it('one more than 25 million is not', async () => {
    const reason = 'text file has more than 25,000,000 characters of text: too large to scan automatically';
    expect(await scanDocument(textFile(SCAN_LIMITS.textChars + 1), { filename: 'big.txt' })).toEqual(
      sentToPerson(reason),
    );
  });
});
