import { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SfnCallbacks } from '../../functions/adapters/sfn';
import { createApi } from '../../functions/api/app';
import { cognitoAuthenticator } from '../../functions/api/auth';
import { apiGatewayVisitor } from '../../functions/api/visitor';
import type { LocalRuntime } from '../../infra/local/runtime';
import { startTestRuntime, tempDataDir } from './support';

/**
 * The API as the Lambda deployment wires it (functions/lambda/api.ts): hono/aws-lambda, the
 * Cognito authenticator reading the JWT authorizer's claims, no dev routes — against the real
 * tables of the local runtime.
 */
describe('the API in its Lambda wiring', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  let handler: ReturnType<typeof handle>;
  let app: ReturnType<typeof createApi>;

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
    const deps = runtime.deps;
    app = createApi({
      deps,
      authenticate: cognitoAuthenticator(deps.directory),
      visitorOf: apiGatewayVisitor,
      callbacks: new SfnCallbacks(new SFNClient({ region: 'us-east-1' })),
      workflow: runtime.workflow,
    });
    handler = handle(app);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  function event(method: string, path: string, claims?: Record<string, string>): APIGatewayProxyEventV2 {
    return {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'api.example', 'content-type': 'application/json' },
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
    } as APIGatewayProxyEventV2;
  }

  async function call(method: string, path: string, claims?: Record<string, string>) {
    // hono types its own copy of the v2 event; it is the same shape as @types/aws-lambda's.
    const res = (await handler(event(method, path, claims) as unknown as LambdaEvent, {} as never)) as {
      statusCode: number;
      body: string;
    };
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }

  it('knows the caller from the Cognito claims and their roles from the directory', async () => {
    const me = await call('GET', '/api/me', { 'cognito:username': 'zhang.wei', sub: 'abc' });
    expect(me).toMatchObject({ status: 200, body: { user: 'zhang.wei', agency: 'edu', roles: ['uploader'] } });
    expect((await call('GET', '/api/scores?year=2026', { 'cognito:username': 'zhang.wei' })).status).toBe(403);
  });

  it('refuses calls without a verified caller, and has no dev sign-in', async () => {
    expect((await call('GET', '/api/tasks')).status).toBe(401);
    expect((await call('GET', '/api/me', { 'cognito:username': 'nobody' })).status).toBe(401);
    // No such route on AWS: 404 to anybody, signed in or not.
    expect((await call('GET', '/api/dev/identities')).status).toBe(404);
    expect((await call('POST', '/api/dev/login', { 'cognito:username': 'zhang.wei' })).status).toBe(404);
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

    for (const claims of [{ 'cognito:username': 'qian.hui' }, { 'cognito:username': 'ops' }, undefined]) {
      for (const route of documented) {
        const [method = '', path = ''] = route.split(' ');
        const concrete = path
          .replace('{agency}', 'edu')
          .replace('{year}', '2026')
          .replace(/\{\w+\}/g, 'x');
        const res = await call(method, concrete, claims);
        // A 404 may only be a missing *thing*, never a missing route; nothing may crash.
        expect(res.status, `${route} as ${claims?.['cognito:username'] ?? 'anonymous'}`).toBeLessThan(500);
        if (res.status === 404) expect(res.body.error.message, route).not.toMatch(/^no route/);
      }
    }
  });
});
