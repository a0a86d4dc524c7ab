import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { type DashboardConfig, DashboardConfigSchema } from '../../../../shared/api/dashboard-config';

/**
 * OpenID Connect in the browser (oidc-client-ts): the authorization code flow with PKCE against
 * whichever provider /config.json names — the local one, Cognito's managed login, or a district's
 * own 统一身份认证 — so one build serves every deployment.
 */

export type AuthConfig = DashboardConfig['auth'];

/** /config.json, written next to the site by the deployment (served by the local runtime locally). */
export async function loadAuthConfig(): Promise<AuthConfig> {
  const res = await fetch('/config.json', { cache: 'no-cache', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`/config.json: HTTP ${res.status}`);
  return DashboardConfigSchema.parse(await res.json()).auth;
}

/** What a sign-in carries through the provider and back: where to go afterwards. */
export interface SignInState {
  readonly next?: string;
  /** A sign-in without the provider's page (prompt=none), to carry a session on after a reload. */
  readonly silent?: boolean;
}

export function createUserManager(config: AuthConfig, origin = window.location.origin): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${config.redirectPath}`,
    post_logout_redirect_uri: `${origin}${config.signOutPath}`,
    response_type: 'code',
    scope: config.scopes,
    // Tokens live in this page's memory only; the PKCE verifier and state of a sign-in under way
    // (no token) in this tab's sessionStorage, which the redirect to the provider and back keeps.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage, prefix: 'gongkai.oidc.' }),
    // Renewed with the refresh token a minute before the access token expires (no iframe).
    automaticSilentRenew: true,
    loadUserInfo: false,
    monitorSession: false,
    metadataSeed: {
      ...(config.endSessionEndpoint ? { end_session_endpoint: config.endSessionEndpoint } : {}),
      ...(config.revocationEndpoint ? { revocation_endpoint: config.revocationEndpoint } : {}),
    },
  });
}

/** Sign-out at the provider: RP-initiated logout, or Cognito's /logout with client_id and logout_uri. */
export function signOutParams(config: AuthConfig, origin = window.location.origin): Record<string, string> {
  return config.signOut === 'cognito'
    ? { client_id: config.clientId, logout_uri: `${origin}${config.signOutPath}` }
    : {};
}

/**
 * This tab was signed in (a marker, not a token): after a reload, the session asks the provider
 * again without its page (prompt=none) rather than show the person as signed out.
 */
const MARKER = 'gongkai.signedIn';
export const signedInMarker = {
  get: () => safe(() => window.sessionStorage.getItem(MARKER) === '1'),
  set: () => safe(() => window.sessionStorage.setItem(MARKER, '1')),
  clear: () => safe(() => window.sessionStorage.removeItem(MARKER)),
};

function safe<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

/** Only this origin's own paths are followed after a sign-in. */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}
