import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DocumentMetadataSchema } from '../../../shared/model/document';
import { entityId, hasUnsafeCharacter, isoDate, isWellFormedId, safeLine, safeText } from '../../../shared/model/text';
import { METADATA } from '../pipeline/drive';

/** The text people type and the ids requests name: what is refused, and that the message names the field. */

const CONTROLS = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009b'],
  ['LRE', '\u202a'],
  ['RLE', '\u202b'],
  ['PDF', '\u202c'],
  ['LRO', '\u202d'],
  ['RLO', '\u202e'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
] as const;

const issuesOf = (schema: z.ZodType, value: unknown) =>
  (schema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('safeLine and safeText', () => {
  it.each(CONTROLS)('refuse %s, in one line and in many, naming the field', (_name, char) => {
    expect(issuesOf(safeLine('title', 200), `关于${char}通知`)).toEqual([
      ': title must not contain control characters, line breaks or bidirectional controls',
    ]);
    expect(issuesOf(safeText('comment', 2000), `第一行\n第二${char}行`)).toEqual([
      ': comment must not contain control characters or bidirectional controls',
    ]);
    expect(hasUnsafeCharacter(`a${char}b`)).toBe(true);
    expect(hasUnsafeCharacter(`a${char}b`, true)).toBe(true);
  });

  it('a line has no tab or line break inside; multi-line text keeps them', () => {
    for (const inside of ['\t', '\n', '\r', '\v', '\f']) {
      expect(safeLine('title', 200).safeParse(`关于${inside}通知`).success, JSON.stringify(inside)).toBe(false);
    }
    expect(safeText('comment', 2000).parse('第一行\r\n\t第二行')).toBe('第一行\r\n\t第二行');
    expect(safeText('comment', 2000).safeParse('a\vb').success).toBe(false);
  });

  it('keeps Chinese text, full-width punctuation, 〔〕 and emoji; trims the ends', () => {
    expect(safeLine('documentNumber', 100).parse('  台教发〔2026〕31号  ')).toBe('台教发〔2026〕31号');
    expect(safeLine('title', 200).parse('关于“冬季供暖”的通知（第2号）——附件👍')).toBe(
      '关于“冬季供暖”的通知（第2号）——附件👍',
    );
  });

  it('names the field in length errors', () => {
    expect(issuesOf(safeLine('title', 5), '   ')).toEqual([': title is required (at least 1 character)']);
    expect(issuesOf(safeLine('title', 5), '一二三四五六')).toEqual([': title is at most 5 characters']);
    expect(issuesOf(safeText('reason', 500), 7)).toEqual([': reason must be text']);
  });
});

describe('DocumentMetadataSchema uses them', () => {
  it.each([
    ['title', '关于\u202e通知'],
    ['documentNumber', '台教发\t31号'],
    ['filename', 'notice\u202etxt.exe'],
    ['legalReason', '依据\u0000第十四条'],
  ] as const)('refuses control characters in %s, naming it', (field, value) => {
    const metadata = { ...METADATA, disclosure: 'not-disclosed', legalReason: '依据第十四条', [field]: value };
    expect(issuesOf(DocumentMetadataSchema, metadata)).toEqual([
      expect.stringMatching(new RegExp(`^${field}: ${field} must not contain control characters`)),
    ]);
  });

  it('a legal reason may run over lines', () => {
    const metadata = { ...METADATA, disclosure: 'not-disclosed', legalReason: '依据第十四条：\n涉及国家秘密' };
    expect(DocumentMetadataSchema.safeParse(metadata).success).toBe(true);
  });

  it('formedAt is a real date as YYYY-MM-DD, and says so', () => {
    for (const formedAt of ['20/11/2026', '2026-02-30', '2026-13-01', '2026-1-5', '']) {
      expect(issuesOf(DocumentMetadataSchema, { ...METADATA, formedAt }), formedAt).toEqual([
        'formedAt: formedAt must be a date as YYYY-MM-DD',
      ]);
    }
    expect(isoDate('formedAt').safeParse('2028-02-29').success).toBe(true);
  });

  it('ids are short and of the id alphabet', () => {
    expect(isWellFormedId('0b1d6c52-7d7e-4a8e-9f3e-2b9b8f0f5a41')).toBe(true);
    expect(isWellFormedId('gov-office')).toBe(true);
    for (const bad of ['', 'a'.repeat(201), 'a#b', 'a b', '../x', '-x', '教育局', 'a\u0000']) {
      expect(isWellFormedId(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isWellFormedId('a'.repeat(200))).toBe(true);
    expect(issuesOf(z.object({ department: entityId('department') }), { department: 'x'.repeat(3000) })).toEqual([
      'department: department is at most 200 characters',
    ]);
    expect(issuesOf(DocumentMetadataSchema, { ...METADATA, consult: ['health', 'a#b'] })).toEqual([
      "consult.1: consult must be an id of letters, digits, '.', '_' or '-'",
    ]);
  });
});
