import { randomUUID } from 'node:crypto';
import type { ChangeLine, DirectoryLogEntry } from '../model/directory';
import { DirectoryConflictError } from '../model/errors';
import type { Agency, Department, Identity } from '../model/identity';
import type { Administrator } from './access';
import { type ChangeContext, contextOf, type DirectoryDeps } from './context';
import { canonical, compact, readSnapshot, type Snapshot, withoutVersion } from './snapshot';
import { changeLine, claimChanges, ITEMS_PER_WRITE, pack, type Unit, writeOf } from './units';

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
