import type { DynamoRepository } from '../../functions/adapters/dynamo';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS } from './demo/district';

/** Writes the demo district's directory (idempotent: the same items every start). */
export async function seedDirectory(repository: DynamoRepository): Promise<void> {
  await Promise.all([
    ...DEMO_AGENCIES.map((a) => repository.putAgency(a)),
    ...DEMO_DEPARTMENTS.map((d) => repository.putDepartment(d)),
    ...DEMO_USERS.map((u) => repository.putUser(u)),
  ]);
}
