import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Identity, IdentitySchema, LoginResponseSchema } from '../../../../shared/api/responses';
import { api, onUnauthorized, tokenStore } from '../../lib/api';

interface Session {
  readonly identity: Identity | null;
  /** `checking` while a stored token is being verified with GET /api/me. */
  readonly state: 'checking' | 'ready' | 'error';
  readonly error: unknown;
  signIn(user: string): Promise<Identity>;
  signOut(): void;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [state, setState] = useState<Session['state']>(() => (tokenStore.get() ? 'checking' : 'ready'));
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);

  const signOut = useCallback(() => {
    tokenStore.clear();
    setIdentity(null);
    setState('ready');
  }, []);

  useEffect(() => {
    onUnauthorized(signOut);
    return () => onUnauthorized(null);
  }, [signOut]);

  useEffect(() => {
    if (!tokenStore.get()) return;
    let live = true;
    setState('checking');
    // `attempt` re-runs the check after a failure the user asked to retry.
    void attempt;
    api('/api/me', IdentitySchema).then(
      (me) => {
        if (!live) return;
        setIdentity(me);
        setState('ready');
      },
      (err: unknown) => {
        if (!live) return;
        if (!tokenStore.get()) {
          setState('ready'); // 401: the token was cleared by onUnauthorized
          return;
        }
        setError(err);
        setState('error');
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const signIn = useCallback(async (user: string) => {
    const { token } = await api('/api/dev/login', LoginResponseSchema, { method: 'POST', body: { user } });
    tokenStore.set(token);
    const me = await api('/api/me', IdentitySchema);
    setIdentity(me);
    setError(undefined);
    setState('ready');
    return me;
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const value = useMemo<Session>(
    () => ({ identity, state, error, signIn, signOut, retry }),
    [identity, state, error, signIn, signOut, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}
