import {
  type AdminAgency,
  AdminAgencyListSchema,
  type AdminDepartment,
  AdminDepartmentListSchema,
  type AdminUser,
  AdminUserListSchema,
  type DirectoryChange,
  DirectoryChangeSchema,
} from '../../../../../shared/api/responses';
import { beijingDate } from '../../../../../shared/calendar/beijing';
import { api } from '../../../lib/api';
import { type Resource, useResource } from '../../../lib/use-resource';

/** The directory as its administrators read it: every agency; departments and users of those they see. */
export interface DirectoryData {
  readonly agencies: Resource<AdminAgency[]>;
  readonly departments: Resource<AdminDepartment[]>;
  readonly users: Resource<AdminUser[]>;
  /** Reads all three again (after a change). */
  reload(): void;
}

export function useDirectory(): DirectoryData {
  const agencies = useResource('admin:agencies', (signal) =>
    api('/api/directory/agencies', AdminAgencyListSchema, { signal }),
  );
  const departments = useResource('admin:departments', (signal) =>
    api('/api/directory/departments', AdminDepartmentListSchema, { signal }),
  );
  const users = useResource('admin:users', (signal) => api('/api/directory/users', AdminUserListSchema, { signal }));
  return {
    agencies,
    departments,
    users,
    reload() {
      agencies.reload();
      departments.reload();
      users.reload();
    },
  };
}

const segment = (id: string) => encodeURIComponent(id);

/** The path of a directory record's route. */
export const paths = {
  agencies: '/api/directory/agencies',
  agency: (id: string) => `/api/directory/agencies/${segment(id)}`,
  departments: (agency: string) => `/api/directory/agencies/${segment(agency)}/departments`,
  department: (agency: string, id: string) => `/api/directory/agencies/${segment(agency)}/departments/${segment(id)}`,
  users: '/api/directory/users',
  user: (id: string) => `/api/directory/users/${segment(id)}`,
};

/** One administration: POST or PUT its body; the server answers what it wrote. */
export function change(method: 'POST' | 'PUT', path: string, body: unknown = {}): Promise<DirectoryChange> {
  return api(path, DirectoryChangeSchema, { method, body });
}

/** A person's name with their account, or the account alone when the directory does not know it. */
export function personLabel(users: readonly AdminUser[] | undefined, user: string | undefined): string {
  if (!user) return '—';
  const found = users?.find((u) => u.user === user);
  return found ? `${found.name}（${found.user}）` : user;
}

/** Who made a change: a person by name, the command line's operator, the system. */
export function actorLabel(
  words: { readonly cli: (name: string) => string; readonly system: string },
  users: readonly AdminUser[] | undefined,
  actor: string,
): string {
  if (actor.startsWith('cli:')) return words.cli(actor.slice(4));
  if (actor.startsWith('system:')) return `${words.system}（${actor.slice(7)}）`;
  return personLabel(users, actor);
}

export function agencyLabel(agencies: readonly AdminAgency[] | undefined, id: string | undefined): string {
  if (!id) return '—';
  return agencies?.find((a) => a.id === id)?.name ?? id;
}

/** Today on the district's clock (YYYY-MM-DD), the latest day an assignment may take effect. */
export const beijingToday = (): string => beijingDate(new Date());

/** Drops the fields left empty in a form, so the server sees only what was filled in. */
export function filled<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== undefined)) as Partial<T>;
}
