import { operator } from '../../shared/directory/access';
import type { DirectoryDeps } from '../../shared/directory/context';
import { directoryCsv } from '../../shared/directory/export';
import { type ImportReport, importDirectory } from '../../shared/directory/import';
import { departmentKey, emptySnapshot } from '../../shared/directory/snapshot';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS } from './demo/district';

/** Who the change log names for the demo directory. */
export const SEED_ACTOR = 'system:demo-seed';

/** The day the demo's leaders are in charge from (the demo history starts two years back). */
const DEMO_ASSIGNMENTS_FROM = '2020-01-01';

/** The demo district as an import file (the format README "The directory" describes). */
export function demoDirectoryCsv(): string {
  const s = emptySnapshot();
  for (const a of DEMO_AGENCIES) s.agencies.set(a.id, a);
  for (const d of DEMO_DEPARTMENTS) {
    s.departments.set(departmentKey(d.agency, d.id), {
      ...d,
      leaders: [{ leader: d.leader, effectiveFrom: DEMO_ASSIGNMENTS_FROM, assignedAt: '', assignedBy: SEED_ACTOR }],
    });
  }
  for (const u of DEMO_USERS) s.users.set(u.user, u);
  return directoryCsv(s);
}

/**
 * Writes the demo district's directory through the import, as ops onboard a district: the first
 * start creates it (with its change log), later starts find every row unchanged and write nothing.
 */
export async function seedDirectory(deps: DirectoryDeps): Promise<ImportReport> {
  return importDirectory(deps, operator(SEED_ACTOR), demoDirectoryCsv());
}
