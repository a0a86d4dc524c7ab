import { Hono } from 'hono';
import { z } from 'zod';
import type * as Api from '../../../shared/api/responses';
import { ACCEPTED_CONTENT_TYPES, DocumentMetadataSchema } from '../../../shared/model/document';
import { correctDocument, withdrawDocument } from '../../../shared/pipeline/amend';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { maySeeDocument, registerDocument } from '../../../shared/pipeline/upload';
import type { StaffEnv } from '../env';
import { apiError } from '../errors';

/** Inline uploads stay well under API Gateway's 10 MB payload limit. */
const MAX_INLINE_BYTES = 5 * 1024 * 1024;

export const CorrectionSchema = z.object({
  note: z.string().trim().min(1).max(500),
  filename: z.string().trim().min(1).max(255),
  contentType: z.enum(ACCEPTED_CONTENT_TYPES),
  contentBase64: z.string().min(1),
});

export const WithdrawalSchema = z.object({ reason: z.string().trim().min(1).max(500) });

export function documentRoutes(deps: PipelineDeps, uploadUrlTtlSeconds: number) {
  const app = new Hono<StaffEnv>();

  app.post('/', async (c) => {
    const metadata = DocumentMetadataSchema.parse(await c.req.json().catch(() => ({})));
    const doc = await registerDocument(deps, c.get('identity'), metadata);
    const uploadUrl = await deps.files.presignUpload(doc.objectKey, doc.contentType, uploadUrlTtlSeconds);
    return c.json({ id: doc.id, uploadUrl } satisfies z.input<typeof Api.CreatedDocumentSchema>, 201);
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
      })) satisfies z.input<typeof Api.DocumentListSchema>,
    );
  });

  // 更正: JSON with the corrected file inline (base64), scanned before it replaces the public copy.
  app.post('/:id/corrections', async (c) => {
    const input = CorrectionSchema.parse(await c.req.json().catch(() => ({})));
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.byteLength > MAX_INLINE_BYTES)
      throw apiError(413, 'too_large', `corrected files are limited to ${MAX_INLINE_BYTES} bytes`);
    const doc = await correctDocument(deps, c.get('identity'), c.req.param('id'), {
      ...input,
      bytes: new Uint8Array(bytes),
    });
    return c.json(
      { id: doc.id, status: doc.status, publicKey: doc.publicKey } satisfies z.input<
        typeof Api.CorrectedDocumentSchema
      >,
      201,
    );
  });

  // 撤回
  app.post('/:id/withdrawal', async (c) => {
    const { reason } = WithdrawalSchema.parse(await c.req.json().catch(() => ({})));
    const doc = await withdrawDocument(deps, c.get('identity'), c.req.param('id'), reason);
    return c.json({ id: doc.id, status: doc.status } satisfies z.input<typeof Api.WithdrawnDocumentSchema>, 201);
  });

  app.get('/:id', async (c) => {
    const doc = await deps.documents.get(c.req.param('id'));
    // Someone else's document reads as missing: its existence is not disclosed.
    if (!doc || !maySeeDocument(c.get('identity'), doc)) throw apiError(404, 'not_found', 'no such document');
    const history = await deps.documents.history(doc.id);
    const { executionId: _execution, openTaskId: _task, ...visible } = doc;
    return c.json({ ...visible, history } satisfies z.input<typeof Api.DocumentDetailSchema>);
  });

  return app;
}
