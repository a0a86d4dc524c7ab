import { Hono } from 'hono';
import type { z } from 'zod';
import type * as Api from '../../shared/api/responses';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import type { WorkflowCallbacks } from '../../shared/ports';
import type { Authenticator } from './auth';
import type { StaffEnv } from './env';
import { apiError, onError } from './errors';
import { openApiDocument } from './openapi';
import { documentRoutes } from './routes/documents';
import { pipelineRoutes } from './routes/pipeline';
import { publicRoutes } from './routes/public';
import { reviewRoutes } from './routes/reviews';
import { scoreRoutes } from './routes/scores';
import { taskRoutes } from './routes/tasks';

export interface ApiOptions {
  readonly deps: PipelineDeps;
  readonly authenticate: Authenticator;
  readonly callbacks: WorkflowCallbacks;
  /** Mounted by the local runtime only: demo identities and sign-in. */
  readonly devRoutes?: Hono;
  /** How long a presigned upload URL stays valid. @default 900 */
  readonly uploadUrlTtlSeconds?: number;
}

/** The HTTP API: one sub-app per resource; every signed-in route knows who is calling. */
export function createApi(options: ApiOptions) {
  const { deps, authenticate, callbacks } = options;
  const app = new Hono();
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.route('/api', publicRoutes(deps));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  if (options.devRoutes) app.route('/api/dev', options.devRoutes);

  const staff = new Hono<StaffEnv>();
  staff.use(async (c, next) => {
    const identity = await authenticate(c);
    if (!identity) throw apiError(401, 'unauthenticated', 'sign in first: send Authorization: Bearer <token>');
    c.set('identity', identity);
    await next();
  });
  staff.get('/me', (c) => c.json(c.get('identity') satisfies z.input<typeof Api.IdentitySchema>));
  staff.route('/documents', documentRoutes(deps, options.uploadUrlTtlSeconds ?? 900));
  staff.route('/tasks', taskRoutes(deps, callbacks));
  staff.route('/pipeline', pipelineRoutes(deps));
  staff.route('/scores', scoreRoutes(deps));
  staff.route('/reviews', reviewRoutes(deps));
  app.route('/api', staff);
  return app;
}
