import { ForbiddenError } from '../model/errors';
import { DISTRICT_ROLES, type Identity, type Role } from '../model/identity';
import { type Snapshot, sameRecord } from './snapshot';

/**
 * Who may administer the directory: `admin` (the district disclosure office) everything;
 * `agency-admin` the departments, leader assignments and users of its own agency — not an agency
 * record itself (its name, code, head, COORD-4 competences, abolition, the disclosure office), not
 * another agency's people, and not the district roles (admin, reviewer, oversight) of anybody.
 * The command line (`cli:…`) and the system (`system:…`) act with the admin's authority.
 */
export type Administrator =
  | { readonly kind: 'admin'; readonly actor: string }
  | { readonly kind: 'agency-admin'; readonly actor: string; readonly agency: string };

export function administratorOf(caller: Identity): Administrator {
  if (caller.roles.includes('admin')) return { kind: 'admin', actor: caller.user };
  if (caller.roles.includes('agency-admin')) return { kind: 'agency-admin', actor: caller.user, agency: caller.agency };
  throw new ForbiddenError('only administrators (admin, agency-admin) administer the directory');
}

/** An operator with table access (the command line) or the system itself: the admin's authority. */
export const operator = (actor: string): Administrator => ({ kind: 'admin', actor });

export function mayAdministerDirectory(caller: Pick<Identity, 'roles'>): boolean {
  return caller.roles.includes('admin') || caller.roles.includes('agency-admin');
}

/** The agencies whose departments and users an administrator sees: all, or their own. */
export function seesAgency(admin: Administrator, agency: string): boolean {
  return admin.kind === 'admin' || admin.agency === agency;
}

const districtRoles = (roles: readonly Role[] | undefined) => (roles ?? []).filter((r) => DISTRICT_ROLES.has(r));

/**
 * Every record a change would write must be within the administrator's reach, as it was and as
 * it becomes. Returns what is out of reach (empty: allowed); the keys say which record.
 */
export function outOfReach(admin: Administrator, before: Snapshot, after: Snapshot): { key: string; why: string }[] {
  if (admin.kind === 'admin') return [];
  const own = admin.agency;
  const refused: { key: string; why: string }[] = [];
  for (const [id, a] of after.agencies) {
    if (!sameRecord(before.agencies.get(id), a)) {
      refused.push({
        key: `agency:${id}`,
        why: `agency records are the district administrators' (admin), not ${id}'s`,
      });
    }
  }
  for (const [key, d] of after.departments) {
    const was = before.departments.get(key);
    if (sameRecord(was, d)) continue;
    if (d.agency !== own || (was && was.agency !== own)) {
      refused.push({ key: `department:${key}`, why: `department ${key} is not ${own}'s` });
    }
  }
  for (const [id, u] of after.users) {
    const was = before.users.get(id);
    if (sameRecord(was, u)) continue;
    if (u.agency !== own || (was && was.agency !== own)) {
      refused.push({ key: `user:${id}`, why: `user ${id} is not ${own}'s` });
    } else if (districtRoles(was?.roles).length > 0 || districtRoles(u.roles).length > 0) {
      const roles = [...new Set([...districtRoles(was?.roles), ...districtRoles(u.roles)])].join(', ');
      refused.push({ key: `user:${id}`, why: `user ${id} has a district role (${roles}): only admin changes them` });
    }
  }
  return refused;
}

export function assertInReach(admin: Administrator, before: Snapshot, after: Snapshot): void {
  const refused = outOfReach(admin, before, after);
  if (refused.length > 0) throw new ForbiddenError(refused.map((r) => r.why).join('; '));
}
