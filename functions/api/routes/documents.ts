import { Hono } from 'hono';
import { DocumentMetadataSchema } from '../../../shared/model/document';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { maySeeDocument, registerDocument } from '../../../shared/pipeline/upload';
import type { StaffEnv } from '../env';
import { apiError } from '../errors';

export function documentRoutes(deps: PipelineDeps, uploadUrlTtlSeconds: number) {
  const app = new Hono<StaffEnv>();

  app.post('/', async (c) => {
    const metadata = DocumentMetadataSchema.parse(await c.req.json().catch(() => ({})));
    const doc = await registerDocument(deps, c.get('identity'), metadata);
    const uploadUrl = await deps.files.presignUpload(doc.objectKey, doc.contentType, uploadUrlTtlSeconds);
    return c.json({ id: doc.id, uploadUrl }, 201);
  });

  app.get('/', async (c) => {
    const docs = await deps.documents.listByAgency(c.get('identity').agency);
    return c.json(
      docs.map(({ id, title, status, indexNumber, createdAt, formedAt, dueAt, dueProvisional }) => ({
        id,
        title,
        status,
        indexNumber,
        createdAt,
        formedAt,
        dueAt,
        dueProvisional,
      })),
    );
  });

  app.get('/:id', async (c) => {
    const doc = await deps.documents.get(c.req.param('id'));
    // Someone else's document reads as missing: its existence is not disclosed.
    if (!doc || !maySeeDocument(c.get('identity'), doc)) throw apiError(404, 'not_found', 'no such document');
    const history = await deps.documents.history(doc.id);
    const { executionId: _execution, openTaskId: _task, ...visible } = doc;
    return c.json({ ...visible, history });
  });

  return app;
}
