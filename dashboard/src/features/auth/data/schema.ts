import { z } from 'zod';
import type { Role } from '../../../../../shared/model/identity';

export const IdentitySchema = z.object({
  user: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  agency: z.string(),
  department: z.string().nullish(),
  departments: z.array(z.string()).nullish(),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const IdentityListSchema = z.array(IdentitySchema);
export const LoginResponseSchema = z.object({ token: z.string().min(1) });

export function hasAnyRole(identity: Identity | null, roles: readonly Role[]): boolean {
  return !!identity && identity.roles.some((r) => (roles as readonly string[]).includes(r));
}
