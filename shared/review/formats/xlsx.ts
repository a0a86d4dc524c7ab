/**
 * XLSX (ECMA-376 SpreadsheetML): every sheet, hidden and very hidden ones included, every cell
 * whether its row or column is hidden, cell comments (legacy notes and threaded comments), sheet
 * headers and footers, and the document properties. Read on the bounded ZIP reader with the
 * streaming XML parser (./xml.ts): shared strings, the workbook's sheets and their state, each
 * sheet's hidden columns and rows, its comments.
 *
 * A sheet's rows are one part, a row a line, its cells a tab apart (a tab ends any number), so a
 * column header names the cells below it as in any table; each cell is a span with its own
 * location, e.g. "sheet 低保名单, cell D7 (hidden column)".
 */
import type { Extraction, PartSpan, TextPart } from '../extraction';
import { SCAN_LIMITS } from '../limits';
import { failure, finish, TextBudget } from './common';
import { contentTypes, documentProperties } from './ooxml';
import { attribute, XmlPackage } from './xml';

const MAIN =
  /^application\/vnd\.(?:openxmlformats-officedocument\.spreadsheetml\.(?:sheet|template)\.main|ms-excel\.(?:sheet|template)\.macroenabled\.main)\+xml$/;

export async function fromXlsx(bytes: Uint8Array): Promise<Extraction> {
  let parts: TextPart[];
  try {
    parts = readWorkbook(new XmlPackage(bytes, 'XLSX', SCAN_LIMITS.xlsxMarkup));
  } catch (error) {
    return failure(error, 'XLSX is corrupt or unreadable');
  }
  return finish(parts, 'xlsx', { empty: 'XLSX has no text (empty sheets?)' });
}

interface Sheet {
  readonly name: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  readonly part: string | undefined;
}

function readWorkbook(pkg: XmlPackage): TextPart[] {
  const types = contentTypes(pkg);
  const workbook = [...types].find(([part, type]) => MAIN.test(type) && pkg.has(part))?.[0] ?? 'xl/workbook.xml';
  if (!pkg.has(workbook)) throw new Error('no workbook part');
  const rels = pkg.relationships(workbook);
  const sheets: Sheet[] = [];
  pkg.parse(workbook, {
    open(name, attributes) {
      if (name !== 'sheet') return;
      const state = attribute(attributes, 'state');
      const id = attribute(attributes, 'id');
      sheets.push({
        name: attribute(attributes, 'name') ?? `#${sheets.length + 1}`,
        state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
        part: id ? rels.get(id)?.target : undefined,
      });
    },
  });
  const shared = [...rels.values()].find((rel) => rel.type.endsWith('/sharedStrings'))?.target;
  const strings = shared && pkg.has(shared) ? sharedStrings(pkg, shared) : [];
  const budget = new TextBudget('xlsx');
  const parts: TextPart[] = [];
  for (const sheet of sheets) {
    if (sheet.part && pkg.has(sheet.part)) parts.push(...readSheet(pkg, sheet, strings, budget));
  }
  parts.push(...documentProperties(pkg, types));
  return parts;
}

/** xl/sharedStrings.xml: each <si>, rich runs joined, phonetic guides (<rPh>) left out. */
function sharedStrings(pkg: XmlPackage, part: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inText = 0;
  let phonetic = 0;
  pkg.parse(part, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 't') inText++;
      else if (name === 'rPh') phonetic++;
    },
    text(text) {
      if (inText > 0 && phonetic === 0) current += text;
    },
    close(name) {
      if (name === 'si') strings.push(current);
      else if (name === 't') inText = Math.max(0, inText - 1);
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
    },
  });
  return strings;
}

/** "D" for column 4. */
function columnName(n: number): string {
  let name = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const char of letters.toUpperCase()) n = n * 26 + (char.charCodeAt(0) - 64);
  return n;
}

const STATE_FLAG = { visible: undefined, hidden: 'hidden sheet', veryHidden: 'very hidden sheet' } as const;

function located(sheet: Sheet, where: string, flags: ReadonlyArray<string | undefined>): string {
  const shown = [STATE_FLAG[sheet.state], ...flags].filter(Boolean);
  return `sheet ${sheet.name}, ${where}${shown.length > 0 ? ` (${shown.join(', ')})` : ''}`;
}

function cellLocation(sheet: Sheet, ref: string, flags: ReadonlyArray<string | undefined>): string {
  return located(sheet, `cell ${ref}`, flags);
}

function readSheet(pkg: XmlPackage, sheet: Sheet, strings: readonly string[], budget: TextBudget): TextPart[] {
  const part = sheet.part as string;
  const parts: TextPart[] = [];
  const hiddenColumns: Array<{ min: number; max: number }> = [];
  const hiddenRows = new Set<number>();
  let rowsHiddenByDefault = false;
  const columnHidden = (column: number) => hiddenColumns.some((c) => c.min <= column && column <= c.max);
  const isTrue = (value: string | undefined) => value === '1' || value === 'true';

  let rowNumber = 0;
  let rowHidden = false;
  let rowText = '';
  let spans: PartSpan[] = [];
  let column = 0;
  let cellRef = '';
  let cellType = '';
  let value = '';
  let inline = '';
  let field: 'v' | 't' | 'hf' | undefined;
  let phonetic = 0;
  let headerFooter = '';
  const headerFooters: string[] = [];

  // The sheet's rows are one part, a row a line: a column's header then names the cells under it
  // for the detectors (家庭住址, 护照号码), as in a DOCX table. Each cell keeps its own location.
  let sheetText = '';
  const sheetSpans: PartSpan[] = [];
  const endRow = () => {
    if (rowText.trim() !== '') {
      const at = sheetText === '' ? 0 : sheetText.length + 1;
      sheetText = sheetText === '' ? rowText : `${sheetText}\n${rowText}`;
      for (const span of spans) sheetSpans.push({ ...span, start: span.start + at, end: span.end + at });
      budget.add(rowText.length + 1);
    }
    rowText = '';
    spans = [];
  };

  pkg.parse(part, {
    open(name, attributes) {
      switch (name) {
        case 'sheetFormatPr':
          rowsHiddenByDefault = isTrue(attribute(attributes, 'zeroHeight'));
          break;
        case 'col':
          if (isTrue(attribute(attributes, 'hidden'))) {
            const min = Number(attribute(attributes, 'min') ?? 0);
            hiddenColumns.push({ min, max: Number(attribute(attributes, 'max') ?? min) });
          }
          break;
        case 'row': {
          endRow();
          const r = Number(attribute(attributes, 'r'));
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          const hidden = attribute(attributes, 'hidden');
          rowHidden = hidden === undefined ? rowsHiddenByDefault : isTrue(hidden);
          if (rowHidden) hiddenRows.add(rowNumber);
          column = 0;
          break;
        }
        case 'c': {
          const ref = attribute(attributes, 'r');
          const m = ref ? /^([A-Za-z]{1,3})(\d+)$/.exec(ref) : null;
          column = m ? columnNumber(m[1] as string) : column + 1;
          cellRef = m ? (ref?.toUpperCase() ?? '') : `${columnName(column)}${rowNumber}`;
          cellType = attribute(attributes, 't') ?? 'n';
          value = '';
          inline = '';
          break;
        }
        case 'v':
          field = 'v';
          break;
        case 't':
          if (field !== 'hf') field = 't';
          break;
        case 'rPh':
          phonetic++;
          break;
        case 'oddHeader':
        case 'oddFooter':
        case 'evenHeader':
        case 'evenFooter':
        case 'firstHeader':
        case 'firstFooter':
          field = 'hf';
          headerFooter = '';
          break;
      }
    },
    text(text) {
      if (field === 'v') value += text;
      else if (field === 't' && phonetic === 0) inline += text;
      else if (field === 'hf') headerFooter += text;
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          if (field !== 'hf') field = undefined;
          break;
        case 'rPh':
          phonetic = Math.max(0, phonetic - 1);
          break;
        case 'c': {
          const text = cellText(cellType, value, inline, strings);
          if (text.trim() !== '') {
            if (rowText !== '') rowText += '\t';
            const flags = [rowHidden ? 'hidden row' : undefined, columnHidden(column) ? 'hidden column' : undefined];
            spans.push({
              start: rowText.length,
              end: rowText.length + text.length,
              location: cellLocation(sheet, cellRef, flags),
            });
            rowText += text;
          }
          break;
        }
        case 'row':
          endRow();
          break;
        case 'oddHeader':
        case 'oddFooter':
        case 'evenHeader':
        case 'evenFooter':
        case 'firstHeader':
        case 'firstFooter':
          field = undefined;
          if (headerFooter.trim()) headerFooters.push(withoutCodes(headerFooter));
          break;
      }
    },
  });
  endRow();
  if (sheetText !== '') {
    const state = STATE_FLAG[sheet.state];
    parts.push({ location: `sheet ${sheet.name}${state ? ` (${state})` : ''}`, text: sheetText, spans: sheetSpans });
  }
  if (headerFooters.length > 0) {
    parts.push({ location: located(sheet, 'header/footer', []), text: headerFooters.join('\n') });
  }
  parts.push(...comments(pkg, sheet, (ref) => flagsOf(ref, hiddenRows, columnHidden)));
  return parts;
}

function flagsOf(ref: string, hiddenRows: ReadonlySet<number>, columnHidden: (column: number) => boolean) {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(ref);
  if (!m) return [];
  return [
    hiddenRows.has(Number(m[2])) ? 'hidden row' : undefined,
    columnHidden(columnNumber(m[1] as string)) ? 'hidden column' : undefined,
  ];
}

function cellText(type: string, value: string, inline: string, strings: readonly string[]): string {
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'inlineStr':
      return inline;
    case 'b':
    case 'e':
      // TRUE/FALSE and #N/A hold nothing of anyone.
      return '';
    default:
      // Numbers, dates and formula results as stored: a mobile typed as a number is 13812345678.
      return value || inline;
  }
}

/** Header/footer codes (&L &C &R alignment, &"宋体,常规" fonts, &12 sizes, &P …) out, text kept. */
function withoutCodes(text: string): string {
  return text
    .replace(/&"[^"]*"/g, ' ')
    .replace(/&\d{1,3}(?!\d)/g, ' ')
    .replace(/&[LCRPNDTZFAGBIUESXYK]/g, ' ')
    .replace(/&&/g, '&');
}

/** Cell comments: legacy notes (xl/commentsN.xml) and threaded comments, each at its cell. */
function comments(
  pkg: XmlPackage,
  sheet: Sheet,
  flags: (ref: string) => ReadonlyArray<string | undefined>,
): TextPart[] {
  const rels = pkg.relationships(sheet.part as string);
  const parts: TextPart[] = [];
  const legacy = new Map<string, string>();
  const read = (part: string, element: string, threaded: boolean) => {
    let ref = '';
    let text = '';
    let depth = 0;
    let inText = 0;
    pkg.parse(part, {
      open(name, attributes) {
        if (name === element) {
          depth++;
          ref = (attribute(attributes, 'ref') ?? '').toUpperCase();
          text = '';
        } else if (depth > 0 && (name === 't' || (threaded && name === 'text'))) inText++;
      },
      text(t) {
        if (inText > 0) text += t;
      },
      close(name) {
        if (name === element && depth > 0) {
          depth--;
          const squeezed = text.replace(/\s+/g, '');
          if (squeezed === '') return;
          // Excel writes a threaded comment twice: as itself and as a legacy note quoting it.
          if (threaded && (legacy.get(ref) ?? '').includes(squeezed)) return;
          if (!threaded) legacy.set(ref, `${legacy.get(ref) ?? ''}${squeezed}`);
          parts.push({ location: cellLocation(sheet, ref, [...flags(ref), 'comment']), text: text.trim() });
        } else if (depth > 0 && (name === 't' || (threaded && name === 'text'))) inText = Math.max(0, inText - 1);
      },
    });
  };
  const targets = [...rels.values()];
  for (const rel of targets) {
    if (rel.type.endsWith('/comments') && pkg.has(rel.target)) read(rel.target, 'comment', false);
  }
  for (const rel of targets) {
    if (/threadedComment$/i.test(rel.type) && pkg.has(rel.target)) read(rel.target, 'threadedComment', true);
  }
  return parts;
}
