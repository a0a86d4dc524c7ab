import type { User, UserManager } from 'oidc-client-ts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { type Identity, IdentitySchema } from '../../../../shared/api/responses';
import { ApiError, api, onUnauthorized, tokenStore } from '../../lib/api';
import { useRouter } from '../../lib/router';
import {
  type AuthConfig,
  createUserManager,
  loadAuthConfig,
  type SignInState,
  safeNext,
  signedInMarker,
  signOutParams,
} from './oidc';

/** Why the last sign-in did not end signed in, for the sign-in page to say. */
export type SignInFailure =
  | { readonly kind: 'expired' }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  | { readonly kind: 'error'; readonly error: unknown };

interface Session {
  readonly identity: Identity | null;
  /** `checking` while the sign-in configuration loads, a sign-in returns, or a reload signs in again. */
  readonly state: 'checking' | 'ready' | 'error';
  readonly error: unknown;
  readonly failure: SignInFailure | null;
  /** To the provider's sign-in page; back at `next` (the role's home page otherwise). */
  signIn(next?: string): Promise<void>;
  /** Signs out here and at the provider, which returns to the dashboard's signed-out page. */
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

interface Auth {
  readonly config: AuthConfig;
  readonly manager: UserManager;
}

/** A sign-in's return is completed once per URL (React runs effects twice in development). */
const callbacks = new Map<string, Promise<User>>();

export function SessionProvider({ children }: { children: ReactNode }) {
  const { navigate } = useRouter();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [state, setState] = useState<Session['state']>('checking');
  const [error, setError] = useState<unknown>(undefined);
  const [failure, setFailure] = useState<SignInFailure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const auth = useRef<Promise<Auth> | null>(null);

  /** Forgets the sign-in in this page (not at the provider). */
  const endHere = useCallback((why: SignInFailure | null) => {
    tokenStore.clear();
    signedInMarker.clear();
    setIdentity(null);
    setFailure(why);
    void auth.current?.then(({ manager }) => manager.removeUser()).catch(() => {});
  }, []);

  const setup = useCallback((): Promise<Auth> => {
    if (!auth.current) {
      auth.current = loadAuthConfig().then((config) => {
        const manager = createUserManager(config);
        // Every new access token (the sign-in's, each renewal's) is what the API gets from now on.
        manager.events.addUserLoaded((user) => tokenStore.set(user.access_token));
        manager.events.addSilentRenewError(() => endHere({ kind: 'expired' }));
        manager.events.addAccessTokenExpired(() => endHere({ kind: 'expired' }));
        return { config, manager };
      });
      auth.current.catch(() => {
        auth.current = null;
      });
    }
    return auth.current;
  }, [endHere]);

  useEffect(() => {
    // A token the API no longer takes (expired, revoked, signed by a retired key): signed out here.
    onUnauthorized(() => endHere({ kind: 'expired' }));
    return () => onUnauthorized(null);
  }, [endHere]);

  const whoAmI = useCallback(async (user: User) => {
    tokenStore.set(user.access_token);
    try {
      return await api('/api/me', IdentitySchema);
    } catch (err) {
      tokenStore.clear();
      throw err;
    }
  }, []);

  useEffect(() => {
    let live = true;
    // `attempt` re-runs this after a failure the user asked to retry.
    void attempt;
    setState('checking');
    setup().then(
      async ({ config, manager }) => {
        const { pathname, search, href } = window.location;
        if (pathname === config.redirectPath) {
          // Back from the provider with a code: exchanged (with the PKCE verifier) for tokens.
          let pending = callbacks.get(href);
          if (!pending) {
            pending = manager.signinRedirectCallback(href);
            callbacks.set(href, pending);
          }
          let user: User;
          try {
            user = await pending;
          } catch (err) {
            if (!live) return;
            const returned = (err as { state?: SignInState }).state;
            if (returned?.silent) {
              // The provider's session is over too: signed out, where the reload was.
              endHere(null);
              setState('ready');
              navigate(safeNext(returned.next) ?? '/', { replace: true });
              return;
            }
            endHere({ kind: 'error', error: err });
            setState('ready');
            navigate('/signin', { replace: true });
            return;
          }
          const next = safeNext((user.state as SignInState | undefined)?.next);
          try {
            const me = await whoAmI(user);
            if (!live) return;
            signedInMarker.set();
            setIdentity(me);
            setFailure(null);
            setState('ready');
            navigate(next ?? '/', { replace: true });
          } catch (err) {
            if (!live) return;
            await manager.removeUser();
            endHere(
              err instanceof ApiError && err.status === 403
                ? { kind: 'refused', code: err.code, message: err.message }
                : { kind: 'error', error: err },
            );
            setState('ready');
            navigate('/signin', { replace: true });
          }
          return;
        }
        if (signedInMarker.get() && !tokenStore.get() && pathname !== config.signOutPath) {
          // A reload forgot the tokens (memory only): the provider's own session signs in again, unseen.
          const silent: SignInState = { next: `${pathname}${search}`, silent: true };
          await manager.signinRedirect({ prompt: 'none', state: silent });
          return; // the browser is leaving
        }
        if (live) setState('ready');
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setState('error');
      },
    );
    return () => {
      live = false;
    };
  }, [attempt, setup, whoAmI, endHere, navigate]);

  const signIn = useCallback(
    async (next?: string) => {
      const { manager } = await setup();
      const state: SignInState = safeNext(next) ? { next: safeNext(next) } : {};
      await manager.signinRedirect({ state });
    },
    [setup],
  );

  const signOut = useCallback(async () => {
    const { config, manager } = await setup();
    tokenStore.clear();
    signedInMarker.clear();
    setIdentity(null);
    // The refresh token can no longer renew anything, even if it was copied (best effort: a
    // provider without a revocation endpoint still signs out below).
    await manager.revokeTokens(['refresh_token']).catch(() => {});
    // With the ID token as hint; the user is removed from memory before the browser leaves.
    await manager.signoutRedirect({ extraQueryParams: signOutParams(config) });
  }, [setup]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const value = useMemo<Session>(
    () => ({ identity, state, error, failure, signIn, signOut, retry }),
    [identity, state, error, failure, signIn, signOut, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}
