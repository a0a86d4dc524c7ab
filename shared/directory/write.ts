import type { DirectoryAction } from '../model/directory';
import { DirectoryConflictError, ValidationError } from '../model/errors';
import { type Administrator, assertInReach } from './access';
import { type ChangeContext, contextOf, type DirectoryDeps } from './context';
import { introducedProblems, type Problem, type ProblemOptions, problemsOf, warningsOf } from './problems';
import { canonical, draftOf, readSnapshot, type Snapshot, sameRecord } from './snapshot';
import { displaced, taskMovesFor } from './task-moves';
import { pack, recordUnits, writeOf } from './units';

// ── Keeping derived fields right ────────────────────────────────────────────────────────────

/**
 * A user's `departments` are the departments they lead (EXPAND-2): kept in step with the
 * departments' leaders for everyone a change touches.
 */
export function deriveLeadership(before: Snapshot, after: Snapshot): void {
  const touched = new Set<string>();
  for (const [key, d] of after.departments) {
    const was = before.departments.get(key);
    if (sameRecord(was, d)) continue;
    touched.add(d.leader);
    if (was) touched.add(was.leader);
  }
  for (const [id, u] of after.users) if (!sameRecord(before.users.get(id), u)) touched.add(id);
  for (const user of touched) {
    const u = after.users.get(user);
    if (!u) continue;
    const led = [...after.departments.values()]
      .filter((d) => d.leader === user && d.agency === u.agency)
      .map((d) => d.id)
      .sort();
    const current = [...(u.departments ?? [])].sort();
    if (canonical(led) === canonical(current)) continue;
    const { departments: _departments, ...rest } = u;
    after.users.set(user, led.length > 0 ? { ...rest, departments: led } : rest);
  }
}

// ── The checks every change passes ──────────────────────────────────────────────────────────

export function problemOptions(before: Snapshot, today: string, strict = false): ProblemOptions {
  const hasOffice = [...before.agencies.values()].some((a) => a.disclosureOffice && a.status === 'active');
  const hasAdmin = [...before.users.values()].some((u) => u.roles.includes('admin') && !u.disabled);
  return { today, requireOffice: strict || hasOffice, requireAdmin: hasAdmin };
}

/** The problems the change would introduce, and the warnings it adds. */
export function checkChange(
  before: Snapshot,
  after: Snapshot,
  options: ProblemOptions,
): { problems: Problem[]; warnings: Problem[] } {
  return {
    problems: introducedProblems(problemsOf(before, options), problemsOf(after, options)),
    warnings: introducedProblems(warningsOf(before), warningsOf(after)),
  };
}

// ── One administrator's change ──────────────────────────────────────────────────────────────

export interface ChangeResult {
  /** Records written (agencies, departments, users). */
  readonly changed: number;
  /** Open tasks handed to whoever holds the position now. */
  readonly tasksMoved: number;
  readonly warnings: readonly string[];
  /** The log entries written (one per transaction). */
  readonly logIds: readonly string[];
}

export interface ChangeOptions {
  readonly note?: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Every single administration goes through here: read the directory, let `edit` change a draft
 * of it, keep the derived fields right, check the administrator may write every record that
 * changed and that the change introduces no problem, work out which open tasks move with a
 * position, and write it all in one transaction with its log entry — again from a fresh read when
 * someone else wrote first. Moves beyond one transaction's capacity follow in further ones (the
 * records first, so the old holder is refused from the first write on: shared/pipeline/tasks/decide.ts).
 */
export async function changeDirectory(
  deps: DirectoryDeps,
  admin: Administrator,
  action: DirectoryAction,
  edit: (draft: Snapshot, ctx: ChangeContext) => void,
  options: ChangeOptions = {},
): Promise<ChangeResult> {
  for (let attempt = 1; ; attempt++) {
    const ctx = contextOf(deps.clock, admin.actor);
    const before = await readSnapshot(deps.directory);
    const after = draftOf(before);
    edit(after, ctx);
    deriveLeadership(before, after);
    assertInReach(admin, before, after);
    const { problems, warnings } = checkChange(before, after, problemOptions(before, ctx.today));
    if (problems.length > 0) throw new ValidationError(problems.map((p) => p.message).join('; '));
    const records = recordUnits(before, after);
    if (records.length === 0)
      return { changed: 0, tasksMoved: 0, warnings: warnings.map((w) => w.message), logIds: [] };
    const people = displaced(before, after);
    const moves = await taskMovesFor(deps, people, before, after, ctx);
    const chunks = pack([...records, ...moves]);
    const extra = (part: number) =>
      chunks.length > 1 ? { part: part + 1, parts: chunks.length } : ({} as Record<string, never>);
    const first = writeOf(chunks[0] ?? [], ctx, action, {
      ...(options.note ? { note: options.note } : {}),
      ...extra(0),
    });
    try {
      await deps.directory.write(first);
    } catch (err) {
      if (err instanceof DirectoryConflictError && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
    const logIds = [first.log.id];
    let moved = chunks[0]?.filter((u) => u.move).length ?? 0;
    // The records are written: the rest are task moves only, re-planned if a task moved meanwhile.
    let rest = chunks.slice(1);
    for (let round = 0; rest.length > 0 && round < MAX_ATTEMPTS; round++) {
      try {
        for (const [i, chunk] of rest.entries()) {
          const write = writeOf(chunk, contextOf(deps.clock, admin.actor), action, {
            part: chunks.length - rest.length + i + 1,
            parts: chunks.length,
          });
          await deps.directory.write(write);
          logIds.push(write.log.id);
          moved += chunk.length;
        }
        rest = [];
      } catch (err) {
        if (!(err instanceof DirectoryConflictError && err.part === 'task')) throw err;
        const now = await readSnapshot(deps.directory);
        rest = pack(await taskMovesFor(deps, people, before, now, contextOf(deps.clock, admin.actor)));
      }
    }
    return { changed: records.length, tasksMoved: moved, warnings: warnings.map((w) => w.message), logIds };
  }
}
