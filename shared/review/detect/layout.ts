/**
 * Where a value sits in the text: its line, its clause, its table cell, and the column header
 * above it. Extraction writes a table row on one line with whitespace between cells (DOCX, PDF,
 * spreadsheets), so a header line names what the rows under it hold.
 */

export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface Cell extends Range {
  readonly text: string;
}

export function lineAt(norm: string, pos: number): Range {
  const start = norm.lastIndexOf('\n', pos - 1) + 1;
  const next = norm.indexOf('\n', pos);
  return { start, end: next < 0 ? norm.length : next };
}

/**
 * The text within `reach` before `pos`, cut after the last of the `stops` in it. Bounded, so a
 * detector looking around each candidate stays linear on a long text without line breaks.
 */
export function textBefore(norm: string, pos: number, reach: number, stops: RegExp): string {
  const text = norm.slice(Math.max(0, pos - reach), pos);
  let cut = text.length;
  while (cut > 0 && !stops.test(text.charAt(cut - 1))) cut--;
  return text.slice(cut);
}

/** The text within `reach` after `pos`, cut before the first of the `stops` in it. */
export function textAfter(norm: string, pos: number, reach: number, stops: RegExp): string {
  const text = norm.slice(pos, pos + reach);
  let cut = 0;
  while (cut < text.length && !stops.test(text.charAt(cut))) cut++;
  return text.slice(0, cut);
}

// A clause ends at Chinese or ASCII sentence punctuation, a comma, a line break or a cell gap.
const CLAUSE_END = /[,;。!?\n\t ]/;
const CLAUSE_REACH = 80;

/** The clause around a range: the text between the nearest clause ends before and after it. */
export function clauseAround(norm: string, start: number, end: number): { before: string; after: string } {
  return {
    before: textBefore(norm, start, CLAUSE_REACH, CLAUSE_END),
    after: textAfter(norm, end, CLAUSE_REACH, CLAUSE_END),
  };
}

// Between cells: tabs, spaces, a pipe or a comma (CSV). Cells themselves hold no whitespace.
const CELL = /[^\s,|]+/g;

export function cellsOf(norm: string, line: Range): Cell[] {
  const text = norm.slice(line.start, line.end);
  return [...text.matchAll(CELL)].map((m) => ({
    start: line.start + m.index,
    end: line.start + m.index + m[0].length,
    text: m[0],
  }));
}

/** What a header cell may add after its name: 家庭住址(村组), 致贫原因[主要]. */
export const HEADER_NOTE = '(?:[(\\[][^)\\]]*[)\\]])?';

// A header line is short; a longer line is prose or data, never split into cells to look.
const MAX_HEADER_LINE = 400;
const TWO_CELLS = /[^\s,|][\s,|]+[^\s,|]/;

/**
 * The rows under every table header line that has a cell matching `header` (anchored, whole
 * cell): the following lines as long as they look like rows (at least two cells). A header line
 * holds only names, so a line with a "label:value" is not one.
 */
export function columnScopes(norm: string, header: RegExp): Range[] {
  const scopes: Range[] = [];
  let pos = 0;
  while (pos < norm.length) {
    const line = lineAt(norm, pos);
    pos = line.end + 1;
    if (line.end - line.start > MAX_HEADER_LINE) continue;
    const cells = cellsOf(norm, line);
    if (cells.length < 2 || cells.some((c) => c.text.includes(':')) || !cells.some((c) => header.test(c.text))) {
      continue;
    }
    let end = line.end;
    while (pos < norm.length) {
      const row = lineAt(norm, pos);
      if (!TWO_CELLS.test(norm.slice(row.start, row.end))) break;
      end = row.end;
      pos = row.end + 1;
    }
    if (end > line.end) scopes.push({ start: line.end + 1, end });
  }
  return scopes;
}

/** The cells of every row in the scopes. */
export function rowCells(norm: string, scopes: readonly Range[]): Cell[] {
  const cells: Cell[] = [];
  for (const scope of scopes) {
    let pos = scope.start;
    while (pos <= scope.end && pos < norm.length) {
      const line = lineAt(norm, pos);
      cells.push(...cellsOf(norm, line));
      pos = line.end + 1;
    }
  }
  return cells;
}

/** Alternation of literal words, longest first so that 现居住地址 wins over 现居. */
export function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}
