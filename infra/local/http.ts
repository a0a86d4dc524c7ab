import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApi } from '../../functions/api/app';
import { oidcAuthenticator } from '../../functions/api/auth';
import { nodeServerVisitor } from '../../functions/api/visitor';
import { documentIdOfPublicKey } from '../../shared/model/object-keys';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { currentPublicKey } from '../../shared/pipeline/publish';
import type { WorkflowCallbacks, WorkflowStarter } from '../../shared/ports';
import { fromRoot } from '../paths';
import { dashboardCsp, PUBLIC_COPY_HEADERS } from '../security-headers';
import { devRoutes } from './dev-routes';
import { LOCAL_NAMES } from './names';
import type { LocalOidc } from './oidc';

export interface LocalServer {
  readonly url: string;
  readonly dashboardBuilt: boolean;
  close(): Promise<void>;
}

/**
 * One port on 127.0.0.1 for what CloudFront and API Gateway serve on AWS: the API (with the
 * local-only sign-in), the public copies and the built dashboard.
 */
export async function startLocalServer(options: {
  readonly port: number;
  readonly dataDir: string;
  readonly deps: PipelineDeps;
  readonly callbacks: WorkflowCallbacks;
  /** Starts re-runs (the local engine). */
  readonly workflow: WorkflowStarter;
  readonly s3: S3Client;
  /** Where the browser PUTs uploads (s3rver): allowed in the dashboard's CSP. */
  readonly uploadOrigin: string;
  /** The local OpenID provider: the API verifies its tokens; the dashboard signs in with it. */
  readonly oidc: LocalOidc;
}): Promise<LocalServer> {
  const { deps, oidc } = options;
  const api = createApi({
    deps,
    // The same verification as in Lambda: the provider's JWKS, then the directory.
    authenticate: oidcAuthenticator(deps, oidc.settings),
    visitorOf: nodeServerVisitor,
    callbacks: options.callbacks,
    workflow: options.workflow,
    devRoutes: devRoutes(deps.directory, (user) => oidc.mint(user)),
  });
  const app = new Hono();
  // The API is its own app, as behind API Gateway: its routing alone decides 404s and sign-in,
  // so the dashboard's catch-all below can never make an unknown /api path look like a route.
  app.all('/api/*', (c) => api.fetch(c.req.raw, c.env));
  // The raw path, still percent-encoded: an encoded "../" must not become a path.
  app.get('/public/*', (c) => servePublicCopy(deps, options.s3, new URL(c.req.url).pathname.slice(1)));
  // What the deployment writes next to the site on AWS: the issuer and client the dashboard signs in with.
  app.get('/config.json', (c) => c.json(oidc.dashboardConfig, 200, { 'cache-control': 'no-store' }));
  const dist = fromRoot('dashboard/dist');
  const dashboardBuilt = existsSync(dist);
  if (dashboardBuilt) {
    // The browser fetches the provider's discovery document and token endpoint (the code exchange, refresh).
    const csp = dashboardCsp([options.uploadOrigin, oidc.issuer]);
    app.use('/*', async (c, next) => {
      await next();
      c.header('content-security-policy', csp);
      c.header('x-content-type-options', 'nosniff');
      c.header('x-frame-options', 'DENY');
    });
    app.use('/*', serveStatic({ root: dist }));
    app.get('*', serveStatic({ path: join(dist, 'index.html') }));
  }
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    dashboardBuilt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * CloudFront's /public/* locally. Only the current copy of a document in the catalogue is served,
 * looked up from the document — never a path built from the request — with the headers that keep
 * it from running on this origin.
 */
async function servePublicCopy(deps: PipelineDeps, client: S3Client, key: string): Promise<Response> {
  const notFound = () =>
    Response.json({ error: { code: 'not_found', message: 'no such public copy' } }, { status: 404 });
  const documentId = documentIdOfPublicKey(key);
  const doc = documentId ? await deps.documents.get(documentId) : undefined;
  if (!doc || currentPublicKey(doc) !== key) return notFound();
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: LOCAL_NAMES.publicBucket, Key: key }));
    const bytes = await out.Body?.transformToByteArray();
    return new Response(bytes ? Buffer.from(bytes) : null, {
      headers: {
        ...PUBLIC_COPY_HEADERS,
        'content-type': out.ContentType ?? 'application/octet-stream',
        'content-disposition': out.ContentDisposition ?? 'attachment',
      },
    });
  } catch {
    return notFound();
  }
}
