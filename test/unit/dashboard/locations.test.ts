import { describe, expect, it } from 'vitest';
import { en } from '../../../dashboard/src/i18n/en';
import { locationZh, zh } from '../../../dashboard/src/i18n/zh';

describe('issue 9 where a finding was, in the reviewer’s words', () => {
  it.each([
    ['footer', '页脚'],
    ['tracked deletion', '修订（删除）'],
    ['footer, tracked deletion', '页脚，修订（删除）'],
    ['document properties', '文档属性'],
    ['page 3', '第 3 页'],
    ['document 2, page 1', '第 2 个文档，第 1 页'],
    ['page 1, annotation', '第 1 页，注释'],
    ['template 1', '模板 1'],
    ['sheet 低保名单, cell D7 (hidden column)', '工作表「低保名单」，单元格 D7（隐藏列）'],
    [
      'sheet 底表, cell B1 (very hidden sheet, hidden row, comment)',
      '工作表「底表」，单元格 B1（深度隐藏工作表、隐藏行、批注）',
    ],
    ['sheet 名单, header/footer', '工作表「名单」，页眉页脚'],
    ['sheet 底表 (hidden sheet)', '工作表「底表」（隐藏工作表）'],
    ['page 2 (OCR)', '第 2 页（OCR 识别）'],
    ['something new', 'something new'],
  ])('%s → %s', (location, words) => {
    expect(locationZh(location)).toBe(words);
  });

  it('both dictionaries word it', () => {
    expect(zh.document.findingIn('footer')).toBe('出处：页脚');
    expect(en.document.findingIn('footer')).toBe('found in footer');
  });
});
