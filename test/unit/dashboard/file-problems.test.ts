import { describe, expect, it } from 'vitest';
import { en } from '../../../dashboard/src/i18n/en';
import { fileTypeName } from '../../../dashboard/src/i18n/problems';
import { zh } from '../../../dashboard/src/i18n/zh';
import { FileProblemSchema } from '../../../shared/api/documents';
import { describeFileProblem, type FileProblem, SNIFFED_FORMATS } from '../../../shared/model/file-problem';
import { checkUpload } from '../../../shared/review/sniff';

/**
 * A refused file's problem, as the uploader reads it: every code worded in Chinese with no English
 * left in it (many uploaders read only Chinese), and in English; each the problem Intake finds.
 */
const bytes = (text: string) => new TextEncoder().encode(text);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const GIF = bytes('GIF89a\u0000\u0000');

const CASES: ReadonlyArray<readonly [FileProblem, string]> = [
  [{ code: 'empty' }, '上传的文件是空的（0 字节）'],
  [{ code: 'too-large', bytes: 20_971_521, limit: 20_971_520 }, '文件大小为 20,971,521 字节，超过 20 MB 的上限'],
  [
    { code: 'stored-as', stored: 'text/html', registered: 'text/plain' },
    '上传时的文件类型（HTML）与登记的类型（TXT）不一致',
  ],
  ...SNIFFED_FORMATS.filter((f) => f !== 'pdf').map(
    (found) =>
      [{ code: 'not-as-registered', registered: 'application/pdf', found }, '登记的是 PDF 文件，上传的却是'] as const,
  ),
  [{ code: 'other-image-format', registered: 'image/png' }, '登记的是 PNG 图片，上传的是其他格式的图片'],
  [
    { code: 'unreadable-text', registered: 'text/plain' },
    '登记的是 TXT 文件，但内容不是可读的文字（既不是 UTF-8 也不是 GB18030 编码）',
  ],
  [{ code: 'scan-stopped' }, '自动保密审查两次读取该文件都没有完成（文件可能已损坏或结构异常），已停止处理'],
];

describe('a refused file, worded for its uploader', () => {
  it.each(CASES.map(([p, text]) => [p.code, p, text] as const))('words %s in Chinese', (_code, problem, text) => {
    const words = zh.document.problem(problem);
    expect(words.startsWith(text)).toBe(true);
    // Nothing English is left but the file types' own names (PDF, TXT, .docx …) and numbers.
    expect(words.replace(/\b(PDF|TXT|HTML|PNG|UTF-8|GB18030|MB|Word|Excel|OFD|Office|RTF)\b|\.\w+/g, '')).not.toMatch(
      /[A-Za-z]/,
    );
  });

  it.each(CASES.map(([p]) => [p.code, p] as const))(
    'words %s in English, and the schema reads it',
    (_code, problem) => {
      expect(en.document.problem(problem)).not.toMatch(/\p{Script=Han}/u);
      expect(describeFileProblem(problem)).not.toBe('');
      expect(FileProblemSchema.parse(problem)).toEqual(problem);
    },
  );

  it('names a content type by its extension, and one it does not accept as it is', () => {
    expect(fileTypeName('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('DOCX');
    expect(fileTypeName('image/jpeg')).toBe('JPG');
    expect(fileTypeName('application/x-msdownload')).toBe('application/x-msdownload');
  });

  it('is what Intake finds in such files', () => {
    expect(checkUpload(new Uint8Array(), undefined, 'text/plain')).toEqual({ code: 'empty' });
    expect(checkUpload(bytes('通知'), 'text/html', 'text/plain')).toEqual(CASES[2]?.[0]);
    expect(checkUpload(PNG, 'text/plain', 'text/plain')).toEqual({
      code: 'not-as-registered',
      registered: 'text/plain',
      found: 'image',
    });
    expect(checkUpload(GIF, 'image/png', 'image/png')).toEqual({ code: 'other-image-format', registered: 'image/png' });
    expect(checkUpload(new Uint8Array([0xff, 0xfe, 0x80, 0x81, 0xc0]), undefined, 'text/plain')).toEqual({
      code: 'unreadable-text',
      registered: 'text/plain',
    });
    expect(
      checkUpload(bytes('各学校：请做好冬季供暖保障工作。'), 'text/plain; charset=utf-8', 'text/plain'),
    ).toBeUndefined();
  });
});
