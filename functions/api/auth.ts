import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Identity } from '../../shared/model/identity';
import type { Directory } from '../../shared/ports';
import { apiError } from './errors';

/**
 * Who is calling. One path everywhere — Lambda behind API Gateway's JWT authorizer, the local
 * runtime behind nothing: the bearer token is verified against the issuer's JWKS (signature,
 * issuer, audience or client, expiry, token use), the token says *who* (its subject, or a username
 * claim), and the directory says what they may do, read per request through a short cache.
 */

/** Who is calling, from the request; undefined when no token was sent (401). Throws 401/403/503 otherwise. */
export type Authenticator = (c: Context) => Promise<Identity | undefined>;

/** What makes a token an access token rather than an ID token: a header value, or a claim's. */
export type TokenUse =
  | { readonly header: 'typ'; readonly value: string }
  | { readonly claim: string; readonly value: string };

/** RFC 9068 JWT access tokens (oidc-provider, most OpenID providers): header `typ: at+jwt`. */
export const JWT_ACCESS_TOKEN = 'header.typ=at+jwt';
/** Cognito's access tokens: `token_use: access` (its ID tokens say `id`). */
export const COGNITO_ACCESS_TOKEN = 'claim.token_use=access';

/** How the API verifies tokens: the same settings drive the HTTP API's JWT authorizer on AWS. */
export interface OidcSettings {
  /** The issuer, exactly as its tokens' `iss` (and its discovery document) write it. */
  readonly issuer: string;
  /**
   * The dashboard's client id: a token's `aud` must contain it, or — when the provider writes no
   * `aud`, as Cognito's access tokens do — its `client_id` must be it (as API Gateway checks).
   */
  readonly audience: string;
  readonly tokenUse: TokenUse;
  /** A claim naming the directory user directly (Cognito: `username`; the local provider: `sub`). */
  readonly usernameClaim?: string;
  /** @default the `jwks_uri` of the issuer's discovery document */
  readonly jwksUri?: string;
}

/** `header.typ=at+jwt` or `claim.<name>=<value>`. */
export function parseTokenUse(text: string): TokenUse {
  const match = /^(header|claim)\.([A-Za-z0-9_:.-]+)=(.+)$/.exec(text.trim());
  if (!match?.[2] || !match[3]) {
    throw new Error(`token use "${text}" is not header.typ=<value> or claim.<name>=<value>`);
  }
  if (match[1] === 'header') {
    if (match[2] !== 'typ') throw new Error(`token use "${text}": only the typ header can be checked`);
    return { header: 'typ', value: match[3] };
  }
  return { claim: match[2], value: match[3] };
}

/** The settings from the Lambda's environment (infra/constructs/api.ts sets them). */
export function oidcSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): OidcSettings {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is required`);
    return value;
  };
  return {
    issuer: required('OIDC_ISSUER'),
    audience: required('OIDC_AUDIENCE'),
    tokenUse: parseTokenUse(env.OIDC_TOKEN_USE || JWT_ACCESS_TOKEN),
    ...(env.OIDC_USERNAME_CLAIM ? { usernameClaim: env.OIDC_USERNAME_CLAIM } : {}),
    ...(env.OIDC_JWKS_URI ? { jwksUri: env.OIDC_JWKS_URI } : {}),
  };
}

/** A token that verified: who it names, and all it says. */
export interface VerifiedToken {
  readonly subject: string;
  readonly claims: JWTPayload;
}

/** A presented token that is not good: answered 401 invalid_token. */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

/** Signatures the API accepts: asymmetric only, so no shared secret can ever sign a token. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Clocks drift a little between the provider and the API. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies bearer tokens against the issuer's keys (jose's remote JWKS: fetched once, cached ten
 * minutes, re-fetched when a token names an unknown key — a rotation). `keys` replaces the remote
 * set (tests hold their own JWKS in memory).
 */
export function tokenVerifier(
  settings: OidcSettings,
  keys?: JWTVerifyGetKey,
): (token: string) => Promise<VerifiedToken> {
  const getKey = keys ?? remoteKeys(settings);
  const { tokenUse } = settings;
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        issuer: settings.issuer,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
        ...('header' in tokenUse ? { typ: tokenUse.value } : {}),
      }));
    } catch (err) {
      if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) throw err;
      throw new TokenRejected(err.message);
    }
    const aud = payload.aud;
    if (aud !== undefined) {
      if (!(Array.isArray(aud) ? aud : [aud]).includes(settings.audience)) {
        throw new TokenRejected(`the token is not for this API (aud ${JSON.stringify(aud)})`);
      }
    } else if (payload.client_id !== settings.audience) {
      throw new TokenRejected('the token is not for this API (no aud, client_id does not match)');
    }
    if ('claim' in tokenUse && payload[tokenUse.claim] !== tokenUse.value) {
      throw new TokenRejected(`not an access token (${tokenUse.claim} is not "${tokenUse.value}")`);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenRejected('the token names no subject');
    return { subject: payload.sub, claims: payload };
  };
}

/** The issuer's JWKS: from the settings, or from its discovery document (looked up once). */
function remoteKeys(settings: OidcSettings): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const uri = settings.jwksUri ?? (await discoverJwksUri(settings.issuer));
    return createRemoteJWKSet(new URL(uri));
  };
  return async (header, token) => {
    keys ??= load();
    try {
      return await (await keys)(header, token);
    } catch (err) {
      if (!(err instanceof errors.JOSEError)) keys = undefined; // discovery failed: try again next time
      throw err;
    }
  };
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (doc.issuer !== issuer) throw new Error(`${url} names the issuer ${String(doc.issuer)}, not ${issuer}`);
  if (typeof doc.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
  return doc.jwks_uri;
}

/** How long a caller's roles, agency and status are taken from one read of the directory. */
export const DIRECTORY_CACHE_MS = 30_000;
/** A token nobody in the cached directory matches re-reads it, but not more often than this. */
const MISS_REFRESH_MS = 5_000;

interface Snapshot {
  readonly at: number;
  readonly byUser: ReadonlyMap<string, Identity>;
  readonly bySubject: ReadonlyMap<string, Identity>;
  readonly byEmail: ReadonlyMap<string, readonly Identity[]>;
}

/**
 * From a verified token to the directory entry, read per request through a cache of at most
 * DIRECTORY_CACHE_MS: a disabled user, a changed role or agency takes effect within that time (in
 * every Lambda container; `invalidate` makes it immediate in this process).
 *
 * The token's person is, in this order: the entry linked to its subject; the entry its username
 * claim names (unless that entry is linked to another subject); or, at the first sign-in, the one
 * entry with no subject yet whose e-mail is the token's verified `email` — which is then linked.
 */
export class DirectoryCallers {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;

  constructor(
    private readonly directory: Directory,
    private readonly options: { readonly maxAgeMs?: number; readonly now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Forget what was read: the next call reads the directory again. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private async read(maxAgeMs: number): Promise<Snapshot> {
    const current = this.snapshot;
    if (current && this.now() - current.at < maxAgeMs) return current;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const at = this.now();
    const users = await this.directory.listUsers();
    const byEmail = new Map<string, Identity[]>();
    for (const user of users) {
      if (!user.email) continue;
      const key = user.email.toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), user]);
    }
    const snapshot: Snapshot = {
      at,
      byUser: new Map(users.map((u) => [u.user, u])),
      bySubject: new Map(users.flatMap((u) => (u.subject ? [[u.subject, u] as const] : []))),
      byEmail,
    };
    this.snapshot = snapshot;
    return snapshot;
  }

  /** The directory entry of a verified token; throws 403 for nobody known and for a disabled user. */
  async identify(token: VerifiedToken, usernameClaim?: string): Promise<Identity> {
    const maxAge = this.options.maxAgeMs ?? DIRECTORY_CACHE_MS;
    let snapshot = await this.read(maxAge);
    let found = match(snapshot, token, usernameClaim);
    if (!found && this.now() - snapshot.at >= MISS_REFRESH_MS) {
      // Someone added to the directory a moment ago signs in now, not after the cache time.
      snapshot = await this.read(0);
      found = match(snapshot, token, usernameClaim);
    }
    found ??= await this.linkByEmail(snapshot, token);
    if (!found) {
      throw apiError(
        403,
        'unknown_user',
        'you signed in, but nobody in the directory is linked to this sign-in: ask your administrator to add you',
      );
    }
    if (found.disabled) throw apiError(403, 'user_disabled', `the directory has disabled ${found.user}`);
    return found;
  }

  /** First sign-in: the one unlinked entry with the token's verified e-mail is linked to its subject. */
  private async linkByEmail(snapshot: Snapshot, token: VerifiedToken): Promise<Identity | undefined> {
    const { email, email_verified: verified } = token.claims;
    if (typeof email !== 'string' || verified === false || verified === 'false') return undefined;
    const candidates = (snapshot.byEmail.get(email.toLowerCase()) ?? []).filter((u) => !u.subject && !u.disabled);
    if (candidates.length !== 1 || !candidates[0]) return undefined;
    // Read again right before writing: the link must not undo a change made since the snapshot.
    const fresh = await this.directory.getUser(candidates[0].user);
    if (!fresh || fresh.subject || fresh.disabled || fresh.email?.toLowerCase() !== email.toLowerCase()) {
      return undefined;
    }
    const linked: Identity = { ...fresh, subject: token.subject };
    await this.directory.putUser(linked);
    this.invalidate();
    return linked;
  }
}

function match(snapshot: Snapshot, token: VerifiedToken, usernameClaim: string | undefined): Identity | undefined {
  const linked = snapshot.bySubject.get(token.subject);
  if (linked) return linked;
  const username = usernameClaim ? token.claims[usernameClaim] : undefined;
  if (typeof username !== 'string') return undefined;
  const named = snapshot.byUser.get(username);
  return named && (!named.subject || named.subject === token.subject) ? named : undefined;
}

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function invalidToken(message: string) {
  return new HTTPException(401, {
    res: Response.json(
      { error: { code: 'invalid_token', message } },
      { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
    ),
  });
}

/**
 * The API's authenticator: a bearer token verified against the issuer's JWKS, its person and what
 * they may do from the directory. Lambda and the local runtime both use it (in Lambda, API
 * Gateway's JWT authorizer has checked the same token before; this is not skipped).
 */
export function oidcAuthenticator(
  directory: Directory,
  settings: OidcSettings,
  options: { readonly keys?: JWTVerifyGetKey; readonly callers?: DirectoryCallers } = {},
): Authenticator {
  const verify = tokenVerifier(settings, options.keys);
  const callers = options.callers ?? new DirectoryCallers(directory);
  return async (c) => {
    const token = bearer(c);
    if (token === undefined) {
      if (c.req.header('authorization')) throw invalidToken('the Authorization header is not "Bearer <token>"');
      return undefined;
    }
    let verified: VerifiedToken;
    try {
      verified = await verify(token);
    } catch (err) {
      if (err instanceof TokenRejected) throw invalidToken(err.message);
      console.error('token verification failed: the issuer could not be reached', err);
      throw apiError(503, 'identity_provider_unavailable', 'the sign-in provider could not be reached; try again');
    }
    return callers.identify(verified, settings.usernameClaim);
  };
}
