import * as z from 'zod';
import { type Agency, type Identity as DomainIdentity, ROLES } from '../model/identity';
import { enumOf, type Fits } from './common';

/** Who is who: the signed-in caller and the public directory of agencies. */

/** GET /api/me (and each of GET /api/dev/identities, local runtime only): a person and their roles. */
export const IdentitySchema = z.object({
  user: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)).readonly(),
  agency: z.string(),
  department: z.string().optional(),
  /** Departments a leader signs off for (EXPAND-2). */
  departments: z.array(z.string()).readonly().optional(),
});
export type Identity = z.infer<typeof IdentitySchema>;
export const IdentityListSchema = z.array(IdentitySchema);

/** POST /api/dev/login (local runtime only). */
export const LoginResponseSchema = z.object({ token: z.string().min(1) });

/** GET /api/agencies (public): every agency with its departments. */
export const PublicAgencySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Four-digit agency code, the AAAA of an index number. */
  code: z.string(),
  status: enumOf<Agency['status']>({ active: 'active', abolished: 'abolished' }),
  successorId: z.string().optional(),
  departments: z.array(z.object({ id: z.string(), name: z.string() })).readonly(),
});
export type PublicAgency = z.infer<typeof PublicAgencySchema>;
export const AgencyListSchema = z.array(PublicAgencySchema);

export type DirectoryChecks = [
  Fits<DomainIdentity, z.input<typeof IdentitySchema>>,
  Fits<z.output<typeof IdentitySchema>, DomainIdentity>,
];
