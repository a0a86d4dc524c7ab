import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { apiGatewayVisitor, nodeServerVisitor, type VisitorOf } from '../../functions/api/visitor';

/** What a visitor function makes of a request with this runtime environment (Hono's `c.env`). */
async function seen(visitorOf: VisitorOf, env: unknown, headers: Record<string, string> = {}) {
  const app = new Hono().get('/', (c) => c.json(visitorOf(c) ?? null));
  return (await app.request('/', { headers }, env)).json();
}

describe('the visitor of a public request (READ-5(6)), as each runtime gives it', () => {
  it('on AWS: API Gateway’s sourceIp and the User-Agent', async () => {
    const event = { requestContext: { http: { sourceIp: '203.0.113.7', userAgent: 'Firefox/140.0' } } };
    expect(await seen(apiGatewayVisitor, { event }, { 'user-agent': 'Firefox/140.0' })).toEqual({
      address: '203.0.113.7',
      userAgent: 'Firefox/140.0',
    });
    expect(await seen(apiGatewayVisitor, { event })).toEqual({ address: '203.0.113.7', userAgent: 'Firefox/140.0' });
    expect(await seen(apiGatewayVisitor, {})).toBeNull();
  });

  it('locally: the socket’s peer address (@hono/node-server) and the User-Agent', async () => {
    const incoming = { socket: { remoteAddress: '127.0.0.1' } };
    expect(await seen(nodeServerVisitor, { incoming }, { 'user-agent': 'curl/8.5.0' })).toEqual({
      address: '127.0.0.1',
      userAgent: 'curl/8.5.0',
    });
    expect(await seen(nodeServerVisitor, { incoming })).toEqual({ address: '127.0.0.1', userAgent: '' });
    expect(await seen(nodeServerVisitor, undefined)).toBeNull();
  });
});
