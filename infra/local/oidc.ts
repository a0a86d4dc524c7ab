import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Configuration, default as ProviderClass } from 'oidc-provider';
import { JWT_ACCESS_TOKEN, type OidcSettings, parseTokenUse } from '../../functions/api/auth';
import type { DashboardConfig } from '../../shared/api/dashboard-config';
import type { Directory } from '../../shared/ports';
import { CALLBACK_PATH, SIGNED_OUT_PATH, TOKEN_LIFETIMES } from '../constructs/identity';
import {
  failurePage,
  logoutSource,
  pageHeaders,
  postLogoutSuccessSource,
  readForm,
  renderError,
  signInPage,
} from './oidc-pages';
import { memoryAdapter } from './oidc-store';

/**
 * The local identity provider: a real OpenID Provider (oidc-provider, OpenID Certified) on
 * 127.0.0.1, holding the demo district's people (the directory the runtime seeds from
 * ./demo/district.ts). The dashboard signs in through it with the authorization code flow and PKCE
 * exactly as it does with Cognito or a district's own provider; its sign-in page lists the people,
 * so choosing one is one click. The API verifies its tokens against its JWKS like any issuer's.
 */

/** The dashboard's client id here (Cognito's is generated; a district's provider registers its own). */
export const LOCAL_CLIENT_ID = 'gongkai-dashboard';
/** The API as a resource (RFC 8707): access tokens for it are JWTs (RFC 9068) whose `aud` is the client id. */
const API_RESOURCE = 'urn:gongkai:api';
const API_SCOPE = 'api';
const OIDC_SCOPES = 'openid profile email';

/** Token lifetimes as on AWS: an hour of access, a working day of refresh. */
export const LOCAL_TOKEN_TTL = {
  accessSeconds: TOKEN_LIFETIMES.access.toSeconds(),
  refreshSeconds: TOKEN_LIFETIMES.refresh.toSeconds(),
} as const;

export interface LocalOidc {
  readonly issuer: string;
  readonly clientId: string;
  /** What the API verifies tokens with: this issuer's JWKS, like any other. */
  readonly settings: OidcSettings;
  /** What the dashboard reads at /config.json. */
  readonly dashboardConfig: DashboardConfig;
  /**
   * An access token for `user`, signed with this provider's own key and shaped like the ones its
   * token endpoint issues: what POST /api/dev/login hands to scripts (local runtime only).
   */
  mint(user: string): Promise<string>;
  close(): Promise<void>;
}

interface StoredKeys {
  readonly signing: JWK;
  readonly cookies: readonly string[];
}

/** The provider's signing key and cookie keys: generated on the first start, kept with the data. */
async function readOrCreateKeys(dir: string): Promise<StoredKeys> {
  const file = join(dir, 'keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKeys;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const signing: JWK = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  const keys: StoredKeys = { signing, cookies: [randomBytes(32).toString('base64url')] };
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export interface LocalOidcOptions {
  /** 0: any free port. */
  readonly port: number;
  readonly dataDir: string;
  /** The dashboard's origin (http://127.0.0.1:PORT): where sign-in and sign-out return to. */
  readonly dashboardOrigin: string;
  readonly directory: Directory;
}

/** `npm run dev:dashboard` (Vite) serves the dashboard on its own origin. */
const VITE_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

export async function startLocalOidc(options: LocalOidcOptions): Promise<LocalOidc> {
  const keys = await readOrCreateKeys(join(options.dataDir, 'oidc'));
  // Listen first: the issuer names the port, and a test may ask for any free one.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const origins = [options.dashboardOrigin, ...VITE_ORIGINS];
  const { directory } = options;

  const configuration: Configuration = {
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        client_name: '政务公开平台',
        application_type: 'web',
        // A browser app: no secret, so PKCE (S256) is required for its code flow.
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: origins.map((o) => `${o}${CALLBACK_PATH}`),
        post_logout_redirect_uris: origins.map((o) => `${o}${SIGNED_OUT_PATH}`),
      },
    ],
    jwks: { keys: [keys.signing as never] },
    cookies: { keys: [...keys.cookies] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, id) => {
      const person = await directory.getUser(id);
      if (!person || person.disabled) return undefined;
      return {
        accountId: person.user,
        claims: () => ({
          sub: person.user,
          name: person.name,
          preferred_username: person.user,
          ...(person.email ? { email: person.email, email_verified: true } : {}),
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      // Sign-out revokes the refresh token; a client may revoke only its own tokens.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return {
            scope: API_SCOPE,
            audience: LOCAL_CLIENT_ID,
            accessTokenFormat: 'jwt',
            accessTokenTTL: LOCAL_TOKEN_TTL.accessSeconds,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // The dashboard is this district's own application: the person consents by signing in.
    loadExistingGrant: async (ctx) => {
      const { session, client, provider } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      if (existing) return provider.Grant.find(existing);
      const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope(OIDC_SCOPES);
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    // A refresh token without offline_access (and its consent prompt): the dashboard renews with it.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => origins.includes(origin),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: LOCAL_TOKEN_TTL.accessSeconds,
      IdToken: LOCAL_TOKEN_TTL.accessSeconds,
      RefreshToken: LOCAL_TOKEN_TTL.refreshSeconds,
      AuthorizationCode: 60,
      Interaction: 10 * 60,
      Session: LOCAL_TOKEN_TTL.refreshSeconds,
      Grant: LOCAL_TOKEN_TTL.refreshSeconds,
    },
    renderError,
    adapter: memoryAdapter(),
  };
  const Provider = await loadProvider();
  const provider = new Provider(issuer, configuration);
  const providerCallback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(url.pathname);
    if (!match) {
      providerCallback(req, res);
      return;
    }
    const answer = match[2] ? (req.method === 'POST' ? login(req, res) : undefined) : showSignIn(req, res);
    if (!answer) {
      res.writeHead(405).end();
      return;
    }
    answer.catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders(origins) });
        res.end(failurePage(err));
      }
    });
  });

  /** The sign-in page: every person of the directory, by agency; a button signs that person in. */
  async function showSignIn(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    const [people, agencies] = await Promise.all([directory.listUsers(), directory.listAgencies()]);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders(origins) });
    res.end(signInPage(details.uid, people, agencies));
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    await provider.interactionDetails(req, res);
    const form = await readForm(req);
    const user = form.get('user') ?? '';
    const person = await directory.getUser(user);
    if (!person || person.disabled) throw new Error(`没有可登录的用户 ${user}`);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: person.user } },
      { mergeWithLastSubmission: false },
    );
  }

  const signing = await importJWK(keys.signing, 'RS256');
  const settings: OidcSettings = {
    issuer,
    audience: LOCAL_CLIENT_ID,
    tokenUse: parseTokenUse(JWT_ACCESS_TOKEN),
    // Here the subject is the directory's user id.
    usernameClaim: 'sub',
  };
  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    settings,
    dashboardConfig: {
      auth: {
        issuer,
        clientId: LOCAL_CLIENT_ID,
        scopes: `${OIDC_SCOPES} ${API_SCOPE}`,
        redirectPath: CALLBACK_PATH,
        signOutPath: SIGNED_OUT_PATH,
        signOut: 'oidc',
      },
    },
    async mint(user) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ client_id: LOCAL_CLIENT_ID, scope: API_SCOPE })
        .setProtectedHeader({ alg: 'RS256', kid: keys.signing.kid ?? '', typ: 'at+jwt' })
        .setIssuer(issuer)
        .setSubject(user)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt(now)
        .setExpirationTime(now + LOCAL_TOKEN_TTL.accessSeconds)
        .setJti(randomUUID())
        .sign(signing);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * oidc-provider 9 warns at import that it is meant for Node.js 22 LTS; the local runtime runs it on
 * the project's Node 20 as well (the tests do). That one line is dropped; every other warning stays.
 */
async function loadProvider(): Promise<typeof ProviderClass> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
}
