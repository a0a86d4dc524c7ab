import { DirectoryConflictError } from '../model/errors';
import type { Identity } from '../model/identity';
import { operator } from './access';
import type { DirectoryDeps } from './context';
import { changeDirectory } from './write';

/** Who links a subject at a first sign-in, as the change log records it. */
export const SIGN_IN_ACTOR = 'system:sign-in';

/** What a verified token says about who signed in. */
export interface SignInClaims {
  /** The provider's `sub`. */
  readonly subject: string;
  readonly email?: string;
  /** Only a verified address links an entry. */
  readonly emailVerified?: boolean;
}

/**
 * The directory entry of a verified token: the one linked to its subject; else, at a first
 * sign-in, the one whose e-mail the provider verified — linked to the subject there and then
 * (an audited change by `system:sign-in`), so later sign-ins find it by subject alone. An entry
 * linked to another subject is never taken over. Undefined when nobody matches. Whether the entry
 * is disabled is the caller's to check (it is returned as it is).
 */
export async function identityForSignIn(deps: DirectoryDeps, claims: SignInClaims): Promise<Identity | undefined> {
  const { directory } = deps;
  const linked = await directory.claimOwner('subject', claims.subject);
  if (linked) {
    const user = await directory.getUser(linked);
    return user?.subject === claims.subject ? user : undefined;
  }
  if (!claims.email || claims.emailVerified !== true) return undefined;
  const owner = await directory.claimOwner('email', claims.email.toLowerCase());
  const user = owner ? await directory.getUser(owner) : undefined;
  if (!user || user.subject || user.email?.toLowerCase() !== claims.email.toLowerCase()) return undefined;
  // A disabled entry is not linked (its sign-in is refused, and re-enabling must not find it taken).
  if (user.disabled) return user;
  try {
    await changeDirectory(deps, operator(SIGN_IN_ACTOR), 'subject-linked', (draft) => {
      const current = draft.users.get(user.user);
      if (!current || current.subject) throw new DirectoryConflictError('user', user.user);
      draft.users.set(user.user, { ...current, subject: claims.subject });
    });
  } catch (err) {
    // Two first sign-ins at once: whoever linked first wins; read what is there now.
    if (!(err instanceof DirectoryConflictError)) throw err;
  }
  const now = await directory.getUser(user.user);
  return now?.subject === claims.subject ? now : undefined;
}
