/**
 * Normalisation before detection (FIVE-4 / EXPAND-4). Detectors work on the normalised text; every
 * normalised position maps back to the original so findings quote the original text and offsets.
 * Offsets are UTF-16 code-unit indices, i.e. JavaScript string indices.
 */

export interface Normalized {
  readonly text: string;
  /** Maps a half-open normalised range to the original range it came from. */
  toOriginal(start: number, end: number): { start: number; end: number };
}

/**
 * Kangxi radicals and CJK compatibility ideographs: what the text layer of many Chinese PDFs gives
 * for ordinary characters (a font's Unicode map names ⾝ U+2F9D for 身, ⽩ for 白), so that
 * "⾝份证号" reads as 身份证号. Folded to the ideograph NFKC names, when that is one unit too.
 */
const CJK_RANGES = '\\u2e9f\\u2ef3\\u2f00-\\u2fd5\\uf900-\\ufad9';
const CJK_LOOK_ALIKE = new RegExp(`[${CJK_RANGES}]`, 'g');
const CJK_CHAR = new RegExp(`^[${CJK_RANGES}]$`);

// Not String#normalize('NFKC'): it also turns ①, ², ⑴, ㎡ into digits, which would glue onto
// neighbouring numbers and hide them. Only these look-alikes are folded, one unit for one unit:
// the full-width ASCII block (０-９ Ａ-Ｚ ＠ ＋ ＊ － ．), odd spaces, dashes, and the CJK look-alikes.
const LOOK_ALIKE = new RegExp(
  `[\\uff01-\\uff5e\\u3000\\u00a0\\u2002-\\u200a\\u202f\\u2010-\\u2015\\u2212\\ufe58\\ufe63${CJK_RANGES}]`,
  'g',
);

/** The text with the CJK look-alikes folded (the same length): what a PDF page's text is read as. */
export function foldCjkLookAlikes(text: string): string {
  return text.replace(CJK_LOOK_ALIKE, foldCjk);
}

function foldCjk(char: string): string {
  const folded = char.normalize('NFKC');
  return folded.length === 1 ? folded : char;
}

// Invisible, yet they split a number in two: dropped.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;

const DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63';

function fold(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (CJK_CHAR.test(char)) return foldCjk(char);
  return DASHES.includes(char) ? '-' : ' ';
}

export function normalize(original: string): Normalized {
  const folded = original.replace(LOOK_ALIKE, fold);
  if (!INVISIBLE.test(folded)) {
    // Same length, so positions are unchanged.
    return { text: folded, toOriginal: (start, end) => ({ start, end }) };
  }
  let text = '';
  // origin[i] is the original index of normalised unit i.
  const origin: number[] = [];
  for (let i = 0; i < folded.length; i++) {
    const char = folded.charAt(i);
    if (INVISIBLE.test(char)) continue;
    text += char;
    origin.push(i);
  }
  return {
    text,
    toOriginal(start, end) {
      const first = origin[start] ?? original.length;
      const last = end > start ? origin[end - 1] : undefined;
      return { start: first, end: last === undefined ? first : last + 1 };
    },
  };
}

/** A run of digits (the last may end in an ID check char X), in normalised offsets. */
export interface DigitGroup {
  readonly start: number;
  readonly end: number;
  readonly chars: string;
}

/** A candidate number: consecutive groups of one cluster, with the separators collapsed. */
export interface NumberSpan {
  readonly start: number;
  readonly end: number;
  /** Digits with single separators removed, e.g. "3701 0219 9001 0112 34" → 18 digits. */
  readonly compact: string;
  readonly groupLengths: readonly number[];
  /** The span is the whole cluster, not a part of it: the most natural reading of the digits. */
  readonly whole: boolean;
}

// A single space or hyphen between digit groups may be formatting inside one number
// ("138-1234-5678", "3701 0219 9001 0112 34"). Anything else (newline, tab, two spaces, letters)
// ends the number.
const GROUP = /\d+(?:[Xx](?![0-9A-Za-z]))?/g;
const SEPARATOR = /^[ -]$/;
// Readings run from an 11-digit mobile to a 19-digit card. Inside a written number every group
// but the last has at least 2 digits ("138 1234 5678", "86 138…", "3704 0519 …"); a single digit
// followed by a separator is a list item or a table cell, not part of a number.
const MIN_SPAN_DIGITS = 11;
const MAX_SPAN_DIGITS = 19;
const MAX_SPAN_GROUPS = 8;
const MIN_INNER_GROUP = 2;

/**
 * Collapses stray separators inside numbers without merging neighbouring numbers: rather than
 * deleting every space between digits (which would fuse "13812345678 13987654321" in a list or
 * table into one 22-digit run and hide both), it offers every run of adjacent groups as a
 * candidate, and the detectors keep the readings that validate.
 */
export function numberSpans(norm: string): NumberSpan[] {
  const clusters: DigitGroup[][] = [];
  let current: DigitGroup[] = [];
  for (const m of norm.matchAll(GROUP)) {
    const group = { start: m.index, end: m.index + m[0].length, chars: m[0] };
    const prev = current[current.length - 1];
    const joined =
      prev !== undefined &&
      group.start - prev.end === 1 &&
      SEPARATOR.test(norm.charAt(prev.end)) &&
      !/[Xx]$/.test(prev.chars);
    if (!joined && current.length > 0) {
      clusters.push(current);
      current = [];
    }
    current.push(group);
  }
  if (current.length > 0) clusters.push(current);

  const spans: NumberSpan[] = [];
  for (const cluster of clusters) {
    for (let i = 0; i < cluster.length; i++) {
      let compact = '';
      const lengths: number[] = [];
      for (let j = i; j < cluster.length && j - i < MAX_SPAN_GROUPS; j++) {
        const group = cluster[j];
        const first = cluster[i];
        if (group === undefined || first === undefined) break;
        if (j > i && (lengths[lengths.length - 1] ?? 0) < MIN_INNER_GROUP) break;
        compact += group.chars;
        lengths.push(group.chars.length);
        if (compact.length > MAX_SPAN_DIGITS) break;
        if (compact.length < MIN_SPAN_DIGITS) continue;
        spans.push({
          start: first.start,
          end: group.end,
          compact,
          groupLengths: [...lengths],
          whole: i === 0 && j === cluster.length - 1,
        });
      }
    }
  }
  return spans;
}

/** True if the range is part of a decimal such as "0.13812345678": not a stand-alone number. */
export function inDecimal(norm: string, start: number, end: number): boolean {
  return /\d\.$/.test(norm.slice(Math.max(0, start - 2), start)) || /^\.\d/.test(norm.slice(end, end + 2));
}
