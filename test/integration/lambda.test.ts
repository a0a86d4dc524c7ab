import { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_ACCESS_TOKEN } from '../../functions/api/auth';
import { awsApi } from '../../functions/api/aws';
import type { LocalRuntime } from '../../infra/local/runtime';
import { startTestRuntime, tempDataDir } from './support';

/**
 * The API exactly as the Lambda deployment wires it (functions/api/aws.ts, which
 * functions/lambda/api.ts hands to hono/aws-lambda): every bearer token verified against the
 * configured issuer's JWKS — here the local runtime's OpenID provider, over HTTP — roles from the
 * directory, no dev routes; against the real tables of the local runtime.
 */
describe('the API in its Lambda wiring', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  let handler: ReturnType<typeof handle>;
  let app: ReturnType<typeof awsApi>;
  const tokens = new Map<string, string>();
  const tokenOf = async (user: string) => {
    if (!tokens.has(user)) tokens.set(user, await runtime.oidc.mint(user));
    return tokens.get(user) as string;
  };

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
    // The variables infra/constructs/api.ts gives the function (OIDC_* from the configured issuer).
    app = awsApi(
      runtime.deps,
      {
        OIDC_ISSUER: runtime.oidc.issuer,
        OIDC_AUDIENCE: runtime.oidc.clientId,
        OIDC_TOKEN_USE: JWT_ACCESS_TOKEN,
        OIDC_USERNAME_CLAIM: 'sub',
        STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:111111111111:stateMachine:gongkai',
      },
      new SFNClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    );
    handler = handle(app);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  /** As API Gateway hands it over: the bearer token, and the claims its JWT authorizer read from it. */
  function event(method: string, path: string, token?: string, claims = token ? decodeJwt(token) : undefined) {
    return {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: {
        host: 'api.example',
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      isBase64Encoded: false,
      requestContext: {
        accountId: '111111111111',
        apiId: 'api',
        domainName: 'api.example',
        domainPrefix: 'api',
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
        requestId: 'r1',
        routeKey: '$default',
        stage: '$default',
        time: '27/Nov/2026:00:00:00 +0000',
        timeEpoch: 0,
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      },
    } as unknown as APIGatewayProxyEventV2;
  }

  async function call(method: string, path: string, token?: string, claims?: Record<string, unknown>) {
    // hono types its own copy of the v2 event; it is the same shape as @types/aws-lambda's.
    const input = event(method, path, token, claims as never);
    const res = (await handler(input as unknown as LambdaEvent, {} as never)) as {
      statusCode: number;
      body: string;
      headers?: Record<string, string>;
    };
    // Exports (the annual report's DOCX and CSV) are not JSON: their body is kept as it came.
    const json = /json/.test(res.headers?.['content-type'] ?? '');
    return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.body };
  }

  it('verifies the bearer token against the issuer’s JWKS and takes roles from the directory', async () => {
    const me = await call('GET', '/api/me', await tokenOf('zhang.wei'));
    expect(me).toMatchObject({ status: 200, body: { user: 'zhang.wei', agency: 'edu', roles: ['uploader'] } });
    expect((await call('GET', '/api/scores?year=2026', await tokenOf('zhang.wei'))).status).toBe(403);
  });

  it('refuses calls without a verified caller — the authorizer’s claims alone are not taken — and has no dev sign-in', async () => {
    expect((await call('GET', '/api/tasks')).status).toBe(401);
    // Claims without the token they came from (a misconfigured route, a forged event): refused.
    expect((await call('GET', '/api/me', undefined, { sub: 'zhang.wei', username: 'zhang.wei' })).status).toBe(401);
    const forged = `${(await tokenOf('zhang.wei')).split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`;
    expect((await call('GET', '/api/me', forged)).status).toBe(401);
    expect((await call('GET', '/api/me', await runtime.oidc.mint('nobody'))).status).toBe(403);
    // No such route on AWS: 404 to anybody, signed in or not.
    expect((await call('GET', '/api/dev/identities')).status).toBe(404);
    expect((await call('POST', '/api/dev/login', await tokenOf('zhang.wei'))).status).toBe(404);
    expect(app.routes.some((r) => r.path.startsWith('/api/dev'))).toBe(false);
  });

  it('serves the public catalogue without a token', async () => {
    expect(await call('GET', '/api/health')).toEqual({ status: 200, body: { ok: true } });
    expect((await call('GET', '/api/catalog')).status).toBe(200);
  });

  it('documents every route in /api/openapi.json, and every route of the app is documented', async () => {
    const { status, body } = await call('GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(body.paths['/api/documents'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['title', 'agency', 'disclosure', 'formedAt']),
    );
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // The app's own routing table, in OpenAPI syntax; middleware (ALL) is not a route.
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(new Set(served)).toEqual(new Set(documented));
    expect(served.length).toBeGreaterThan(0);

    for (const user of ['qian.hui', 'ops', undefined]) {
      const token = user ? await tokenOf(user) : undefined;
      for (const route of documented) {
        const [method = '', path = ''] = route.split(' ');
        const concrete = path
          .replace('{agency}', 'edu')
          .replace('{year}', '2026')
          .replace(/\{\w+\}/g, 'x');
        const res = await call(method, concrete, token);
        // A 404 may only be a missing *thing*, never a missing route; nothing may crash.
        expect(res.status, `${route} as ${user ?? 'anonymous'}`).toBeLessThan(500);
        if (res.status === 404) expect(res.body.error.message, route).not.toMatch(/^no route/);
      }
    }
  });
});
