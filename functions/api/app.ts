import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import type { z } from 'zod';
import type * as Api from '../../shared/api/responses';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import type { WorkflowCallbacks, WorkflowStarter } from '../../shared/ports';
import type { Authenticator } from './auth';
import type { StaffEnv } from './env';
import { apiError, onError } from './errors';
import { openApiDocument } from './openapi';
import { batchRoutes } from './routes/batches';
import { calendarRoutes } from './routes/calendar';
import { directoryRoutes } from './routes/directory';
import { documentRoutes } from './routes/documents';
import { lifecycleRoutes } from './routes/lifecycle';
import { pipelineRoutes } from './routes/pipeline';
import { publicRoutes } from './routes/public';
import { reportRoutes } from './routes/reports';
import { reviewRoutes } from './routes/reviews';
import { scoreRoutes } from './routes/scores';
import { taskRoutes } from './routes/tasks';
import type { VisitorOf } from './visitor';

export interface ApiOptions {
  readonly deps: PipelineDeps;
  readonly authenticate: Authenticator;
  /** Who calls a public route, for the query counter (READ-5(6)): the address and User-Agent. */
  readonly visitorOf: VisitorOf;
  readonly callbacks: WorkflowCallbacks;
  /** Starts the executions that re-run failed documents (POST /api/documents/:id/rerun). */
  readonly workflow: WorkflowStarter;
  /** Mounted by the local runtime only: demo identities and sign-in. */
  readonly devRoutes?: Hono;
  /** How long a presigned upload URL stays valid. @default 900 */
  readonly uploadUrlTtlSeconds?: number;
}

/**
 * The largest request body: a 5 MB corrected file inline is ~6.7 MB of base64 (API Gateway's own
 * limit is 10 MB); anything larger is refused before it is read.
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The HTTP API: one sub-app per resource; every signed-in route knows who is calling. */
export function createApi(options: ApiOptions) {
  const { deps, authenticate, callbacks } = options;
  const app = new Hono();
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json({ error: { code: 'too_large', message: `request bodies are limited to ${MAX_BODY_BYTES} bytes` } }, 413),
    }),
  );

  app.route('/api', publicRoutes(deps, options.visitorOf));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  if (options.devRoutes) app.route('/api/dev', options.devRoutes);

  const staff = new Hono<StaffEnv>();
  staff.use(async (c, next) => {
    // No route answers this path and method (middleware is ALL): 404 for everybody, signed in or not.
    if (!matchedRoutes(c).some((route) => route.method !== 'ALL')) return c.notFound();
    const identity = await authenticate(c);
    if (!identity) throw apiError(401, 'unauthenticated', 'sign in first: send Authorization: Bearer <token>');
    c.set('identity', identity);
    await next();
  });
  staff.get('/me', (c) => c.json(c.get('identity') satisfies z.input<typeof Api.IdentitySchema>));
  staff.route('/documents', documentRoutes(deps, options.workflow, options.uploadUrlTtlSeconds ?? 900));
  staff.route('/documents', lifecycleRoutes(deps));
  staff.route('/batches', batchRoutes(deps, options.uploadUrlTtlSeconds ?? 900));
  staff.route('/tasks', taskRoutes(deps, callbacks));
  staff.route('/pipeline', pipelineRoutes(deps));
  staff.route('/scores', scoreRoutes(deps));
  staff.route('/reviews', reviewRoutes(deps));
  staff.route('/directory', directoryRoutes(deps));
  staff.route('/calendar', calendarRoutes(deps));
  staff.route('/annual-reports', reportRoutes(deps));
  app.route('/api', staff);
  return app;
}
