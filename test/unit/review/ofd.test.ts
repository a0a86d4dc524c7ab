import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../../shared/review';
import { extractText } from '../../../shared/review/extract';
import type { Ocr } from '../../../shared/review/extraction';
import { sniffFormat, uploadProblem } from '../../../shared/review/sniff';
import { ofdOf } from '../../support/ofd';

const OFD = { filename: '公示.ofd', contentType: 'application/ofd' };
const ID = '370405198503142355';
const ID2 = '11010519491231002X';
const MOBILE = '13812345678';
const SCAN = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

async function found(bytes: Uint8Array) {
  const result = await scanDocument(bytes, OFD);
  return result.findings.map((f) => [f.kind, f.text, f.location, f.page]);
}

describe('issue 9 OFD (GB/T 33190): the text of every page, template and annotation', () => {
  it('text on page 2 and in a template', async () => {
    const bytes = ofdOf({
      documents: [
        {
          templates: [[{ text: `承办人电话：${MOBILE}`, y: 280 }]],
          pages: [
            { draw: [{ text: '关于2026年城乡低保对象的公示' }], template: 0 },
            { draw: [{ text: '一、张三' }, { text: `身份证号：${ID}` }], template: 0 },
          ],
        },
      ],
    });
    expect(sniffFormat(bytes)).toBe('ofd');
    expect(uploadProblem(bytes, 'application/ofd', 'application/ofd')).toBeUndefined();
    expect(await found(bytes)).toEqual([
      ['mobile', MOBILE, 'template 1', undefined],
      ['id-number', ID, 'page 2', 2],
    ]);
    const result = await extractText(bytes, OFD);
    expect(result.ok && result.parts.map((p) => [p.location, p.text])).toEqual([
      ['template 1', `承办人电话：${MOBILE}`],
      ['page 1', '关于2026年城乡低保对象的公示'],
      ['page 2', `一、张三\n身份证号：${ID}`],
      ['document properties', 'Title: 关于公示的通知'],
    ]);
  });

  it('a number drawn glyph by glyph, one TextObject a character, is one number', async () => {
    const bytes = ofdOf({ documents: [{ pages: [{ draw: [{ text: '身份证号：' }, { glyphByGlyph: ID, x: 60 }] }] }] });
    expect(await found(bytes)).toEqual([['id-number', ID, 'page 1', 1]]);
  });

  it('every document of the package, named', async () => {
    const bytes = ofdOf({
      documents: [{ pages: [{ draw: [{ text: '正文' }] }] }, { pages: [{ draw: [{ text: `附件：${ID2}` }] }] }],
    });
    expect(await found(bytes)).toEqual([['id-number', ID2, 'document 2, page 1', 1]]);
  });

  it('annotations and document information', async () => {
    const bytes = ofdOf({
      author: `张三 ${MOBILE}`,
      documents: [{ pages: [{ draw: [{ text: '通知' }], annotation: `核对：身份证${ID}` }] }],
    });
    expect(await found(bytes)).toEqual([
      ['id-number', ID, 'page 1, annotation', 1],
      ['mobile', MOBILE, 'document properties', undefined],
    ]);
  });

  it('a glyph-only page among pages with text is unread, with that reason, and goes to a person', async () => {
    const bytes = ofdOf({ documents: [{ pages: [{ draw: [{ text: '通知' }] }, { draw: [{ glyphs: 18 }] }] }] });
    const result = await scanDocument(bytes, OFD);
    expect(result.decision).toBe('needs-review');
    expect(result.findings).toEqual([
      {
        kind: 'unreadable',
        text: 'page 2 has no text: text by glyph index only, without Unicode (scanned?)',
        start: 0,
        end: 0,
        rule: 'REVIEW-2',
        location: 'page 2',
        page: 2,
      },
    ]);
  });

  it('an OFD of glyph-only and image-only pages is unreadable as a scan', async () => {
    const bytes = ofdOf({ documents: [{ pages: [{ draw: [{ glyphs: 10 }] }, { draw: [{ image: SCAN }] }] }] });
    expect(await extractText(bytes, OFD)).toEqual({
      ok: false,
      reason: 'OFD has no text: its pages are drawn as images or paths, or text by glyph index only (scanned?)',
    });
  });

  it('with OCR, a scanned page’s images go to it, page and box kept; the document is marked scanned', async () => {
    const seen: Array<[number, number | undefined]> = [];
    const ocr: Ocr = async (image, page) => {
      seen.push([image.length, page]);
      return [{ location: `page ${page}`, text: `身份证号 ${ID}`, box: { x: 10, y: 20, width: 300, height: 24 } }];
    };
    const bytes = ofdOf({ documents: [{ pages: [{ draw: [{ text: '通知' }] }, { draw: [{ image: SCAN }] }] }] });
    const result = await scanDocument(bytes, OFD, { ocr });
    expect(seen).toEqual([[SCAN.length, 2]]);
    expect(result.scanned).toBe(true);
    expect(result.decision).toBe('needs-review');
    expect(result.findings).toMatchObject([
      { kind: 'id-number', text: ID, location: 'page 2', page: 2, box: { x: 10, y: 20, width: 300, height: 24 } },
    ]);
  });

  it('a page with only a path is a scan too; a page with nothing is blank and not reported', async () => {
    const bytes = ofdOf({
      documents: [{ pages: [{ draw: [{ text: '通知' }] }, { draw: [{ path: true }] }, { draw: [] }] }],
    });
    const result = await scanDocument(bytes, OFD);
    expect(result.findings.map((f) => [f.kind, f.location])).toEqual([['unreadable', 'page 2']]);
  });

  it('a package without OFD.xml’s document is corrupt', async () => {
    const { unzipSync, zipSync } = await import('fflate');
    const files = unzipSync(ofdOf({ documents: [{ pages: [{ draw: [{ text: '通知' }] }] }] }));
    delete files['Doc_0/Document.xml'];
    const result = await extractText(zipSync(files), OFD);
    expect(!result.ok && result.reason).toBe(
      'OFD is corrupt or unreadable: DocRoot Doc_0/Document.xml is not in the package',
    );
  });
});
