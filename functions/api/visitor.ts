import type { Context } from 'hono';
import type { Visitor } from '../../shared/pipeline/catalog-queries';

/**
 * Who calls a public route, as far as the query counter needs (READ-5(6)): the caller's address
 * and User-Agent, hashed by the domain and never stored. Undefined when the runtime cannot say.
 */
export type VisitorOf = (c: Context) => Visitor | undefined;

const visitor = (c: Context, address: unknown, userAgent?: unknown): Visitor | undefined =>
  typeof address === 'string' && address !== ''
    ? { address, userAgent: c.req.header('user-agent') ?? (typeof userAgent === 'string' ? userAgent : '') }
    : undefined;

/**
 * AWS: API Gateway's (HTTP API, payload 2.0) `requestContext.http.sourceIp`. Behind CloudFront it
 * is the viewer's address: a regional API takes the last X-Forwarded-For entry, the one CloudFront
 * appended.
 */
export const apiGatewayVisitor: VisitorOf = (c) => {
  const http = (c.env as { event?: { requestContext?: { http?: { sourceIp?: unknown; userAgent?: unknown } } } })?.event
    ?.requestContext?.http;
  return visitor(c, http?.sourceIp, http?.userAgent);
};

/** Locally: the peer of the socket, which @hono/node-server passes as `c.env.incoming`. */
export const nodeServerVisitor: VisitorOf = (c) => {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)?.incoming;
  return visitor(c, incoming?.socket?.remoteAddress);
};
