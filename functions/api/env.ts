import type { Identity } from '../../shared/model/identity';

/** Hono variables set by the auth middleware on signed-in routes. */
export type StaffEnv = { Variables: { identity: Identity } };
