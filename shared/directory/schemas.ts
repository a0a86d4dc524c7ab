import * as z from 'zod';
import { ROLES } from '../model/identity';
import { entityId, isoDate, safeLine, safeText } from '../model/text';
import { sensitiveCategorySchema } from '../routing/schemas';
import { AGENCY_CODE } from './problems';

/**
 * What an administrator sends to change the directory, written once: the API's request bodies
 * and the import's rows (./import.ts) are checked against these. Strict: a misspelt field is an
 * error, not a change silently dropped.
 */

export const agencyCode = z
  .string({ error: 'code must be text' })
  .trim()
  .regex(AGENCY_CODE, 'code must be four digits (the AAAA of index numbers, e.g. 0201)');

export const email = z
  .string({ error: 'email must be text' })
  .trim()
  .max(254, 'email is at most 254 characters')
  .pipe(z.email({ error: 'email must be an e-mail address' }))
  .transform((e) => e.toLowerCase());

/** An identity provider's subject (`sub`): opaque, printable, without spaces. */
export const subject = z
  .string({ error: 'subject must be text' })
  .trim()
  .min(1, 'subject is required')
  .max(255, 'subject is at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'subject must be printable ASCII without spaces');

export const CompetentForSchema = z.array(sensitiveCategorySchema).max(6);

export const AgencyInputSchema = z.strictObject({
  id: entityId('id'),
  name: safeLine('name', 100),
  code: agencyCode,
  /** COORD-4 categories it is the competent department for. */
  competentFor: CompetentForSchema.optional(),
  /** The agency's head (a user of it), who takes over a sign-off its leader let lapse. */
  head: entityId('head').optional(),
  /** COORD-5(2): this agency is the district disclosure office (moves it from the one that was). */
  disclosureOffice: z.literal(true).optional(),
});
export type AgencyInput = z.output<typeof AgencyInputSchema>;

/** Only what is given changes; `head: null` removes the head. */
export const AgencyPatchSchema = z.strictObject({
  name: safeLine('name', 100).optional(),
  code: agencyCode.optional(),
  competentFor: CompetentForSchema.optional(),
  head: entityId('head').nullable().optional(),
  disclosureOffice: z.literal(true).optional(),
});
export type AgencyPatch = z.output<typeof AgencyPatchSchema>;

/** COORD-3: who decided the abolition, and who inherited the duties (if anybody did). */
export const AbolitionSchema = z.strictObject({
  abolishedBy: entityId('abolishedBy'),
  successorId: entityId('successorId').optional(),
});
export type Abolition = z.output<typeof AbolitionSchema>;

export const DepartmentInputSchema = z.strictObject({
  id: entityId('id'),
  name: safeLine('name', 100),
  /** The leader in charge (分管领导, EXPAND-2): a user of the agency with the role leader. */
  leader: entityId('leader'),
  /** The day the assignment takes effect; today unless given (never later than today). */
  effectiveFrom: isoDate('effectiveFrom').optional(),
});
export type DepartmentInput = z.output<typeof DepartmentInputSchema>;

export const DepartmentPatchSchema = z.strictObject({ name: safeLine('name', 100) });

export const LeaderAssignmentSchema = z.strictObject({
  leader: entityId('leader'),
  effectiveFrom: isoDate('effectiveFrom'),
});
export type LeaderAssignmentInput = z.output<typeof LeaderAssignmentSchema>;

export const RolesSchema = z
  .array(z.enum(ROLES, { error: `roles are ${ROLES.join(', ')}` }))
  .min(1, 'a user needs at least one role')
  .max(ROLES.length)
  .transform((roles) => [...new Set(roles)]);

export const UserInputSchema = z.strictObject({
  user: entityId('user'),
  name: safeLine('name', 100),
  roles: RolesSchema,
  agency: entityId('agency'),
  /** The department they work in (an uploader's default). */
  department: entityId('department').optional(),
  email: email.optional(),
  /** An explicit link to the identity provider's subject (else the first sign-in by e-mail links it). */
  subject: subject.optional(),
});
export type UserInput = z.output<typeof UserInputSchema>;

/** Only what is given changes; `department`, `email` or `subject` null removes it. */
export const UserPatchSchema = z.strictObject({
  name: safeLine('name', 100).optional(),
  roles: RolesSchema.optional(),
  agency: entityId('agency').optional(),
  department: entityId('department').nullable().optional(),
  email: email.nullable().optional(),
});
export type UserPatch = z.output<typeof UserPatchSchema>;

export const DisableSchema = z.strictObject({ reason: safeText('reason', 500, 0).optional() });

export const SubjectLinkSchema = z.strictObject({ subject: subject.nullable() });
