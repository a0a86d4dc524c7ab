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

// Not String#normalize('NFKC'): it also turns ①, ², ⑴, ㎡ into digits, which would glue onto
// neighbouring numbers and hide them. Only these look-alikes are folded, one unit to one unit.
const ZERO_WIDTH = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63]);

function fold(code: number): string | null {
  if (ZERO_WIDTH.has(code)) return null; // dropped: invisible, yet splits a number in two
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = code - 0xfee0; // full-width ASCII block: ０-９ Ａ-Ｚ ＠ ＋ ＊ －
    return ascii === 0x2d ? '-' : String.fromCharCode(ascii);
  }
  if (code === 0x3000 || code === 0x00a0 || (code >= 0x2002 && code <= 0x200a) || code === 0x202f) return ' ';
  if (DASHES.has(code)) return '-';
  return String.fromCharCode(code);
}

export function normalize(original: string): Normalized {
  let text = '';
  // origin[i] is the original index of normalised unit i; mapping is 1:1 or a deletion.
  const origin: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const folded = fold(original.charCodeAt(i));
    if (folded === null) continue;
    text += folded;
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
// Longest reading wanted: 19-digit card, or "0086" + 11-digit mobile in 4 groups.
const MAX_SPAN_DIGITS = 19;
const MAX_SPAN_GROUPS = 8;

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
        compact += group.chars;
        lengths.push(group.chars.length);
        if (compact.length > MAX_SPAN_DIGITS) break;
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
