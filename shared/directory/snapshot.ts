import type { ClaimKind } from '../model/directory';
import type { Agency, Department, Identity } from '../model/identity';
import type { Directory, DirectoryReader } from '../ports';

/**
 * The whole directory as read at one moment: every administration starts from one, changes a
 * draft copy of it, and the difference is what gets written (conditional on what was read).
 */
export interface Snapshot {
  readonly agencies: Map<string, Agency>;
  /** By `agency/department`. */
  readonly departments: Map<string, Department>;
  readonly users: Map<string, Identity>;
  /** `kind:value` → owner. */
  readonly claims: Map<string, string>;
}

export const departmentKey = (agency: string, id: string) => `${agency}/${id}`;
export const claimKey = (kind: ClaimKind, value: string) => `${kind}:${value}`;

export async function readSnapshot(directory: Directory): Promise<Snapshot> {
  const [agencies, departments, users, claims] = await Promise.all([
    directory.listAgencies(),
    directory.listDepartments(),
    directory.listUsers(),
    directory.listClaims(),
  ]);
  return {
    agencies: new Map(agencies.map((a) => [a.id, a])),
    departments: new Map(departments.map((d) => [departmentKey(d.agency, d.id), d])),
    users: new Map(users.map((u) => [u.user, u])),
    claims: new Map(claims.map((c) => [claimKey(c.kind, c.value), c.owner])),
  };
}

export function emptySnapshot(): Snapshot {
  return { agencies: new Map(), departments: new Map(), users: new Map(), claims: new Map() };
}

/** A copy to change: the maps are new, the records (immutable) shared. */
export function draftOf(s: Snapshot): Snapshot {
  return {
    agencies: new Map(s.agencies),
    departments: new Map(s.departments),
    users: new Map(s.users),
    claims: new Map(s.claims),
  };
}

/** The snapshot as the routing and task rules read a directory. */
export function readerOf(s: Snapshot): DirectoryReader {
  return {
    getAgency: async (id) => s.agencies.get(id),
    listAgencies: async () => [...s.agencies.values()],
    getDepartment: async (agency, id) => s.departments.get(departmentKey(agency, id)),
  };
}

/** A record without its version: what a change compares. */
export function withoutVersion<T extends { version?: number }>(record: T): Omit<T, 'version'> {
  const { version: _version, ...rest } = record;
  return rest;
}

/** Canonical JSON (keys sorted, undefined left out) for comparing records. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function sameRecord(a: object | undefined, b: object | undefined): boolean {
  if (!a || !b) return a === b;
  return canonical(withoutVersion(a)) === canonical(withoutVersion(b));
}

/** Removes the properties set to undefined (DynamoDB would leave them out). */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
