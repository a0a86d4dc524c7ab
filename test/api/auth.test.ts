import { randomUUID } from 'node:crypto';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  base64url,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../functions/api/app';
import {
  COGNITO_ACCESS_TOKEN,
  DIRECTORY_CACHE_MS,
  DirectoryCallers,
  JWT_ACCESS_TOKEN,
  type OidcSettings,
  oidcAuthenticator,
  oidcSettingsFromEnv,
  parseTokenUse,
} from '../../functions/api/auth';
import { awsApi } from '../../functions/api/aws';
import { operator } from '../../shared/directory/access';
import { createUser, disableUser, linkSubject, updateUser } from '../../shared/directory/admin';
import { SIGN_IN_ACTOR } from '../../shared/directory/sign-in';
import { createMemoryDeps, type MemoryDeps } from '../support/memory';
import { headerVisitor } from './support';

/**
 * The API's one verification path (functions/api/auth.ts), in-process against a JWKS of keys made
 * here: every bearer token is checked for its signature, issuer, audience or client, expiry and
 * token use; the person comes from the directory, read through a short cache.
 */

const ISSUER = 'https://idp.district.example';
const CLIENT = 'dashboard-client';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let signingKey: Key;
let otherKey: Key;
let jwks: JSONWebKeySet;
const KID = 'key-1';

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] };
});

interface TokenOptions {
  readonly claims?: JWTPayload;
  readonly key?: Key;
  readonly typ?: string;
  readonly issuer?: string;
  readonly audience?: string | null;
  readonly expiresIn?: number;
}

/** An RFC 9068 access token of ISSUER for CLIENT, unless told otherwise. */
function token(sub: string, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ client_id: CLIENT, scope: 'api', ...options.claims })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: options.typ ?? 'at+jwt' })
    .setIssuer(options.issuer ?? ISSUER)
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .setJti(randomUUID());
  if (options.audience !== null) jwt.setAudience(options.audience ?? CLIENT);
  return jwt.sign(options.key ?? signingKey);
}

const RFC9068: OidcSettings = { issuer: ISSUER, audience: CLIENT, tokenUse: parseTokenUse(JWT_ACCESS_TOKEN) };
const COGNITO: OidcSettings = {
  issuer: ISSUER,
  audience: CLIENT,
  tokenUse: parseTokenUse(COGNITO_ACCESS_TOKEN),
  usernameClaim: 'username',
};

function world(settings: OidcSettings, callers?: (deps: MemoryDeps) => DirectoryCallers) {
  const deps = createMemoryDeps({ seedDemoDirectory: true });
  const app = createApi({
    deps,
    authenticate: oidcAuthenticator(deps, settings, {
      keys: createLocalJWKSet(jwks),
      ...(callers ? { callers: callers(deps) } : {}),
    }),
    visitorOf: headerVisitor,
    callbacks: deps.callbacks,
    workflow: deps.workflow,
  });
  const me = async (authorization?: string) => {
    const res = await app.request('/api/me', authorization ? { headers: { authorization } } : {});
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  };
  return { deps, app, me, bearer: async (t: Promise<string> | string) => me(`Bearer ${await t}`) };
}

/** The district's administrator, as the directory's change log names them. */
const OPS = operator('ops');

/** Links a demo user to an opaque subject or gives them an e-mail, as an administrator does. */
async function linkDemoUser(deps: MemoryDeps, user: string, fields: { subject?: string; email?: string }) {
  if (fields.subject) await linkSubject(deps, OPS, user, fields.subject);
  if (fields.email) await updateUser(deps, OPS, user, { email: fields.email });
}

describe('bearer tokens: verified against the issuer’s JWKS', () => {
  it('signs in with a good access token, and the directory says who and what', async () => {
    const { deps, bearer } = world(RFC9068);
    await linkDemoUser(deps, 'zhang.wei', { subject: 'opaque-7f3a' });
    const res = await bearer(token('opaque-7f3a'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: 'zhang.wei', agency: 'edu', roles: ['uploader'] });
  });

  it('answers 401 unauthenticated without a token, 401 invalid_token for a header that is not Bearer', async () => {
    const { me } = world(RFC9068);
    expect(await me()).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    const basic = await me('Basic emhhbmcud2VpOnB3');
    expect(basic).toMatchObject({ status: 401, body: { error: { code: 'invalid_token' } } });
    expect(basic.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  const refused: Array<[string, () => Promise<string>]> = [
    ['a wrong signature (another key under the same kid)', () => token('zhang.wei', { key: otherKey })],
    ['a wrong issuer', () => token('zhang.wei', { issuer: 'https://evil.example' })],
    ['a wrong audience', () => token('zhang.wei', { audience: 'another-app' })],
    ['no audience and another client_id', () => token('zhang.wei', { audience: null, claims: { client_id: 'x' } })],
    ['an expired token', () => token('zhang.wei', { expiresIn: -60 })],
    ['an ID token (typ JWT, not at+jwt)', () => token('zhang.wei', { typ: 'JWT' })],
    [
      'alg: none',
      async () => {
        const now = Math.floor(Date.now() / 1000);
        const part = (o: object) => base64url.encode(JSON.stringify(o));
        return `${part({ alg: 'none', typ: 'at+jwt' })}.${part({ iss: ISSUER, aud: CLIENT, sub: 'zhang.wei', exp: now + 600 })}.`;
      },
    ],
    [
      'HS256 with a guessed secret',
      () =>
        new SignJWT({ client_id: CLIENT })
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: KID })
          .setIssuer(ISSUER)
          .setAudience(CLIENT)
          .setSubject('zhang.wei')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('secret-secret-secret-secret-secret')),
    ],
    ['something that is no JWT', async () => 'not.a.jwt'],
  ];
  for (const [what, make] of refused) {
    it(`refuses ${what}: 401 invalid_token`, async () => {
      const { bearer } = world({ ...RFC9068, usernameClaim: 'sub' });
      const res = await bearer(make());
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body.error.code).toBe('invalid_token');
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    });
  }

  it('knows Cognito’s access tokens: no aud, client_id, token_use access, the username claim', async () => {
    const { bearer } = world(COGNITO);
    const cognito = (claims: JWTPayload) =>
      token('2f1c…-uuid', {
        typ: 'JWT',
        audience: null,
        claims: { token_use: 'access', username: 'li.na', ...claims },
      });
    expect((await bearer(cognito({}))).body).toMatchObject({ user: 'li.na', roles: ['leader'] });
    // Its ID token says token_use: id (and has an aud): not for the API.
    const idToken = token('2f1c…-uuid', { typ: 'JWT', claims: { token_use: 'id', 'cognito:username': 'li.na' } });
    expect((await bearer(idToken)).status).toBe(401);
    expect((await bearer(cognito({ token_use: 'id' }))).status).toBe(401);
    expect((await bearer(cognito({ client_id: 'another-app' }))).status).toBe(401);
  });

  it('answers 403 unknown_user for a good token of somebody the directory does not have', async () => {
    const { bearer } = world({ ...RFC9068, usernameClaim: 'sub' });
    const res = await bearer(token('nobody.here'));
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'unknown_user' } } });
  });

  it('answers 403 user_disabled for a disabled user', async () => {
    const { deps, bearer } = world(RFC9068);
    await linkDemoUser(deps, 'zhang.wei', { subject: 'opaque-7f3a' });
    await disableUser(deps, OPS, 'zhang.wei');
    const res = await bearer(token('opaque-7f3a'));
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'user_disabled' } } });
  });

  it('answers 503 when the issuer’s keys cannot be fetched (not the caller’s fault)', async () => {
    const deps = createMemoryDeps({ seedDemoDirectory: true });
    const app = createApi({
      deps,
      authenticate: oidcAuthenticator(deps, { ...RFC9068, jwksUri: 'http://127.0.0.1:1/jwks' }),
      visitorOf: headerVisitor,
      callbacks: deps.callbacks,
      workflow: deps.workflow,
    });
    const original = console.error;
    console.error = () => {};
    try {
      const res = await app.request('/api/me', { headers: { authorization: `Bearer ${await token('zhang.wei')}` } });
      expect(res.status).toBe(503);
    } finally {
      console.error = original;
    }
  });
});

describe('the directory, read per request through a short cache', () => {
  it(`takes a disabled user and a changed role into account within ${DIRECTORY_CACHE_MS / 1000} s`, async () => {
    let now = 1_000_000;
    const { deps, bearer } = world(
      { ...RFC9068, usernameClaim: 'sub' },
      (d) => new DirectoryCallers(d, { now: () => now }),
    );
    const t = await token('zhang.wei');
    expect((await bearer(t)).body.roles).toEqual(['uploader']);
    await updateUser(deps, OPS, 'zhang.wei', { roles: ['uploader', 'approver'] });
    now += DIRECTORY_CACHE_MS - 1;
    expect((await bearer(t)).body.roles).toEqual(['uploader']);
    now += 1;
    expect((await bearer(t)).body.roles).toEqual(['uploader', 'approver']);

    await disableUser(deps, OPS, 'zhang.wei');
    now += DIRECTORY_CACHE_MS;
    expect(await bearer(t)).toMatchObject({ status: 403, body: { error: { code: 'user_disabled' } } });
  });

  it('lets somebody added a moment ago sign in within seconds', async () => {
    let now = 1_000_000;
    const { deps, bearer } = world(
      { ...RFC9068, usernameClaim: 'sub' },
      (d) => new DirectoryCallers(d, { now: () => now }),
    );
    expect((await bearer(token('new.person'))).status).toBe(403);
    await createUser(deps, OPS, { user: 'new.person', name: '新同事', roles: ['uploader'], agency: 'edu' });
    now += 5_000;
    expect((await bearer(token('new.person'))).body.user).toBe('new.person');
  });

  it('links the provider’s subject at the first sign-in by verified e-mail, once', async () => {
    const { deps, bearer } = world(RFC9068);
    await linkDemoUser(deps, 'li.na', { email: 'li.na@edu.district.example' });
    const first = await bearer(
      token('idp-0001', { claims: { email: 'Li.Na@edu.district.example', email_verified: true } }),
    );
    expect(first).toMatchObject({ status: 200, body: { user: 'li.na' } });
    expect((await deps.directory.getUser('li.na'))?.subject).toBe('idp-0001');
    // An audited change of the directory, like an administrator's.
    const { entries } = await deps.directory.changeLog({ limit: 1 });
    expect(entries[0]).toMatchObject({ action: 'subject-linked', actor: SIGN_IN_ACTOR });
    // From now on the subject alone says who it is.
    expect((await bearer(token('idp-0001'))).body.user).toBe('li.na');
    // Another sign-in with the same address does not take the entry over.
    const other = await bearer(token('idp-0002', { claims: { email: 'li.na@edu.district.example' } }));
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'unknown_user' } } });
  });

  it('does not link by an unverified e-mail, nor to a disabled entry', async () => {
    const { deps, bearer } = world(RFC9068);
    await linkDemoUser(deps, 'li.na', { email: 'li.na@edu.district.example' });
    const unverified = token('idp-0003', { claims: { email: 'li.na@edu.district.example', email_verified: false } });
    expect((await bearer(unverified)).status).toBe(403);
    expect((await deps.directory.getUser('li.na'))?.subject).toBeUndefined();

    await disableUser(deps, OPS, 'li.na');
    const verified = token('idp-0004', { claims: { email: 'li.na@edu.district.example', email_verified: true } });
    expect((await bearer(verified)).status).toBe(403);
    expect((await deps.directory.getUser('li.na'))?.subject).toBeUndefined();
  });

  it('does not let a username claim reach an entry linked to another subject', async () => {
    const { deps, bearer } = world(COGNITO);
    await linkDemoUser(deps, 'li.na', { subject: 'the-real-one' });
    const claims = { token_use: 'access', username: 'li.na' };
    const impostor = token('someone-else', { typ: 'JWT', audience: null, claims });
    expect((await bearer(impostor)).status).toBe(403);
    const real = token('the-real-one', { typ: 'JWT', audience: null, claims });
    expect((await bearer(real)).body.user).toBe('li.na');
  });
});

describe('settings', () => {
  it('reads the Lambda environment and the token-use notation', () => {
    expect(
      oidcSettingsFromEnv({
        OIDC_ISSUER: ISSUER,
        OIDC_AUDIENCE: CLIENT,
        OIDC_TOKEN_USE: COGNITO_ACCESS_TOKEN,
        OIDC_USERNAME_CLAIM: 'username',
        OIDC_JWKS_URI: `${ISSUER}/.well-known/jwks.json`,
      }),
    ).toEqual({
      issuer: ISSUER,
      audience: CLIENT,
      tokenUse: { claim: 'token_use', value: 'access' },
      usernameClaim: 'username',
      jwksUri: `${ISSUER}/.well-known/jwks.json`,
    });
    expect(oidcSettingsFromEnv({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: CLIENT }).tokenUse).toEqual({
      header: 'typ',
      value: 'at+jwt',
    });
    expect(() => oidcSettingsFromEnv({ OIDC_ISSUER: ISSUER })).toThrow(/OIDC_AUDIENCE/);
    expect(() => parseTokenUse('typ=at+jwt')).toThrow(/header.typ/);
    expect(() => parseTokenUse('header.kid=x')).toThrow(/only the typ header/);
  });
});

describe('the Lambda deployment', () => {
  it('verifies tokens the same way and has no dev sign-in: /api/dev/* is no route there', async () => {
    const deps = createMemoryDeps({ seedDemoDirectory: true });
    const app = awsApi(
      deps,
      { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: CLIENT, STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:1:stateMachine:x' },
      new SFNClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    );
    expect(app.routes.filter((r) => r.path.startsWith('/api/dev'))).toEqual([]);
    const login = await app.request('/api/dev/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'zhang.wei' }),
    });
    expect(login.status).toBe(404);
    expect((await app.request('/api/dev/identities')).status).toBe(404);
  });
});
