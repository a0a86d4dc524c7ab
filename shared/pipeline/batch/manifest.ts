import type { z } from 'zod';
import type { CellProblem, RowProblem } from '../../model/batch';
import { contentTypeOfExtension, type DocumentMetadata, DocumentMetadataSchema } from '../../model/document';
import { EARLIEST_FORMED_AT, formedAtInWindow, latestFormedAt } from '../../model/formed-at';

/**
 * The manifest: one row per document, one column per field of the registration schema
 * (DocumentMetadataSchema, what the upload form sends). Its columns are read off that schema, so a
 * field added there is a column here; each row is checked by that schema itself. What the manifest
 * does not take: the agency (the uploader's, the batch's) and the file name, which is the `file`
 * column. `contentType` may be left out: the file's extension names it.
 */

type Field = keyof typeof DocumentMetadataSchema.shape;
const SHAPE = DocumentMetadataSchema.shape as Readonly<Record<Field, z.ZodType>>;

/** The column naming the document's file in the batch (the schema's `filename`). */
export const FILE_COLUMN = 'file';
const NOT_COLUMNS: ReadonlySet<string> = new Set(['agency', 'filename']);
/** Required by the schema, but derived when left out. */
const DERIVED: ReadonlySet<string> = new Set(['contentType']);

const FIELDS = (Object.keys(SHAPE) as Field[]).filter((field) => !NOT_COLUMNS.has(field));

/** Every column a manifest may have, `file` first, then the schema's fields in its order. */
export const MANIFEST_COLUMNS: readonly string[] = [FILE_COLUMN, ...FIELDS];

/** The columns every manifest must have: `file` and the schema's required fields. */
export const REQUIRED_COLUMNS: readonly string[] = [
  FILE_COLUMN,
  ...FIELDS.filter((field) => !SHAPE[field].safeParse(undefined).success && !DERIVED.has(field)),
];

/**
 * The Chinese headers agencies' spreadsheets use; every column also answers to its field's own
 * name. An alias of a field the schema does not have is ignored.
 */
const HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  file: ['文件名', '文件'],
  title: ['标题', '文件标题'],
  department: ['部门', '内设机构', '承办部门'],
  category: ['类别', '目录类别', '公开类别'],
  documentType: ['文件类型', '文种'],
  documentNumber: ['文号', '发文字号'],
  formedAt: ['形成日期', '成文日期'],
  disclosure: ['公开属性', '公开方式'],
  legalReason: ['不予公开理由', '法律依据'],
  origin: ['来源', '信息来源'],
  madeBy: ['制作机关'],
  heldBy: ['保存机关'],
  leadDrafter: ['牵头起草单位', '牵头单位'],
  sensitiveCategory: ['主管部门类别', '审批类别'],
  interprets: ['解读对象'],
  consult: ['征求意见单位', '会商单位'],
  importantPolicy: ['重要政策'],
  validUntil: ['有效期至', '有效期'],
  contentType: ['文件格式'],
};

/** Cell values in Chinese, for the enumerations that have common ones. */
const VALUE_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  disclosure: { 主动公开: 'proactive', 依申请公开: 'on-request', 不予公开: 'not-disclosed' },
  origin: { 制作: 'made', 获取: 'obtained' },
  documentType: {
    规章: 'regulation',
    规范性文件: 'normative',
    行政规范性文件: 'normative',
    行政许可: 'licensing',
    行政许可决定: 'licensing',
    行政处罚: 'punishment',
    行政处罚决定: 'punishment',
    行政强制: 'enforcement',
    行政强制决定: 'enforcement',
    其他: 'other',
  },
};

const TRUE_WORDS = new Set(['是', 'true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['否', 'false', 'no', 'n', '0']);
const LIST_SEPARATORS = /[;；、,，\s]+/;

const COLUMN_OF_HEADER: ReadonlyMap<string, string> = new Map(
  MANIFEST_COLUMNS.flatMap((column) => [
    [column.toLowerCase(), column],
    ...(HEADER_ALIASES[column] ?? []).map((alias) => [alias, column] as const),
  ]),
);

/** The column a header names (its field's name in any case, or a Chinese alias); undefined for none. */
export function columnOfHeader(header: string): string | undefined {
  const text = header.trim();
  return COLUMN_OF_HEADER.get(text) ?? COLUMN_OF_HEADER.get(text.toLowerCase());
}

/** A manifest read: its header and its rows, each with the spreadsheet row it came from. */
export interface ManifestTable {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<{ readonly row: number; readonly cells: readonly string[] }>;
}

/** The header resolved: which cell holds which column, under the name the manifest gave it. */
export interface ManifestLayout {
  readonly columns: ReadonlyArray<{ readonly index: number; readonly column: string; readonly header: string }>;
  /** What stops the whole manifest: an unknown, repeated or missing column. */
  readonly problems: readonly RowProblem[];
}

export function layoutOf(header: readonly string[]): ManifestLayout {
  const columns: Array<{ index: number; column: string; header: string }> = [];
  const problems: RowProblem[] = [];
  header.forEach((text, index) => {
    if (text.trim() === '') return;
    const column = columnOfHeader(text);
    if (!column) {
      problems.push({
        row: 1,
        column: text,
        reason: `unknown column "${text}"; the columns are ${MANIFEST_COLUMNS.join(', ')}`,
      });
    } else if (columns.some((c) => c.column === column)) {
      problems.push({ row: 1, column: text, reason: `column ${column} appears twice` });
    } else columns.push({ index, column, header: text.trim() });
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.some((c) => c.column === column))
      problems.push({ row: 1, column, reason: `column ${column} is missing` });
  }
  return { columns, problems };
}

/** What a row is checked against beyond the schema: the registration's own checks, where known. */
export interface RowContext {
  /** The uploading principal's agency: every row is registered for it. */
  readonly agency: string;
  /** The district's calendar day (YYYY-MM-DD): formedAt may be at most a year later. */
  readonly today: string;
  /** The agency's departments; unchecked when absent. */
  readonly departments?: ReadonlySet<string>;
  /** The district's agencies (madeBy, heldBy, leadDrafter, consult); unchecked when absent. */
  readonly agencies?: ReadonlySet<string>;
}

export type RowResult =
  | { readonly ok: true; readonly file: string; readonly metadata: DocumentMetadata }
  | { readonly ok: false; readonly file?: string; readonly problems: readonly CellProblem[] };

/** The cells of one row by column (the file in `file`), as a grid or a spreadsheet holds them. */
export type RowCells = Readonly<Record<string, string | undefined>>;

/** A row's cells by column, from the manifest's cells and its layout. */
export function cellsOf(layout: ManifestLayout, cells: readonly string[]): Record<string, string> {
  return Object.fromEntries(layout.columns.map((c) => [c.column, cells[c.index] ?? '']));
}

/**
 * Checks one row with the registration schema: its cells become the metadata the upload form would
 * send (the agency the principal's, the content type the file's), and each problem names its column
 * (as `headers` names it, the field otherwise) and the reason.
 */
export function checkRow(
  cells: RowCells,
  context: RowContext,
  headers: Readonly<Record<string, string>> = {},
): RowResult {
  const name = (column: string) => headers[column] ?? column;
  const file = cells[FILE_COLUMN]?.trim() ?? '';
  const candidate: Record<string, unknown> = { agency: context.agency, filename: file };
  for (const field of FIELDS) {
    const value = cellValue(field, cells[field]);
    if (value !== undefined) candidate[field] = value;
  }
  if (candidate.contentType === undefined && file) candidate.contentType = contentTypeOfExtension(file) ?? file;
  const parsed = DocumentMetadataSchema.safeParse(candidate);
  const problems: CellProblem[] = [];
  const add = (column: string, reason: string) => {
    if (!problems.some((p) => p.column === name(column))) problems.push({ column: name(column), reason });
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const column =
        field === 'filename' || (field === 'contentType' && cells.contentType === undefined) ? FILE_COLUMN : field;
      add(column || FILE_COLUMN, reasonOf(field, column, candidate, issue.message, file));
    }
  }
  // The schema's FIVE-1 refinement runs only once every field parses: say it anyway.
  if (candidate.disclosure === 'not-disclosed' && candidate.legalReason === undefined) {
    add('legalReason', 'FIVE-1: a not-disclosed (不予公开) document needs a legalReason');
  }
  for (const [column, problem] of contextProblems(candidate, context)) add(column, problem);
  if (!parsed.success || problems.length > 0) return { ok: false, ...(file ? { file } : {}), problems };
  return { ok: true, file, metadata: parsed.data };
}

/** The schema's message, except where a manifest's reader is better told what to write. */
function reasonOf(field: string, column: string, candidate: Record<string, unknown>, message: string, file: string) {
  if (field === 'contentType' && column === FILE_COLUMN) {
    return `${file || 'the file'}: not a type that can be uploaded (txt, html, pdf, docx, xlsx, ofd, doc, png, jpg)`;
  }
  const schema = SHAPE[field as Field];
  if (candidate[field] === undefined && schema && !schema.safeParse(undefined).success) return `${field} is required`;
  const inner = schema ? innerOf(schema) : undefined;
  if (inner?.def.type === 'enum') {
    const options = (inner as z.ZodEnum).options.join(', ');
    const aliases = Object.keys(VALUE_ALIASES[field] ?? {});
    return `${field} must be one of ${options}${aliases.length ? ` (or ${aliases.join(', ')})` : ''}`;
  }
  return message;
}

/** The registration's checks that need the directory and the day (shared/pipeline/upload.ts makes them again). */
function contextProblems(candidate: Record<string, unknown>, context: RowContext): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const { department, formedAt } = candidate;
  if (context.departments && typeof department === 'string' && !context.departments.has(department)) {
    problems.push(['department', `department "${department}" is not part of ${context.agency}`]);
  }
  if (
    typeof formedAt === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(formedAt) &&
    !formedAtInWindow(formedAt, context.today)
  ) {
    problems.push([
      'formedAt',
      `formedAt ${formedAt} is outside ${EARLIEST_FORMED_AT} … ${latestFormedAt(context.today)}: the date the information was formed, at most a year from today`,
    ]);
  }
  const known = context.agencies;
  if (known) {
    for (const field of ['madeBy', 'heldBy', 'leadDrafter', 'consult'] as const) {
      const value = candidate[field];
      for (const agency of Array.isArray(value) ? value : [value]) {
        if (typeof agency === 'string' && !known.has(agency))
          problems.push([field, `${field}: unknown agency "${agency}"`]);
      }
    }
  }
  return problems;
}

/** A field's schema without its optional wrapper. */
const innerOf = (schema: z.ZodType): z.ZodType =>
  (schema.def.type === 'optional' ? (schema as z.ZodOptional).unwrap() : schema) as z.ZodType;

/** A cell as the schema's field takes it: blank is absent; lists, yes/no, dates and Chinese values read. */
function cellValue(field: Field, raw: string | undefined): unknown {
  const text = raw?.trim() ?? '';
  if (text === '') return undefined;
  const inner = innerOf(SHAPE[field]);
  switch (inner.def.type) {
    case 'array':
      return text.split(LIST_SEPARATORS).filter(Boolean);
    case 'boolean': {
      const word = text.toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : text;
    }
    case 'enum':
      return VALUE_ALIASES[field]?.[text] ?? text;
    case 'string':
      return (inner as z.ZodString).format === 'date' ? isoDay(text) : text;
    default:
      return text;
  }
}

/**
 * A date as spreadsheets hold it: YYYY-MM-DD, 2026/11/20, 2026.11.20, 2026年11月20日, or a date
 * cell's serial number (days since 1899-12-30); anything else as it was, for the schema to refuse.
 */
export function isoDay(text: string): string {
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (parts) return `${parts[1]}-${parts[2]?.padStart(2, '0')}-${parts[3]?.padStart(2, '0')}`;
  if (/^\d{5}(?:\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    // 1900-01-01 … 2173: a date cell, not a number typed into a date column.
    if (serial >= 2 && serial < 100_000)
      return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return text;
}
