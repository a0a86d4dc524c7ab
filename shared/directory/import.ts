import { randomUUID } from 'node:crypto';
import type { DirectoryImport } from '../model/directory';
import { ConflictError, DirectoryConflictError, ValidationError } from '../model/errors';
import type { Agency, Department, Identity } from '../model/identity';
import { type Administrator, outOfReach } from './access';
import { assignmentDay } from './admin';
import { withAssignment } from './assignments';
import { type ChangeContext, contextOf, type DirectoryDeps } from './context';
import { type RevertResult, revertImport } from './import-rollback';
import {
  type AgencyRow,
  type DepartmentRow,
  ImportRejectedError,
  type LineError,
  type ParsedRow,
  parseDirectoryCsv,
  type RowType,
  type UserRow,
} from './import-rows';
import { ref } from './problems';
import { compact, departmentKey, draftOf, readSnapshot, type Snapshot } from './snapshot';
import { displaced, taskMovesFor } from './task-moves';
import { ITEMS_PER_WRITE, pack, recordUnits, type Unit, writeOf } from './units';
import { checkChange, deriveLeadership, problemOptions } from './write';

/**
 * Bulk import (onboarding a district: ~60 agencies, ~300 departments, ~1,000 users) from one CSV
 * file with a `type` column — see README "The directory" for the format. Every row is checked,
 * and the directory as it would be after the whole import, before anything is written; a file
 * with any error writes nothing and is reported by line. A row describes its record as it should
 * be: a new record is created, a different one updated (a department whose leader changes gets a
 * new dated assignment, and its open sign-offs move), an equal one left alone; nothing is deleted.
 */

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
