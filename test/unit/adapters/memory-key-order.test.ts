import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../support/memory/items';

/** What DynamoDB does: compare the UTF-8 bytes. */
const utf8Order = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

describe('the in-memory adapters order keys as DynamoDB does (UTF-8 bytes)', () => {
  const tricky = [
    '',
    'a',
    'ab',
    'b',
    'Z',
    '~',
    '\u007f',
    '\u0080',
    'é',
    '区',
    '区教育局',
    '\ue000',
    '\uffff',
    '😀',
    '𠀀',
    'a😀',
    'a\uffff',
  ];

  it('agrees with a byte comparison where UTF-16 order does not (astral vs U+E000–FFFF)', () => {
    // `<` puts 😀 (a surrogate pair) before U+FFFF; UTF-8 puts it after.
    expect('😀' < '\uffff').toBe(true);
    expect(Math.sign(compareKeys('😀', '\uffff'))).toBe(1);
    for (const a of tricky)
      for (const b of tricky) expect(Math.sign(compareKeys(a, b)), `${a} vs ${b}`).toBe(utf8Order(a, b));
  });

  it('agrees on random keys mixing ASCII, CJK, private-use and astral characters', () => {
    const alphabet = ['#', '0', '9', 'A', 'z', 'é', '区', '局', '\ue123', '\uff01', '😀', '𠀀'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    const key = () => Array.from({ length: 1 + (next() % 6) }, () => alphabet[next() % alphabet.length]).join('');
    for (let i = 0; i < 5_000; i++) {
      const [a, b] = [key(), key()];
      expect(Math.sign(compareKeys(a, b)), `${a} vs ${b}`).toBe(utf8Order(a, b));
    }
  });
});
