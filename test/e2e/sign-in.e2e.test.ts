import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { operator } from '../../shared/directory/access';
import { disableUser, enableUser } from '../../shared/directory/admin';
import { type BrowserWorld, SHOTS, signedOutEverywhere, startBrowserWorld, WAIT } from './support';

/**
 * Signing in as staff do wherever the dashboard is deployed, here against the local OpenID
 * provider (infra/local/oidc.ts): the dashboard sends the browser to the provider's page with a
 * PKCE challenge, the person is chosen with one click, the provider returns a code, the dashboard
 * exchanges it (with the verifier) for tokens it keeps in memory only, and calls the API with the
 * access token, which the API verifies against the provider's JWKS. Signing out ends the provider's
 * session as well: the next sign-in shows its page again.
 */
let world: BrowserWorld | undefined;

function started(): BrowserWorld {
  if (!world) throw new Error('the browser world did not start');
  return world;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startBrowserWorld();
}, 240_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

beforeEach(async () => {
  await signedOutEverywhere(started());
});

/** Whatever of a token this origin's storage holds: none, ever (a JWT starts with eyJ). */
async function storedTokens(world: BrowserWorld): Promise<string[]> {
  return world.page.evaluate(() =>
    [localStorage, sessionStorage].flatMap((store) =>
      Object.keys(store)
        .map((key) => `${key}=${store.getItem(key) ?? ''}`)
        .filter((entry) => entry.includes('eyJ')),
    ),
  );
}

describe('sign-in through the OpenID provider', () => {
  it('signs in on the provider’s page (code + PKCE), calls the API with the bearer token, and signs out there', async () => {
    const { page, runtime } = started();
    const issuer = runtime.oidc.issuer;
    const authorize: Request[] = [];
    const tokenRequests: Request[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== issuer) return;
      if (url.pathname === '/auth') authorize.push(request);
      if (url.pathname === '/token') tokenRequests.push(request);
    });

    // /signin goes straight on to the provider, which lists the demo people.
    await page.goto(`${runtime.url}/signin?next=/pipeline`);
    const person = page.locator('button[data-user="zhang.wei"]');
    await person.waitFor(WAIT);
    expect(new URL(page.url()).origin).toBe(issuer);
    const challenge = new URL(authorize[0]?.url() ?? 'http://x').searchParams;
    expect(Object.fromEntries(challenge)).toMatchObject({
      client_id: runtime.oidc.clientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${runtime.url}/callback`,
    });
    expect(challenge.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: join(SHOTS, 'signin-provider.png'), fullPage: true });

    // One click: back on the dashboard with a code, exchanged for tokens, on the page asked for.
    const meCall = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/me', WAIT);
    await person.click();
    await page.waitForURL(`${runtime.url}/pipeline`, WAIT);
    expect(await page.getByTestId('current-user').textContent()).toContain('张伟');
    const exchange = new URLSearchParams(tokenRequests[0]?.postData() ?? '');
    expect(exchange.get('grant_type')).toBe('authorization_code');
    expect(exchange.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);

    // The API call carries the provider's access token: an RFC 9068 JWT of its key, for this client.
    const authorization = (await meCall).headers().authorization ?? '';
    expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const accessToken = authorization.slice('Bearer '.length);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeJwt(accessToken)).toMatchObject({ iss: issuer, sub: 'zhang.wei', aud: runtime.oidc.clientId });
    const me = await fetch(`${runtime.url}/api/me`, { headers: { authorization } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: 'zhang.wei', agency: 'edu', roles: ['uploader'] });
    // …and the same token with one byte of its signature changed is refused.
    const forged = `${accessToken.slice(0, -2)}${accessToken.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await fetch(`${runtime.url}/api/me`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);

    // Tokens live in the page's memory only.
    expect(await storedTokens(started())).toEqual([]);

    // A reload forgets them; the provider's session signs the person in again without its page.
    await page.reload();
    await page.getByTestId('current-user').waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe('/pipeline');
    expect(await storedTokens(started())).toEqual([]);

    // Sign-out: at the provider too, back on the dashboard's signed-out page.
    const revocation = page.waitForRequest((r) => r.url() === `${issuer}/token/revocation`, WAIT);
    const endSession = page.waitForRequest((r) => r.url().startsWith(`${issuer}/session/end`), WAIT);
    await page.getByRole('button', { name: '退出' }).click();
    // The refresh token is revoked first, so it cannot renew anything even if it was copied.
    const revoked = new URLSearchParams((await revocation).postData() ?? '');
    expect(revoked.get('token_type_hint')).toBe('refresh_token');
    await endSession;
    await page.getByTestId('signed-out').waitFor(WAIT);
    expect(new URL(page.url()).origin).toBe(runtime.url);
    await page.screenshot({ path: join(SHOTS, 'signin-signed-out.png'), fullPage: true });

    // The provider's session is over: signing in again shows its page, it does not sign in unseen.
    await page.goto(`${runtime.url}/signin`);
    await page.locator('button[data-user="li.na"]').waitFor(WAIT);
    expect(new URL(page.url()).origin).toBe(issuer);
    await page.locator('button[data-user="li.na"]').click();
    await page.waitForURL(`${runtime.url}/inbox`, WAIT);
    expect(await page.getByTestId('current-user').textContent()).toContain('李娜');
  }, 120_000);

  it('tells a person the directory disabled that they are refused, after the provider signed them in', async () => {
    const { page, runtime } = started();
    await page.goto(`${runtime.url}/signin`);
    const person = page.locator('button[data-user="liu.yang"]');
    await person.waitFor(WAIT);
    // Disabled between the provider's sign-in and the dashboard's first call, as a district's own
    // provider (which knows nothing of the directory) would let them through. Every API call waits
    // for it: one sent beside the first must not reach the API (and its directory cache) before.
    let disabled: Promise<unknown> | undefined;
    await page.route(
      (url) => url.origin === runtime.url && url.pathname.startsWith('/api/'),
      async (route) => {
        disabled ??= disableUser(runtime.deps, operator('e2e'), 'liu.yang');
        await disabled;
        await route.continue();
      },
    );
    try {
      await person.click();
      await page.locator('[data-code="user_disabled"]').waitFor(WAIT);
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(await page.getByTestId('current-user').count()).toBe(0);
      expect(await storedTokens(started())).toEqual([]);
    } finally {
      await enableUser(runtime.deps, operator('e2e'), 'liu.yang');
    }
  }, 120_000);
});
