import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type {
  Adapter,
  AdapterPayload,
  Configuration,
  ErrorOut,
  KoaContextWithOIDC,
  default as ProviderClass,
} from 'oidc-provider';
import { JWT_ACCESS_TOKEN, type OidcSettings, parseTokenUse } from '../../functions/api/auth';
import type { DashboardConfig } from '../../shared/api/dashboard-config';
import type { Identity } from '../../shared/model/identity';
import type { Directory } from '../../shared/ports';

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

/** Token lifetimes, as on AWS (infra/constructs/identity.ts): an hour of access, a working day of refresh. */
export const LOCAL_TOKEN_TTL = { accessSeconds: 60 * 60, refreshSeconds: 12 * 60 * 60 } as const;

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

/** The dashboard's paths the provider returns to (registered as the client's redirect URIs). */
const CALLBACK_PATH = '/callback';
const SIGNED_OUT_PATH = '/signed-out';
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
      revocation: { enabled: true },
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
    const answer = match[2] ? (req.method === 'POST' ? login(req, res) : undefined) : signInPage(req, res);
    if (!answer) {
      res.writeHead(405).end();
      return;
    }
    answer.catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS(origins) });
        res.end(page('登录失败', `<p>${escapeHtml(err instanceof Error ? err.message : String(err))}</p>`));
      }
    });
  });

  /** The sign-in page: every person of the directory, by agency; a button signs that person in. */
  async function signInPage(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    const [people, agencies] = await Promise.all([directory.listUsers(), directory.listAgencies()]);
    const agencyOf = new Map(agencies.map((a) => [a.id, a]));
    const groups = new Map<string, Identity[]>();
    for (const person of people.filter((p) => !p.disabled)) {
      groups.set(person.agency, [...(groups.get(person.agency) ?? []), person]);
    }
    const sorted = [...groups.entries()].sort(([a], [b]) =>
      (agencyOf.get(a)?.code ?? a).localeCompare(agencyOf.get(b)?.code ?? b),
    );
    const body = `
      <p class="lead">本地演示环境：选择一位演示用户即可登录（授权码 + PKCE，与正式环境的统一身份认证同一流程），无需密码。</p>
      <form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
        ${sorted
          .map(
            ([agency, list]) => `
          <section><h2>${escapeHtml(agencyOf.get(agency)?.name ?? agency)} <small>${list.length} 人</small></h2>
            <div class="people">${list
              .sort((a, b) => a.user.localeCompare(b.user))
              .map(
                (
                  p,
                ) => `<button type="submit" name="user" value="${escapeHtml(p.user)}" data-user="${escapeHtml(p.user)}">
                  <strong>${escapeHtml(p.name)}</strong><span class="id">${escapeHtml(p.user)}</span>
                  <span class="roles">${p.roles.map((r) => escapeHtml(ROLE_LABELS[r] ?? r)).join('、')}</span></button>`,
              )
              .join('')}</div>
          </section>`,
          )
          .join('')}
      </form>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS(origins) });
    res.end(page('统一身份认证 · 选择演示用户登录', body));
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    await provider.interactionDetails(req, res);
    const form = new URLSearchParams(await readBody(req));
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

/**
 * The provider's sessions, codes and tokens, in this process's memory: a restart signs everybody
 * out of the provider (the dashboard signs in again), and the keys that sign tokens are on disk.
 */
function memoryAdapter(): (model: string) => Adapter {
  const items = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const item = items.get(key);
    if (item && item.expiresAt <= Date.now()) items.delete(key);
    return items.get(key)?.payload;
  };
  const prune = () => {
    const now = Date.now();
    for (const [key, item] of items) if (item.expiresAt <= now) items.delete(key);
  };
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = (field: 'uid' | 'userCode', value: string) =>
      [...items.entries()].find(([k, v]) => k.startsWith(`${model}:`) && v.payload[field] === value && live(k))?.[1]
        .payload;
    return {
      async upsert(id, payload, expiresIn) {
        if (items.size > 10_000) prune();
        items.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
      },
      async find(id) {
        return live(key(id));
      },
      async findByUid(uid) {
        return findBy('uid', uid);
      },
      async findByUserCode(userCode) {
        return findBy('userCode', userCode);
      },
      async consume(id) {
        const item = items.get(key(id));
        if (item) item.payload = { ...item.payload, consumed: Math.floor(Date.now() / 1000) };
      },
      async destroy(id) {
        items.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [k, v] of items) if (v.payload.grantId === grantId) items.delete(k);
      },
    };
  };
}

/** Chinese labels of the roles on the sign-in page. */
const ROLE_LABELS: Record<string, string> = {
  uploader: '信息上传员',
  leader: '分管领导',
  reviewer: '保密预审',
  approver: '主管部门审批',
  oversight: '监督小组',
  admin: '系统管理员',
  'agency-admin': '单位管理员',
};

/** The provider's own pages run no script but the sign-out's one line; they post to themselves and return to the dashboard. */
function PAGE_HEADERS(origins: readonly string[], scriptNonce?: string): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      scriptNonce ? `script-src 'nonce-${scriptNonce}'` : "script-src 'none'",
      // A form's redirects count too: the sign-in and sign-out forms end on the dashboard.
      `form-action 'self' ${origins.join(' ')}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 10_000) reject(new Error('request too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
  body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f5f7;color:#1f2328}
  header{background:#b32d2e;color:#fff;padding:14px 24px;font-size:18px;font-weight:600}
  main{max-width:1080px;margin:0 auto;padding:16px 24px 40px}
  .lead{color:#555}
  section{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08);padding:10px 16px;margin:12px 0}
  h2{font-size:16px;margin:6px 0 10px} h2 small{color:#777;font-weight:400}
  .people{display:flex;flex-wrap:wrap;gap:8px}
  button{display:flex;flex-direction:column;align-items:flex-start;gap:2px;min-width:150px;padding:8px 12px;border:1px solid #d0d7de;border-radius:6px;background:#fff;cursor:pointer;font:inherit;text-align:left}
  button:hover,button:focus{border-color:#b32d2e;outline:none;background:#fff7f7}
  .id,.roles{font-size:12px;color:#666}`;

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style>${head}</head><body><header>统一身份认证（本地）</header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** Sign-out at the provider: the dashboard asked for it, so it is confirmed at once (the button is the fallback). */
async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  const nonce = randomBytes(16).toString('base64');
  const origins = ctx.oidc.client?.postLogoutRedirectUris?.map((u) => new URL(u).origin) ?? [];
  for (const [name, value] of Object.entries(PAGE_HEADERS([...new Set(origins)], nonce))) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = page(
    '正在退出登录…',
    `${form}<p><button type="submit" form="op.logoutForm" name="logout" value="yes">退出登录</button></p>
     <script nonce="${nonce}">(function(){var f=document.getElementById('op.logoutForm');var i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();})();</script>`,
  );
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  for (const [name, value] of Object.entries(PAGE_HEADERS([]))) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = page('已退出登录', '<p>您已退出统一身份认证。</p>');
}

async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut) {
  for (const [name, value] of Object.entries(PAGE_HEADERS([]))) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = page(
    '登录出错',
    Object.entries(out)
      .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`)
      .join(''),
  );
}
