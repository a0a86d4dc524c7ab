import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ChangeLine, DirectoryImport, DirectoryLogEntry } from '../model/directory';
import { ConflictError, DirectoryConflictError, ValidationError } from '../model/errors';
import type { Agency, Department, Identity } from '../model/identity';
import { entityId, isoDate, safeLine } from '../model/text';
import { type Administrator, outOfReach } from './access';
import { assignmentDay } from './admin';
import { withAssignment } from './assignments';
import { CsvSyntaxError, parseCsv, toCsv } from './csv';
import { ref } from './problems';
import { agencyCode, CompetentForSchema, email, RolesSchema, subject } from './schemas';
import { canonical, compact, departmentKey, draftOf, readSnapshot, type Snapshot, withoutVersion } from './snapshot';
import {
  type ChangeContext,
  changeLine,
  checkChange,
  claimChanges,
  contextOf,
  type DirectoryDeps,
  deriveLeadership,
  displaced,
  ITEMS_PER_WRITE,
  pack,
  problemOptions,
  recordUnits,
  taskMovesFor,
  type Unit,
  writeOf,
} from './write';

/**
 * Bulk import (onboarding a district: ~60 agencies, ~300 departments, ~1,000 users) from one CSV
 * file with a `type` column — see README "The directory" for the format. Every row is checked,
 * and the directory as it would be after the whole import, before anything is written; a file
 * with any error writes nothing and is reported by line. A row describes its record as it should
 * be: a new record is created, a different one updated (a department whose leader changes gets a
 * new dated assignment, and its open sign-offs move), an equal one left alone; nothing is deleted.
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

// ── The directory after the import ──────────────────────────────────────────────────────────

const rowRef = (r: ParsedRow) =>
  r.type === 'agency'
    ? ref.agency(r.row.agency)
    : r.type === 'department'
      ? ref.department(r.row.agency, r.row.id)
      : ref.user(r.row.id);

function agencyOf(row: AgencyRow, existing: Agency | undefined): Agency {
  return compact({
    id: row.agency,
    name: row.name,
    code: row.code,
    status: row.abolished_by ? ('abolished' as const) : ('active' as const),
    successorId: row.successor,
    abolishedBy: row.abolished_by,
    competentFor: row.competent_for?.length ? [...new Set(row.competent_for)] : undefined,
    head: row.head,
    disclosureOffice: row.disclosure_office ? true : undefined,
    version: existing?.version,
  });
}

function departmentOf(row: DepartmentRow, existing: Department | undefined, ctx: ChangeContext): Department {
  const assignment = (previous?: Department) => ({
    leader: row.leader,
    effectiveFrom: assignmentDay(row.effective_from, ctx, previous),
    assignedAt: ctx.at,
    assignedBy: ctx.actor,
  });
  if (!existing) {
    return { agency: row.agency, id: row.id, name: row.name, leader: row.leader, leaders: [assignment()] };
  }
  const renamed = { ...existing, name: row.name };
  return existing.leader === row.leader ? renamed : withAssignment(renamed, assignment(existing));
}

function userOf(row: UserRow, existing: Identity | undefined): Identity {
  return compact({
    user: row.id,
    name: row.name,
    roles: row.roles,
    agency: row.agency,
    department: row.department,
    email: row.email,
    // An import links a subject, never unlinks one; sign-in state and leadership are kept.
    subject: row.subject ?? existing?.subject,
    departments: existing?.departments,
    disabled: existing?.disabled,
    version: existing?.version,
  });
}

export interface KindSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface ImportSummary {
  readonly rows: number;
  readonly agencies: KindSummary;
  readonly departments: KindSummary;
  readonly users: KindSummary;
  /** Records not in the file that change with it (a leader's `departments`). */
  readonly alsoUpdated: number;
  /** Open tasks that move to a department's new leader (or an agency's new head). */
  readonly tasksMoved: number;
  /** Transactions the import takes (at most 100 items each). */
  readonly transactions: number;
}

/** What an import would write: checked, and planned into transactions. */
export interface ImportPlan {
  readonly before: Snapshot;
  readonly after: Snapshot;
  readonly units: readonly Unit[];
  readonly chunks: readonly Unit[][];
  readonly summary: ImportSummary;
  readonly warnings: readonly string[];
}

/** Checks every row and the directory the import leaves; throws ImportRejectedError with every error. */
export async function planImport(
  deps: DirectoryDeps,
  admin: Administrator,
  text: string,
  ctx: ChangeContext,
): Promise<ImportPlan> {
  const { rows, errors } = parseDirectoryCsv(text);
  const before = await readSnapshot(deps.directory);
  const after = draftOf(before);
  const lines = new Map<string, number>();
  for (const r of rows) {
    const key = rowRef(r);
    const first = lines.get(key);
    if (first !== undefined) {
      errors.push({ line: r.line, message: `${key.replace(':', ' ')} is already on line ${first}` });
      continue;
    }
    lines.set(key, r.line);
    try {
      if (r.type === 'agency') {
        const existing = before.agencies.get(r.row.agency);
        if (existing?.status === 'abolished' && !r.row.abolished_by) {
          throw new ValidationError(`agency ${r.row.agency} is abolished: an import cannot re-establish it`);
        }
        after.agencies.set(r.row.agency, agencyOf(r.row, existing));
      } else if (r.type === 'department') {
        const key = departmentKey(r.row.agency, r.row.id);
        after.departments.set(key, departmentOf(r.row, before.departments.get(key), ctx));
      } else {
        after.users.set(r.row.id, userOf(r.row, before.users.get(r.row.id)));
      }
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors.push({ line: r.line, message: err.message });
    }
  }
  deriveLeadership(before, after);

  const lineOf = (refs: readonly string[]) => refs.map((k) => lines.get(k)).filter((l): l is number => l !== undefined);
  for (const refused of outOfReach(admin, before, after)) {
    const at = lineOf([refused.key]);
    errors.push({ line: at[0] ?? null, message: refused.why });
  }
  const hasAgencyRows = rows.some((r) => r.type === 'agency');
  const { problems, warnings } = checkChange(before, after, problemOptions(before, ctx.today, hasAgencyRows));
  for (const problem of problems) {
    const at = lineOf(problem.refs);
    if (at.length === 0) errors.push({ line: null, message: problem.message });
    for (const line of at) errors.push({ line, message: problem.message });
  }
  if (errors.length > 0) throw new ImportRejectedError(sortErrors(errors));

  const records = recordUnits(before, after);
  const moves = await taskMovesFor(deps, displaced(before, after), before, after, ctx);
  const units = [...records, ...moves];
  const chunks = pack(units, ITEMS_PER_WRITE);
  const count = (type: RowType, kind: 'agency' | 'department' | 'user'): KindSummary => {
    const ofType = rows.filter((r) => r.type === type);
    const changed = new Set(records.filter((u) => u.put?.kind === kind).map((u) => u.line.key));
    const created = new Set(
      records.filter((u) => u.put?.kind === kind && u.put.expectedVersion === null).map((u) => u.line.key),
    );
    const keyOf = (r: ParsedRow) =>
      r.type === 'department' ? departmentKey(r.row.agency, r.row.id) : r.type === 'agency' ? r.row.agency : r.row.id;
    return {
      created: ofType.filter((r) => created.has(keyOf(r))).length,
      updated: ofType.filter((r) => changed.has(keyOf(r)) && !created.has(keyOf(r))).length,
      unchanged: ofType.filter((r) => !changed.has(keyOf(r))).length,
    };
  };
  const inFile = new Set(rows.map(rowRef));
  const summary: ImportSummary = {
    rows: rows.length,
    agencies: count('agency', 'agency'),
    departments: count('department', 'department'),
    users: count('user', 'user'),
    alsoUpdated: records.filter((u) => u.put && !inFile.has(`${u.put.kind}:${u.line.key}`)).length,
    tasksMoved: moves.length,
    transactions: chunks.length,
  };
  return { before, after, units, chunks, summary, warnings: warnings.map((w) => w.message) };
}

function sortErrors(errors: LineError[]): LineError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

export interface ImportReport {
  readonly dryRun: boolean;
  /** Set when something was written. */
  readonly importId?: string;
  readonly summary: ImportSummary;
  readonly warnings: readonly string[];
}

/** A written import failed part-way and was undone (or could not be, fully): HTTP 409. */
export class ImportFailedError extends ConflictError {
  constructor(
    readonly importId: string,
    readonly failure: unknown,
    readonly rollback: RevertResult,
  ) {
    super(
      `import ${importId} failed in part ${rollback.failedPart ?? '?'} (${failure instanceof Error ? failure.message : String(failure)}); ` +
        (rollback.skipped.length === 0
          ? `the ${rollback.reverted} changes already written were undone: the directory is as it was`
          : `${rollback.reverted} changes were undone, ${rollback.skipped.length} could not be (changed meanwhile): ${rollback.skipped.join('; ')}`),
      'import_failed',
    );
  }
}

export function newImportId(at: string): string {
  return `${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;
}

/**
 * The import: planned and checked in full (ImportRejectedError, nothing written, on any error);
 * with `dryRun`, only that. Otherwise written in transactions of at most 100 items, each
 * conditional on what was read and each with its log entry and the import's progress. When one
 * fails (someone changed the directory meanwhile, DynamoDB refused), the parts already written
 * are undone, newest first, and ImportFailedError says whether everything was.
 */
export async function importDirectory(
  deps: DirectoryDeps,
  admin: Administrator,
  text: string,
  options: { readonly dryRun?: boolean } = {},
): Promise<ImportReport> {
  const ctx = contextOf(deps.clock, admin.actor);
  const plan = await planImport(deps, admin, text, ctx);
  const dryRun = options.dryRun ?? false;
  if (dryRun || plan.chunks.length === 0) return { dryRun, summary: plan.summary, warnings: plan.warnings };
  const importId = newImportId(ctx.at);
  const status = (done: number, state: DirectoryImport['status']): DirectoryImport => ({
    id: importId,
    startedAt: ctx.at,
    updatedAt: deps.clock.now().toISOString(),
    actor: ctx.actor,
    status: state,
    rows: plan.summary.rows,
    parts: plan.chunks.length,
    done,
  });
  let part = 0;
  try {
    for (const chunk of plan.chunks) {
      part++;
      const write = writeOf(chunk, ctx, 'import', { importId, part, parts: plan.chunks.length });
      await deps.directory.write({
        ...write,
        importStatus: status(part, part === plan.chunks.length ? 'applied' : 'applying'),
      });
    }
  } catch (err) {
    if (part === 1) {
      // Nothing of it was written.
      if (err instanceof DirectoryConflictError) {
        throw new ConflictError(
          `the directory changed while importing (${err.message}): nothing was written, try again`,
        );
      }
      throw err;
    }
    const rollback = await revertImport(deps, admin, importId, { failedPart: part });
    throw new ImportFailedError(importId, err, rollback);
  }
  return { dryRun: false, importId, summary: plan.summary, warnings: plan.warnings };
}

// ── Undoing an import ───────────────────────────────────────────────────────────────────────

export interface RevertResult {
  readonly importId: string;
  /** Changes undone. */
  readonly reverted: number;
  /** What could not be undone, because it changed after the import wrote it. */
  readonly skipped: readonly string[];
  readonly failedPart?: number;
}

/** Whether a record still holds the fields a change gave it (null: absent). */
function holds(record: object | undefined, fields: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!record || !fields) return false;
  const r = withoutVersion(record) as Record<string, unknown>;
  return Object.entries(fields).every(([k, v]) => canonical(r[k] ?? null) === canonical(v));
}

function restored(record: object, fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...record };
  for (const [k, v] of Object.entries(fields)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

type RecordKind = 'agency' | 'department' | 'user';

function recordOf(s: Snapshot, kind: RecordKind, key: string): Agency | Department | Identity | undefined {
  return kind === 'agency' ? s.agencies.get(key) : kind === 'department' ? s.departments.get(key) : s.users.get(key);
}

/** The unit that undoes one change line of the import, or why it cannot be undone. */
async function undoLine(
  deps: DirectoryDeps,
  line: ChangeLine,
  now: Snapshot,
  ctx: ChangeContext,
): Promise<Unit | string> {
  const what = `${line.kind} ${line.key}`;
  if (line.kind === 'task') {
    const task = await deps.tasks.getTask(line.key);
    const from = String(line.after?.assignee ?? '');
    const to = String(line.before?.assignee ?? '');
    if (task?.status !== 'open' || task.assignee !== from) return `${what} was decided or moved since`;
    return {
      move: { id: task.id, from, to, at: ctx.at, by: ctx.actor },
      claims: [],
      line: { ...line, before: line.after ?? {}, after: line.before ?? {} },
      agencies: [],
    };
  }
  const kind = line.kind;
  const current = recordOf(now, kind, line.key);
  if (!holds(current, line.after) || !current) return `${what} was changed since`;
  const agencies = [(current as { agency?: string }).agency ?? line.key];
  if (!line.before) {
    // A creation: the record goes again, and the claims it took are released.
    return {
      removal: { kind, record: current, expectedVersion: current.version ?? 0 } as Unit['removal'],
      claims: claimChanges(kind, line.key, current, undefined, now.claims),
      line: changeLine(kind, line.key, current, undefined),
      agencies,
    } as Unit;
  }
  const back = compact({ ...restored(current, line.before), version: (current.version ?? 0) + 1 }) as typeof current;
  return {
    put: { kind, record: back, expectedVersion: current.version ?? 0 } as Unit['put'],
    claims: claimChanges(kind, line.key, current, back, now.claims),
    line: changeLine(kind, line.key, current, back),
    agencies,
  } as Unit;
}

/**
 * Undoes what an import wrote, from its log entries (newest part first): a creation is deleted,
 * an update set back, a moved task moved back — each only if nobody changed it since (else it is
 * left and reported). Used when an import fails part-way, and by `gongkai directory rollback ID`
 * for an import a crash left half-applied.
 */
export async function revertImport(
  deps: DirectoryDeps,
  admin: Administrator,
  importId: string,
  options: { readonly failedPart?: number } = {},
): Promise<RevertResult> {
  const ctx = contextOf(deps.clock, admin.actor);
  const entries: DirectoryLogEntry[] = [];
  let before: string | undefined;
  do {
    const page = await deps.directory.changeLog({ limit: 500, importId, ...(before ? { before } : {}) });
    entries.push(...page.entries.filter((e) => e.action === 'import'));
    before = page.next;
  } while (before);
  const parts = entries.sort((a, b) => (b.part ?? 0) - (a.part ?? 0));
  const now = await readSnapshot(deps.directory);
  const units: Unit[] = [];
  const skipped: string[] = [];
  for (const entry of parts) {
    for (const line of [...entry.changes].reverse()) {
      const undo = await undoLine(deps, line, now, ctx);
      if (typeof undo === 'string') skipped.push(undo);
      else units.push(undo);
    }
  }
  const chunks = pack(units, ITEMS_PER_WRITE);
  let reverted = 0;
  const write = async (chunk: Unit[], part: number, parts: number) => {
    await deps.directory.write(
      writeOf(chunk, contextOf(deps.clock, admin.actor), 'import-rolled-back', { importId, part, parts }),
    );
    reverted += chunk.length;
  };
  for (const [i, chunk] of chunks.entries()) {
    try {
      await write(chunk, i + 1, chunks.length);
    } catch (err) {
      if (!(err instanceof DirectoryConflictError)) throw err;
      // Someone changed one of them in between: undo the others one by one.
      for (const unit of chunk) {
        try {
          await write([unit], i + 1, chunks.length);
        } catch (inner) {
          if (!(inner instanceof DirectoryConflictError)) throw inner;
          skipped.push(`${unit.line.kind} ${unit.line.key} was changed since`);
        }
      }
    }
  }
  const record = await deps.directory.getImport(importId);
  if (record) {
    await deps.directory.write({
      importStatus: {
        ...record,
        updatedAt: deps.clock.now().toISOString(),
        status: skipped.length === 0 ? 'rolled-back' : 'rollback-incomplete',
        ...(options.failedPart ? { error: `failed in part ${options.failedPart}` } : {}),
      },
      log: {
        id: `${ctx.at}#${randomUUID().slice(0, 8)}#rollback`,
        at: ctx.at,
        actor: ctx.actor,
        action: 'import-rolled-back',
        agencies: [],
        changes: [],
        importId,
        note:
          skipped.length === 0
            ? `undid ${reverted} changes`
            : `undid ${reverted} changes; not undone: ${skipped.join('; ')}`,
      },
    });
  }
  return { importId, reverted, skipped, ...(options.failedPart ? { failedPart: options.failedPart } : {}) };
}

// ── Exporting the directory in the import's format ──────────────────────────────────────────

/** The directory as an import file: export, edit, import again. */
export function directoryCsv(s: Snapshot): string {
  const header = [...COLUMNS];
  const row = (cells: Partial<Record<Column, string | undefined>>) => header.map((c) => cells[c] ?? '');
  const rows: string[][] = [header];
  const agencies = [...s.agencies.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const a of agencies) {
    rows.push(
      row({
        type: 'agency',
        agency: a.id,
        name: a.name,
        code: a.code,
        head: a.head,
        disclosure_office: a.disclosureOffice ? 'yes' : undefined,
        competent_for: a.competentFor?.join(';'),
        successor: a.successorId,
        abolished_by: a.abolishedBy,
      }),
    );
  }
  for (const a of agencies) {
    for (const u of [...s.users.values()].filter((x) => x.agency === a.id)) {
      rows.push(
        row({
          type: 'user',
          agency: u.agency,
          id: u.user,
          name: u.name,
          roles: u.roles.join(';'),
          department: u.department,
          email: u.email,
          subject: u.subject,
        }),
      );
    }
    for (const d of [...s.departments.values()].filter((x) => x.agency === a.id)) {
      const current = d.leaders?.at(-1);
      rows.push(
        row({
          type: 'department',
          agency: d.agency,
          id: d.id,
          name: d.name,
          leader: d.leader,
          effective_from: current?.leader === d.leader ? current.effectiveFrom : undefined,
        }),
      );
    }
  }
  return toCsv(rows);
}
