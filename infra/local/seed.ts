import type { Directory } from '../../shared/ports';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS } from './demo/district';

/** Writes the demo district's directory (idempotent: the same items every start). */
export async function seedDirectory(directory: Directory): Promise<void> {
  await Promise.all([
    ...DEMO_AGENCIES.map((a) => directory.putAgency(a)),
    ...DEMO_DEPARTMENTS.map((d) => directory.putDepartment(d)),
    ...DEMO_USERS.map((u) => directory.putUser(u)),
  ]);
}
