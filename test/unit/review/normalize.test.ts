import { describe, expect, it } from 'vitest';
import { scanText } from '../../../shared/review';
import { foldCjkLookAlikes, normalize, numberSpans } from '../../../shared/review/normalize';

describe('FIVE-4 normalize', () => {
  it('folds full-width digits, letters and punctuation to ASCII, one unit for one', () => {
    const n = normalize('电话：１３８－１２３４　ｘ＠ｑｑ．ｃｏｍ，0632—6611234');
    expect(n.text).toBe('电话:138-1234 x@qq.com,0632-6611234');
    expect(n.toOriginal(3, 11)).toEqual({ start: 3, end: 11 });
  });

  it('leaves circled and superscript digits alone, so they do not glue onto numbers', () => {
    expect(normalize('①13812345678㎡²').text).toBe('①13812345678㎡²');
  });

  it('drops zero-width characters and maps ranges back to the original', () => {
    const original = '号码1\u200b38\u200b1234';
    const n = normalize(original);
    expect(n.text).toBe('号码1381234');
    const range = n.toOriginal(2, 9);
    expect(original.slice(range.start, range.end)).toBe('1\u200b38\u200b1234');
  });

  it('reads Kangxi radicals and compatibility ideographs as the characters (PDF text layers use them)', () => {
    // ⾝ U+2F9D, ⼈ U+2F08, ⾎ U+2F8E, ⽩ U+2F69, as Chromium's PDFs map them.
    expect(foldCjkLookAlikes('⾝份证号 申请⼈患⽩⾎病')).toBe('身份证号 申请人患白血病');
    expect(normalize('⾝份证号').text).toBe('身份证号');
    expect(
      scanText('姓名  家庭住址\n王某  某某村三组7号\n申请⼈王某患⽩⾎病').findings.map((f) => [f.kind, f.text]),
    ).toEqual([
      ['address', '某某村三组7号'],
      ['health', '患⽩⾎病'],
    ]);
    // Not the ones whose ideograph is outside the BMP: one unit stays one unit.
    expect(foldCjkLookAlikes('\ufa6c')).toBe('\ufa6c');
  });

  it('maps an empty range to an empty original range', () => {
    const n = normalize('abc');
    expect(n.toOriginal(1, 1)).toEqual({ start: 1, end: 1 });
    expect(n.toOriginal(3, 3)).toEqual({ start: 3, end: 3 });
  });
});

describe('FIVE-4 numberSpans', () => {
  it('collapses single spaces or hyphens inside a number', () => {
    const spans = numberSpans('号3701 0219-9001 0112 34。');
    expect(spans.find((s) => s.whole)).toMatchObject({
      start: 1,
      end: 23,
      compact: '370102199001011234',
      groupLengths: [4, 4, 4, 4, 2],
    });
  });

  it('still offers each number of a list on its own', () => {
    const compacts = numberSpans('13812345678 13987654321').map((s) => s.compact);
    expect(compacts).toEqual(expect.arrayContaining(['13812345678', '13987654321']));
  });

  it('does not join groups across a newline, a tab or two spaces', () => {
    for (const gap of ['\n', '\t', '  ', '\u3000\u3000']) {
      expect(numberSpans(normalize(`138${gap}1234 5678`).text)).toEqual([]);
    }
  });

  it('does not join after a single digit: a list number or table cell', () => {
    expect(numberSpans('1 3812345678').map((s) => s.compact)).toEqual([]);
  });

  it('keeps an ID check char X only at the end of a group', () => {
    expect(numberSpans('37040219781120004X').map((s) => s.compact)).toEqual(['37040219781120004X']);
    expect(numberSpans('37040219781120004Xyz').map((s) => s.compact)).toEqual(['37040219781120004']);
  });
});
