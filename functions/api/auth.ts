import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { identityForSignIn } from '../../shared/directory/sign-in';
import type { Identity } from '../../shared/model/identity';
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
/** A token the directory had nobody for is looked up again after this (someone just added signs in). */
const MISS_CACHE_MS = 5_000;
/** Callers remembered per process at most (a Lambda container serves a district's ~1,000 staff). */
const MAX_CACHED_CALLERS = 5_000;

/** What the directory lookups need: the directory, and what an audited first-sign-in link reads. */
export type SignInDeps = Parameters<typeof identityForSignIn>[0];

/**
 * From a verified token to its directory entry, read per request through a cache of at most
 * DIRECTORY_CACHE_MS per caller: a disabled user, a changed role or agency takes effect within that
 * time in every Lambda container (`forget` makes it immediate in this process).
 *
 * The person is, in this order: the entry linked to the token's subject; at the first sign-in,
 * the one entry whose e-mail is the token's verified `email` — linked there and then, as an
 * audited change (shared/directory/sign-in.ts); or the entry the username claim names, unless
 * that entry is linked to another subject.
 */
export class DirectoryCallers {
  private readonly cache = new Map<string, { readonly at: number; readonly identity: Identity | undefined }>();

  constructor(
    private readonly deps: SignInDeps,
    private readonly options: { readonly maxAgeMs?: number; readonly now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Forget what was read (of one subject, or of everyone): the next call reads the directory again. */
  forget(subject?: string): void {
    if (subject === undefined) this.cache.clear();
    else for (const key of this.cache.keys()) if (key.startsWith(`${subject}\u0000`)) this.cache.delete(key);
  }

  /** The directory entry of a verified token; throws 403 for nobody known and for a disabled user. */
  async identify(token: VerifiedToken, usernameClaim?: string): Promise<Identity> {
    const username = usernameClaim ? token.claims[usernameClaim] : undefined;
    const key = `${token.subject}\u0000${typeof username === 'string' ? username : ''}`;
    const cached = this.cache.get(key);
    const age = cached ? this.now() - cached.at : Infinity;
    const maxAge = cached?.identity ? (this.options.maxAgeMs ?? DIRECTORY_CACHE_MS) : MISS_CACHE_MS;
    let found = cached && age < maxAge ? cached.identity : undefined;
    if (!cached || age >= maxAge) {
      found = await this.lookUp(token, typeof username === 'string' ? username : undefined);
      if (this.cache.size >= MAX_CACHED_CALLERS) this.cache.clear();
      this.cache.set(key, { at: this.now(), identity: found });
    }
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

  private async lookUp(token: VerifiedToken, username: string | undefined): Promise<Identity | undefined> {
    const { email, email_verified: verified } = token.claims;
    const linked = await identityForSignIn(this.deps, {
      subject: token.subject,
      ...(typeof email === 'string' ? { email } : {}),
      emailVerified: verified === true || verified === 'true',
    });
    if (linked) return linked;
    if (username === undefined) return undefined;
    const named = await this.deps.directory.getUser(username);
    return named && (!named.subject || named.subject === token.subject) ? named : undefined;
  }
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
  deps: SignInDeps,
  settings: OidcSettings,
  options: { readonly keys?: JWTVerifyGetKey; readonly callers?: DirectoryCallers } = {},
): Authenticator {
  const verify = tokenVerifier(settings, options.keys);
  const callers = options.callers ?? new DirectoryCallers(deps);
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
