import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import type { Agency, Identity } from '../../shared/model/identity';

/**
 * The local identity provider's own pages (./oidc.ts): the sign-in page that lists the demo
 * people, sign-out, errors. Plain HTML that runs no script but the sign-out's one line.
 */

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
export function pageHeaders(origins: readonly string[], scriptNonce?: string): Record<string, string> {
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

/** A posted form, at most 10 kB. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
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
export async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  const nonce = randomBytes(16).toString('base64');
  const origins = ctx.oidc.client?.postLogoutRedirectUris?.map((u) => new URL(u).origin) ?? [];
  for (const [name, value] of Object.entries(pageHeaders([...new Set(origins)], nonce))) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = page(
    '正在退出登录…',
    `${form}<p><button type="submit" form="op.logoutForm" name="logout" value="yes">退出登录</button></p>
     <script nonce="${nonce}">(function(){var f=document.getElementById('op.logoutForm');var i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();})();</script>`,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  for (const [name, value] of Object.entries(pageHeaders([]))) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = page('已退出登录', '<p>您已退出统一身份认证。</p>');
}

export async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut) {
  for (const [name, value] of Object.entries(pageHeaders([]))) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = page(
    '登录出错',
    Object.entries(out)
      .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`)
      .join(''),
  );
}

/** A sign-in that could not be finished (the interaction expired, a person no longer there). */
export function failurePage(err: unknown): string {
  return page('登录失败', `<p>${escapeHtml(err instanceof Error ? err.message : String(err))}</p>`);
}

/** The sign-in page: every enabled person of the directory, by agency; a button signs that person in. */
export function signInPage(uid: string, people: readonly Identity[], agencies: readonly Agency[]): string {
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
    <form method="post" action="/interaction/${escapeHtml(uid)}/login">
      ${sorted
        .map(
          ([agency, list]) => `
        <section><h2>${escapeHtml(agencyOf.get(agency)?.name ?? agency)} <small>${list.length} 人</small></h2>
          <div class="people">${list
            .sort((a, b) => a.user.localeCompare(b.user))
            .map(
              (p) => `<button type="submit" name="user" value="${escapeHtml(p.user)}" data-user="${escapeHtml(p.user)}">
                <strong>${escapeHtml(p.name)}</strong><span class="id">${escapeHtml(p.user)}</span>
                <span class="roles">${p.roles.map((r) => escapeHtml(ROLE_LABELS[r] ?? r)).join('、')}</span></button>`,
            )
            .join('')}</div>
        </section>`,
        )
        .join('')}
    </form>`;
  return page('统一身份认证 · 选择演示用户登录', body);
}
