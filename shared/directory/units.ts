import { randomUUID } from 'node:crypto';
import type { ChangeLine, ClaimKind, DirectoryAction, DirectoryLogEntry } from '../model/directory';
import type { DocumentRecord } from '../model/document';
import type { Agency, Department, Identity } from '../model/identity';
import type { HumanTask } from '../model/task';
import type { Directory, DirectoryClaim, DirectoryPut, TaskMove } from '../ports';
import type { ChangeContext } from './context';
import { canonical, claimKey, compact, departmentKey, type Snapshot, sameRecord, withoutVersion } from './snapshot';

/**
 * What a change writes, as plain data for the Directory port: one unit per record (its put, the
 * claims it takes and releases, its log line) or per open task moved, packed into transactions.
 */

/** DynamoDB's 100 items per transaction, less the log entry and an import's status. */
export const ITEMS_PER_WRITE = 98;

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
