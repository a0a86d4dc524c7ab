import { Hono } from 'hono';
import { z } from 'zod';
import { DocumentMetadataSchema } from '../../shared/model/document';
import type { Identity } from '../../shared/model/identity';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { assigneesOf, decideTask } from '../../shared/pipeline/tasks';
import { maySeeDocument, registerDocument } from '../../shared/pipeline/upload';
import type { WorkflowCallbacks } from '../../shared/ports';
import type { Authenticator } from './auth';
import { apiError, onError } from './errors';

export interface ApiOptions {
  readonly deps: PipelineDeps;
  readonly authenticate: Authenticator;
  readonly callbacks: WorkflowCallbacks;
  /** Mounted by the local runtime only: demo identities and sign-in. */
  readonly devRoutes?: Hono;
  /** How long a presigned upload URL stays valid. @default 900 */
  readonly uploadUrlTtlSeconds?: number;
}

type Env = { Variables: { identity: Identity } };

const DecisionSchema = z.object({
  decision: z.string().min(1),
  comment: z.string().trim().max(2000).optional(),
});

const CatalogQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  agency: z.string().min(1).optional(),
  q: z.string().max(200).optional(),
});

export function createApi(options: ApiOptions) {
  const { deps, authenticate, callbacks } = options;
  const app = new Hono<Env>();
  app.onError(onError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  // ---- public -----------------------------------------------------------------------------
  app.get('/api/health', (c) => c.json({ ok: true }));

  app.get('/api/catalog', async (c) => {
    const query = CatalogQuerySchema.parse(c.req.query());
    const year = query.year ?? Number(new Date().toISOString().slice(0, 4));
    const entries = await deps.publications.catalog({ ...query, year });
    return c.json(entries.map((e) => ({ ...e, url: deps.files.publicUrl(e.publicKey) })));
  });

  if (options.devRoutes) app.route('/api/dev', options.devRoutes);

  // ---- signed-in --------------------------------------------------------------------------
  const staff = new Hono<Env>();
  staff.use(async (c, next) => {
    const identity = await authenticate(c);
    if (!identity) throw apiError(401, 'unauthenticated', 'sign in first: send Authorization: Bearer <token>');
    c.set('identity', identity);
    await next();
  });

  staff.get('/me', (c) => c.json(c.get('identity')));

  staff.post('/documents', async (c) => {
    const metadata = DocumentMetadataSchema.parse(await c.req.json().catch(() => ({})));
    const doc = await registerDocument(deps, c.get('identity'), metadata);
    const uploadUrl = await deps.files.presignUpload(
      doc.objectKey,
      doc.contentType,
      options.uploadUrlTtlSeconds ?? 900,
    );
    return c.json({ id: doc.id, uploadUrl }, 201);
  });

  staff.get('/documents', async (c) => {
    const caller = c.get('identity');
    const docs = await deps.documents.listByAgency(caller.agency);
    return c.json(
      docs.map(({ id, title, status, indexNumber, createdAt, formedAt }) => ({
        id,
        title,
        status,
        indexNumber,
        createdAt,
        formedAt,
      })),
    );
  });

  staff.get('/documents/:id', async (c) => {
    const doc = await deps.documents.get(c.req.param('id'));
    // Someone else's document reads as missing: its existence is not disclosed.
    if (!doc || !maySeeDocument(c.get('identity'), doc)) throw apiError(404, 'not_found', 'no such document');
    const history = await deps.documents.history(doc.id);
    const { executionId: _e, ...visible } = doc;
    return c.json({ ...visible, history });
  });

  staff.get('/tasks', async (c) => {
    const tasks = await deps.tasks.listOpen(assigneesOf(c.get('identity')));
    const withDocs = await Promise.all(
      tasks.map(async ({ taskToken: _t, ...task }) => {
        const doc = await deps.documents.get(task.documentId);
        return {
          ...task,
          document: doc && {
            title: doc.title,
            agency: doc.agency,
            department: doc.department,
            disclosure: doc.disclosure,
            formedAt: doc.formedAt,
            findings: doc.findings ?? [],
          },
        };
      }),
    );
    return c.json(withDocs);
  });

  staff.post('/tasks/:id/decision', async (c) => {
    const input = DecisionSchema.parse(await c.req.json().catch(() => ({})));
    const { taskToken, output } = await decideTask(deps, c.get('identity'), c.req.param('id'), input);
    try {
      await callbacks.succeed(taskToken, output);
    } catch (err) {
      // The decision is recorded and the document has moved; only the waiting execution is gone
      // (timed out, or the local runtime restarted). Resuming the document carries it on.
      console.error('decision recorded but the flow could not be resumed', err);
      return c.json({ ok: true, ...output, flowResumed: false }, 202);
    }
    return c.json({ ok: true, ...output, flowResumed: true });
  });

  app.route('/api', staff);
  return app;
}
