import * as z from 'zod';
import { ValidationError } from '../model/errors';
import { entityId, isoDate, safeLine } from '../model/text';
import { CsvSyntaxError, parseCsv } from './csv';
import { agencyCode, CompetentForSchema, email, RolesSchema, subject } from './schemas';

/**
 * The rows of a bulk import file (README "The directory: bulk import"): one CSV with a `type`
 * column, each row checked against the zod schema of its type, every error kept with its line.
 */

export const COLUMNS = [
  'type',
  'agency',
  'id',
  'name',
  'code',
  'head',
  'disclosure_office',
  'competent_for',
  'successor',
  'abolished_by',
  'leader',
  'effective_from',
  'roles',
  'department',
  'email',
  'subject',
] as const;
export type Column = (typeof COLUMNS)[number];

export const ROW_TYPES = ['agency', 'department', 'user'] as const;
export type RowType = (typeof ROW_TYPES)[number];

/** A list in one cell: separated by `;` (or `；`, `|`, `、`). */
const list = z.string().transform((s) =>
  s
    .split(/[;；|、]/)
    .map((x) => x.trim())
    .filter(Boolean),
);

const yes = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => ['yes', 'y', 'true', '1', '是', 'no', 'n', 'false', '0', '否'].includes(s), {
    error: 'disclosure_office is yes or no (是/否)',
  })
  .transform((s) => ['yes', 'y', 'true', '1', '是'].includes(s));

/** One zod schema per row type: the columns it uses; any other column must be empty. */
export const ROW_SCHEMAS = {
  agency: z.strictObject({
    agency: entityId('agency'),
    name: safeLine('name', 100),
    code: agencyCode,
    head: entityId('head').optional(),
    disclosure_office: yes.optional(),
    competent_for: list.pipe(CompetentForSchema).optional(),
    successor: entityId('successor').optional(),
    abolished_by: entityId('abolished_by').optional(),
  }),
  department: z.strictObject({
    agency: entityId('agency'),
    id: entityId('id'),
    name: safeLine('name', 100),
    leader: entityId('leader'),
    effective_from: isoDate('effective_from').optional(),
  }),
  user: z.strictObject({
    agency: entityId('agency'),
    id: entityId('id'),
    name: safeLine('name', 100),
    roles: list.pipe(RolesSchema),
    department: entityId('department').optional(),
    email: email.optional(),
    subject: subject.optional(),
  }),
} as const;

export type AgencyRow = z.output<(typeof ROW_SCHEMAS)['agency']>;
export type DepartmentRow = z.output<(typeof ROW_SCHEMAS)['department']>;
export type UserRow = z.output<(typeof ROW_SCHEMAS)['user']>;

export type ParsedRow =
  | { readonly line: number; readonly type: 'agency'; readonly row: AgencyRow }
  | { readonly line: number; readonly type: 'department'; readonly row: DepartmentRow }
  | { readonly line: number; readonly type: 'user'; readonly row: UserRow };

export interface LineError {
  /** The file's line (1 is the header); null: the directory as a whole. */
  readonly line: number | null;
  readonly message: string;
}

/** A file with errors: nothing was written. */
export class ImportRejectedError extends ValidationError {
  constructor(readonly errors: readonly LineError[]) {
    super(
      `${errors.length} error${errors.length === 1 ? '' : 's'}, nothing imported: ${errors
        .slice(0, 5)
        .map((e) => (e.line === null ? e.message : `line ${e.line}: ${e.message}`))
        .join('; ')}${errors.length > 5 ? '; …' : ''}`,
      'invalid_import',
    );
  }
}

/** Rows, each checked against its type's schema; the errors by line. */
export function parseDirectoryCsv(text: string): { rows: ParsedRow[]; errors: LineError[] } {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      return { rows: [], errors: [{ line: err.line, message: err.message.replace(/^line \d+: /, '') }] };
    throw err;
  }
  const [header, ...body] = records;
  if (!header)
    return { rows: [], errors: [{ line: null, message: 'the file is empty: a header row and rows are needed' }] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const errors: LineError[] = [];
  const unknown = columns.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    errors.push({
      line: header.line,
      message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (columns: ${COLUMNS.join(', ')})`,
    });
  }
  const twice = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (twice.length > 0) errors.push({ line: header.line, message: `column ${twice.join(', ')} appears twice` });
  if (!columns.includes('type')) errors.push({ line: header.line, message: 'the header has no type column' });
  if (errors.length > 0) return { rows: [], errors };

  const rows: ParsedRow[] = [];
  for (const record of body) {
    if (record.fields.length > columns.length) {
      errors.push({ line: record.line, message: `${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const cells: Record<string, string> = {};
    columns.forEach((column, i) => {
      const value = record.fields[i]?.trim() ?? '';
      if (value !== '') cells[column] = value;
    });
    const { type, ...rest } = cells;
    if (!type || !(ROW_TYPES as readonly string[]).includes(type)) {
      errors.push({ line: record.line, message: `type must be ${ROW_TYPES.join(', ')}, not "${type ?? ''}"` });
      continue;
    }
    const schema = ROW_SCHEMAS[type as RowType];
    const unused = Object.keys(rest).filter((c) => !Object.hasOwn(schema.shape, c));
    if (unused.length > 0) {
      errors.push({
        line: record.line,
        message: `${unused.join(', ')} ${unused.length > 1 ? 'are' : 'is'} not used by ${type} rows (leave empty)`,
      });
      continue;
    }
    const parsed = schema.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = issue.path[0] === undefined ? '' : `${String(issue.path[0])}: `;
        errors.push({ line: record.line, message: `${column}${issue.message}` });
      }
      continue;
    }
    rows.push({ line: record.line, type, row: parsed.data } as ParsedRow);
  }
  if (body.length === 0) errors.push({ line: null, message: 'the file has a header but no rows' });
  return { rows, errors };
}
