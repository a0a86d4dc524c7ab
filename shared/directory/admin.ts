import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../model/errors';
import type { Agency, Department, Identity } from '../model/identity';
import type { Administrator } from './access';
import { withAssignment } from './assignments';
import type { ChangeContext, DirectoryDeps } from './context';
import type {
  Abolition,
  AgencyInput,
  AgencyPatch,
  DepartmentInput,
  LeaderAssignmentInput,
  UserInput,
  UserPatch,
} from './schemas';
import { compact, departmentKey, type Snapshot } from './snapshot';
import { type ChangeResult, changeDirectory } from './write';

/**
 * The directory's use cases, one per administration. Each changes a draft of the directory;
 * changeDirectory (./write.ts) checks who may, what it breaks, which open tasks move, and writes
 * it with its log entry.
 */

/** An agency administrator is refused another agency's departments before anything else is looked at. */
function reach(admin: Administrator, agency: string): void {
  if (admin.kind === 'agency-admin' && admin.agency !== agency) {
    throw new ForbiddenError(`you administer ${admin.agency}'s departments and users, not ${agency}'s`);
  }
}

const lower = (email: string | null | undefined) => (typeof email === 'string' ? email.toLowerCase() : email);

function agencyIn(draft: Snapshot, id: string): Agency {
  const agency = draft.agencies.get(id);
  if (!agency) throw new NotFoundError(`no agency ${id}`);
  return agency;
}

function departmentIn(draft: Snapshot, agency: string, id: string): Department {
  const department = draft.departments.get(departmentKey(agency, id));
  if (!department) throw new NotFoundError(`no department ${agency}/${id}`);
  return department;
}

function userIn(draft: Snapshot, user: string): Identity {
  const found = draft.users.get(user);
  if (!found) throw new NotFoundError(`no user ${user}`);
  return found;
}

/** COORD-5(2): the one disclosure office moves to `id` (unset on the agency that was). */
export function moveDisclosureOffice(draft: Snapshot, id: string): void {
  for (const [other, a] of draft.agencies) {
    if (other !== id && a.disclosureOffice) {
      const { disclosureOffice: _office, ...rest } = a;
      draft.agencies.set(other, rest);
    }
  }
  const target = draft.agencies.get(id);
  if (target) draft.agencies.set(id, { ...target, disclosureOffice: true });
}

/** An assignment's day: today unless given, never later than today (a move of open tasks is now). */
export function assignmentDay(effectiveFrom: string | undefined, ctx: ChangeContext, previous?: Department): string {
  const day = effectiveFrom ?? ctx.today;
  if (day > ctx.today) {
    throw new ValidationError(
      `effectiveFrom ${day} is after today (${ctx.today}): record an assignment on the day it takes effect, when its open sign-offs move`,
    );
  }
  const last = previous?.leaders?.at(-1);
  if (last && day < last.effectiveFrom) {
    throw new ValidationError(
      `effectiveFrom ${day} is before the current assignment (${last.leader} from ${last.effectiveFrom})`,
    );
  }
  return day;
}

export async function createAgency(deps: DirectoryDeps, admin: Administrator, input: AgencyInput) {
  return changeDirectory(deps, admin, 'agency-created', (draft) => {
    if (draft.agencies.has(input.id)) throw new ConflictError(`agency ${input.id} exists`);
    const { disclosureOffice, ...fields } = input;
    draft.agencies.set(input.id, compact({ ...fields, status: 'active' as const }));
    if (disclosureOffice) moveDisclosureOffice(draft, input.id);
  });
}

/** Renames, sets the code (index numbers from now on), COORD-4 competences, the head, the disclosure office. */
export async function updateAgency(deps: DirectoryDeps, admin: Administrator, id: string, patch: AgencyPatch) {
  return changeDirectory(deps, admin, 'agency-updated', (draft) => {
    const agency = agencyIn(draft, id);
    const { head, disclosureOffice, competentFor, ...fields } = patch;
    const next: Record<string, unknown> = { ...agency, ...compact(fields) };
    if (competentFor !== undefined) next.competentFor = competentFor.length ? [...new Set(competentFor)] : undefined;
    if (head !== undefined) next.head = head ?? undefined;
    draft.agencies.set(id, compact(next) as unknown as Agency);
    if (disclosureOffice) moveDisclosureOffice(draft, id);
  });
}

/**
 * COORD-3: the agency is abolished; routing follows its successor (who inherited its duties) or,
 * where nobody did, the agency that decided the abolition. It cannot be undone here.
 */
export async function abolishAgency(deps: DirectoryDeps, admin: Administrator, id: string, abolition: Abolition) {
  return changeDirectory(deps, admin, 'agency-abolished', (draft) => {
    const agency = agencyIn(draft, id);
    if (agency.status === 'abolished') throw new ConflictError(`agency ${id} is already abolished`);
    for (const [field, other] of Object.entries(abolition)) {
      if (other === id) throw new ValidationError(`${field}: an agency cannot succeed or abolish itself`);
      if (other && draft.agencies.get(other)?.status !== 'active') {
        throw new ValidationError(`${field}: ${other} is not an active agency`);
      }
    }
    if (agency.disclosureOffice) {
      throw new ValidationError(`${id} is the disclosure office: make another agency the office first (COORD-5(2))`);
    }
    draft.agencies.set(id, compact({ ...agency, status: 'abolished' as const, ...abolition }));
  });
}

export async function createDepartment(
  deps: DirectoryDeps,
  admin: Administrator,
  agency: string,
  input: DepartmentInput,
) {
  reach(admin, agency);
  return changeDirectory(deps, admin, 'department-created', (draft, ctx) => {
    const owner = agencyIn(draft, agency);
    if (owner.status !== 'active') throw new ValidationError(`agency ${agency} is abolished`);
    if (draft.departments.has(departmentKey(agency, input.id))) {
      throw new ConflictError(`department ${agency}/${input.id} exists`);
    }
    const effectiveFrom = assignmentDay(input.effectiveFrom, ctx);
    draft.departments.set(departmentKey(agency, input.id), {
      agency,
      id: input.id,
      name: input.name,
      leader: input.leader,
      leaders: [{ leader: input.leader, effectiveFrom, assignedAt: ctx.at, assignedBy: ctx.actor }],
    });
  });
}

export async function renameDepartment(
  deps: DirectoryDeps,
  admin: Administrator,
  agency: string,
  id: string,
  name: string,
) {
  reach(admin, agency);
  return changeDirectory(deps, admin, 'department-updated', (draft) => {
    draft.departments.set(departmentKey(agency, id), { ...departmentIn(draft, agency, id), name });
  });
}

/**
 * EXPAND-2: a new leader in charge of the department from `effectiveFrom` (today at the latest).
 * Every open sign-off of the department moves to them in the same transaction, so the old leader
 * can no longer decide it.
 */
export async function assignLeader(
  deps: DirectoryDeps,
  admin: Administrator,
  agency: string,
  id: string,
  input: LeaderAssignmentInput,
): Promise<ChangeResult> {
  reach(admin, agency);
  return changeDirectory(deps, admin, 'leader-assigned', (draft, ctx) => {
    const department = departmentIn(draft, agency, id);
    if (department.leader === input.leader) {
      throw new ConflictError(`${input.leader} is already the leader in charge of ${agency}/${id}`);
    }
    const effectiveFrom = assignmentDay(input.effectiveFrom, ctx, department);
    draft.departments.set(
      departmentKey(agency, id),
      withAssignment(department, { leader: input.leader, effectiveFrom, assignedAt: ctx.at, assignedBy: ctx.actor }),
    );
  });
}

export async function createUser(deps: DirectoryDeps, admin: Administrator, input: UserInput) {
  return changeDirectory(deps, admin, 'user-created', (draft) => {
    if (draft.users.has(input.user)) throw new ConflictError(`user ${input.user} exists`);
    draft.users.set(input.user, compact({ ...input, email: lower(input.email) ?? undefined }));
  });
}

/** Name, roles, agency, department, e-mail: only what the patch gives (null removes). */
export async function updateUser(deps: DirectoryDeps, admin: Administrator, user: string, patch: UserPatch) {
  return changeDirectory(deps, admin, 'user-updated', (draft) => {
    const current = userIn(draft, user);
    const next: Record<string, unknown> = { ...current };
    for (const [field, value] of Object.entries({ ...patch, email: lower(patch.email) })) {
      if (value !== undefined) next[field] = value ?? undefined;
    }
    if (patch.agency !== undefined && patch.agency !== current.agency && patch.department === undefined) {
      next.department = undefined; // a department of the agency they left
    }
    draft.users.set(user, compact(next) as unknown as Identity);
  });
}

/**
 * A disabled user can no longer sign in or call the API (within the minute the sign-in caches the
 * directory). Always allowed, even for someone holding a position: the warnings say which.
 */
export async function disableUser(deps: DirectoryDeps, admin: Administrator, user: string, reason?: string) {
  return changeDirectory(
    deps,
    admin,
    'user-disabled',
    (draft) => {
      const current = userIn(draft, user);
      if (current.disabled) throw new ConflictError(`user ${user} is already disabled`);
      if (admin.actor === user) throw new ValidationError('you cannot disable yourself');
      draft.users.set(user, { ...current, disabled: true });
    },
    reason ? { note: reason } : {},
  );
}

export async function enableUser(deps: DirectoryDeps, admin: Administrator, user: string) {
  return changeDirectory(deps, admin, 'user-enabled', (draft) => {
    const { disabled, ...rest } = userIn(draft, user);
    if (!disabled) throw new ConflictError(`user ${user} is not disabled`);
    draft.users.set(user, rest);
  });
}

/** Links (or, with null, unlinks) the identity provider's subject to the user's entry. */
export async function linkSubject(deps: DirectoryDeps, admin: Administrator, user: string, subject: string | null) {
  return changeDirectory(deps, admin, 'subject-linked', (draft) => {
    const { subject: _previous, ...rest } = userIn(draft, user);
    draft.users.set(user, subject ? { ...rest, subject } : rest);
  });
}
