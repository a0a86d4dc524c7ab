import { randomUUID } from 'node:crypto';
import { beijingDate } from '../calendar/beijing';
import type { ChangeLine, ClaimKind, DirectoryAction, DirectoryLogEntry } from '../model/directory';
import type { DocumentRecord } from '../model/document';
import { DirectoryConflictError, ValidationError } from '../model/errors';
import type { Agency, Department, Identity } from '../model/identity';
import type { HumanTask } from '../model/task';
import { assigneesFor } from '../pipeline/tasks/assignees';
import type { Clock, Directory, DirectoryClaim, DirectoryPut, DocumentStore, TaskMove, TaskStore } from '../ports';
import { type Administrator, assertInReach } from './access';
import { leaderOn } from './assignments';
import { introducedProblems, type Problem, type ProblemOptions, problemsOf, warningsOf } from './problems';
import {
  canonical,
  claimKey,
  compact,
  departmentKey,
  draftOf,
  readerOf,
  readSnapshot,
  type Snapshot,
  sameRecord,
  withoutVersion,
} from './snapshot';

/** What administering the directory works through. */
export interface DirectoryDeps {
  readonly directory: Directory;
  readonly tasks: Pick<TaskStore, 'listOpen' | 'getTask'>;
  readonly documents: Pick<DocumentStore, 'get'>;
  readonly clock: Clock;
}

/** When a change happens and who makes it. */
export interface ChangeContext {
  readonly at: string;
  /** The day (Beijing) of `at`. */
  readonly today: string;
  readonly actor: string;
}

export function contextOf(clock: Clock, actor: string): ChangeContext {
  const now = clock.now();
  return { at: now.toISOString(), today: beijingDate(now), actor };
}

/** DynamoDB's 100 items per transaction, less the log entry and an import's status. */
export const ITEMS_PER_WRITE = 98;

// ── What a change writes ────────────────────────────────────────────────────────────────────

/** One record's part of a write: its put (with its claims) and its log line. */
export interface Unit {
  readonly put?: DirectoryPut;
  readonly removal?: DirectoryPut;
  readonly claims: readonly DirectoryClaim[];
  readonly move?: TaskMove;
  readonly line: ChangeLine;
  readonly agencies: readonly string[];
}

const FIELD_ABSENT = null;

/** The fields that differ, as they were and as they became (null: absent); whole records for a creation or removal. */
export function changeLine(
  kind: ChangeLine['kind'],
  key: string,
  before: object | undefined,
  after: object | undefined,
): ChangeLine {
  if (!before) return { kind, key, after: withoutVersion(after ?? {}) };
  if (!after) return { kind, key, before: withoutVersion(before) };
  const b = withoutVersion(before) as Record<string, unknown>;
  const a = withoutVersion(after) as Record<string, unknown>;
  const was: Record<string, unknown> = {};
  const is: Record<string, unknown> = {};
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (canonical(b[field]) === canonical(a[field])) continue;
    was[field] = b[field] ?? FIELD_ABSENT;
    is[field] = a[field] ?? FIELD_ABSENT;
  }
  return { kind, key, before: was, after: is };
}

type Kind = 'agency' | 'department' | 'user';

function claimValues(kind: Kind, record: object | undefined): Array<[ClaimKind, string]> {
  if (!record) return [];
  if (kind === 'agency') return [['code', (record as Agency).code]];
  if (kind === 'user') {
    const u = record as Identity;
    return [
      ...(u.email ? ([['email', u.email.toLowerCase()]] as Array<[ClaimKind, string]>) : []),
      ...(u.subject ? ([['subject', u.subject]] as Array<[ClaimKind, string]>) : []),
    ];
  }
  return [];
}

/** The claims a record's change takes and releases (a value held by nobody, or by another record as read). */
export function claimChanges(
  kind: Kind,
  owner: string,
  before: object | undefined,
  after: object | undefined,
  claims: ReadonlyMap<string, string>,
): DirectoryClaim[] {
  const kept = new Set(claimValues(kind, after).map(([k, v]) => claimKey(k, v)));
  const changes: DirectoryClaim[] = [];
  for (const [k, v] of claimValues(kind, before)) {
    if (!kept.has(claimKey(k, v)) && claims.get(claimKey(k, v)) === owner) {
      changes.push({ kind: k, value: v, owner: null, expectedOwner: owner });
    }
  }
  for (const [k, v] of claimValues(kind, after)) {
    const holder = claims.get(claimKey(k, v));
    if (holder !== owner) changes.push({ kind: k, value: v, owner, expectedOwner: holder ?? null });
  }
  return changes;
}

/** Two records of one write passing a claim on (codes swapped): one operation per claim item. */
export function mergeClaims(claims: readonly DirectoryClaim[]): DirectoryClaim[] {
  const byKey = new Map<string, DirectoryClaim>();
  for (const claim of claims) {
    const key = claimKey(claim.kind, claim.value);
    const known = byKey.get(key);
    if (!known) byKey.set(key, claim);
    else if (claim.owner !== null)
      byKey.set(key, { ...claim, expectedOwner: known.expectedOwner ?? claim.expectedOwner });
    else if (known.owner !== null)
      byKey.set(key, { ...known, expectedOwner: claim.expectedOwner ?? known.expectedOwner });
  }
  return [...byKey.values()];
}

function agencyOfRecord(kind: Kind, record: object): string {
  return kind === 'agency' ? (record as Agency).id : (record as Department | Identity).agency;
}

function keyOf(kind: Kind, record: object): string {
  if (kind === 'agency') return (record as Agency).id;
  if (kind === 'department') return departmentKey((record as Department).agency, (record as Department).id);
  return (record as Identity).user;
}

/** The records of `after` that differ from `before`, each with its put, claims and log line. */
export function recordUnits(before: Snapshot, after: Snapshot): Unit[] {
  const units: Unit[] = [];
  const kinds = [
    ['agency', before.agencies, after.agencies],
    ['user', before.users, after.users],
    ['department', before.departments, after.departments],
  ] as const;
  for (const [kind, was, is] of kinds) {
    for (const [key, next] of is as ReadonlyMap<string, Agency | Department | Identity>) {
      const prior = (was as ReadonlyMap<string, Agency | Department | Identity>).get(key);
      if (sameRecord(prior, next)) continue;
      const owner = keyOf(kind, next);
      const record = compact({ ...next, version: (prior?.version ?? 0) + 1 });
      units.push({
        put: { kind, record, expectedVersion: prior ? (prior.version ?? 0) : null } as DirectoryPut,
        claims: claimChanges(kind, owner, prior, next, before.claims),
        line: changeLine(kind, key, prior, next),
        agencies: [...new Set([agencyOfRecord(kind, next), ...(prior ? [agencyOfRecord(kind, prior)] : [])])],
      });
    }
  }
  return units;
}

export function moveUnit(move: TaskMove, task: HumanTask, doc: DocumentRecord | undefined): Unit {
  return {
    move,
    claims: [],
    line: {
      kind: 'task',
      key: move.id,
      documentId: task.documentId,
      before: { assignee: move.from },
      after: { assignee: move.to },
    },
    agencies: doc ? [doc.agency] : [],
  };
}

const itemsOf = (u: Unit) => (u.put ? 1 : 0) + (u.removal ? 1 : 0) + (u.move ? 1 : 0) + u.claims.length;

/** Units packed in order into writes of at most ITEMS_PER_WRITE items (a unit is never split). */
export function pack(units: readonly Unit[], capacity = ITEMS_PER_WRITE): Unit[][] {
  const chunks: Unit[][] = [];
  let current: Unit[] = [];
  let size = 0;
  for (const unit of units) {
    const n = itemsOf(unit);
    if (size + n > capacity && current.length > 0) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(unit);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function logId(at: string, part = 0): string {
  return `${at}#${randomUUID().slice(0, 8)}#${String(part).padStart(4, '0')}`;
}

/** One write of packed units, with its log entry. */
export function writeOf(
  units: readonly Unit[],
  ctx: ChangeContext,
  action: DirectoryAction,
  extra: Partial<Pick<DirectoryLogEntry, 'note' | 'importId' | 'part' | 'parts'>> = {},
): Parameters<Directory['write']>[0] {
  const puts = units.flatMap((u) => (u.put ? [u.put] : []));
  const removals = units.flatMap((u) => (u.removal ? [u.removal] : []));
  const taskMoves = units.flatMap((u) => (u.move ? [u.move] : []));
  const claims = mergeClaims(units.flatMap((u) => u.claims));
  const log: DirectoryLogEntry = {
    id: logId(ctx.at, extra.part ?? 0),
    at: ctx.at,
    actor: ctx.actor,
    action,
    agencies: [...new Set(units.flatMap((u) => u.agencies))].sort(),
    changes: units.map((u) => u.line),
    ...extra,
  };
  return {
    ...(puts.length ? { puts } : {}),
    ...(removals.length ? { removals } : {}),
    ...(claims.length ? { claims } : {}),
    ...(taskMoves.length ? { taskMoves } : {}),
    log,
  };
}

// ── Who keeps the open tasks of a position that changed hands ──────────────────────────────

/**
 * The people who lost a position in the change: a department's leader, an agency's head, the
 * disclosure office's head. Their open tasks may have to follow the position.
 */
export function displaced(before: Snapshot, after: Snapshot): Set<string> {
  const people = new Set<string>();
  for (const [key, d] of after.departments) {
    const was = before.departments.get(key);
    if (was && was.leader !== d.leader) people.add(was.leader);
  }
  for (const [id, a] of after.agencies) {
    const was = before.agencies.get(id);
    if (was?.head && was.head !== a.head) people.add(was.head);
  }
  const officeHead = (s: Snapshot) => [...s.agencies.values()].find((a) => a.disclosureOffice)?.head;
  const head = officeHead(before);
  if (head && head !== officeHead(after)) people.add(head);
  return people;
}

/** Whom an open task of `person` goes to once the directory is `after`; undefined: it stays. */
async function successorFor(
  task: HumanTask,
  doc: DocumentRecord,
  person: string,
  before: Snapshot,
  after: Snapshot,
  today: string,
): Promise<string | undefined> {
  switch (task.kind) {
    case 'signoff': {
      if (!task.escalated) {
        const department = after.departments.get(departmentKey(doc.agency, doc.department));
        return department ? leaderOn(department, today) : undefined;
      }
      return (await assigneesFor(readerOf(after), doc, 'signoff', true, today).catch(() => []))[0];
    }
    case 'escalation':
      return (await assigneesFor(readerOf(after), doc, 'escalation', false, today).catch(() => []))[0];
    case 'consultation': {
      for (const agency of doc.consult ?? []) {
        const was = before.agencies.get(agency)?.head;
        const is = after.agencies.get(agency)?.head;
        if (was === person && is !== person) return is;
      }
      return undefined;
    }
    default:
      return undefined; // reviews and approvals are for groups, not for a position's holder
  }
}

/** Every open task of the displaced people that belongs to a position now held by someone else. */
export async function taskMovesFor(
  deps: Pick<DirectoryDeps, 'tasks' | 'documents'>,
  people: ReadonlySet<string>,
  before: Snapshot,
  after: Snapshot,
  ctx: ChangeContext,
): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const person of people) {
    for (const task of await deps.tasks.listOpen([person])) {
      if (task.assignee !== person) continue;
      const doc = await deps.documents.get(task.documentId);
      if (!doc) continue;
      const to = await successorFor(task, doc, person, before, after, ctx.today);
      if (!to || to === person) continue;
      units.push(moveUnit({ id: task.id, from: person, to, at: ctx.at, by: ctx.actor }, task, doc));
    }
  }
  return units;
}

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
