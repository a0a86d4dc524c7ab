import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { actionApplies } from '../../../shared/model/actions';
import { ACCEPTED_CONTENT_TYPES, DocumentMetadataSchema } from '../../../shared/model/document';
import { safeLine, safeText } from '../../../shared/model/text';
import {
  correctDocument,
  correctDocumentOnce,
  withdrawDocument,
  withdrawDocumentOnce,
} from '../../../shared/pipeline/amend';
import { contentKeyOf, originalKeyOf } from '../../../shared/pipeline/content';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { agencyDocumentsPage } from '../../../shared/pipeline/lists';
import { cancelDocument, documentAwaitingUpload, rerunDocument } from '../../../shared/pipeline/staff';
import { maySeeDocument, registerDocument, registerDocumentOnce } from '../../../shared/pipeline/upload';
import type { WorkflowStarter } from '../../../shared/ports';
import type { StaffEnv } from '../env';
import { apiError } from '../errors';
import { idempotencyKeyOf, markReplayed, PageQuerySchema, parseBody, parseQuery, pathId } from '../request';

/** Inline uploads stay well under API Gateway's 10 MB payload limit. */
const MAX_INLINE_BYTES = 5 * 1024 * 1024;

export const CorrectionSchema = z.object({
  note: safeText('note', 500),
  filename: safeLine('filename', 255),
  contentType: z.enum(ACCEPTED_CONTENT_TYPES),
  contentBase64: z.string().min(1, 'contentBase64 is required').base64('contentBase64 must be base64'),
});

export const WithdrawalSchema = z.object({ reason: safeText('reason', 500) });

/** 撤销登记: why the registration is cancelled. */
export const CancellationSchema = z.object({ reason: safeText('reason', 500) });

export function documentRoutes(deps: PipelineDeps, workflow: WorkflowStarter, uploadUrlTtlSeconds: number) {
  const app = new Hono<StaffEnv>();

  // With an Idempotency-Key, a retried registration answers 200 with the document the first one
  // made (Idempotent-Replayed: true), and a new upload link only while it still awaits its file.
  app.post('/', async (c) => {
    const metadata = await parseBody(c, DocumentMetadataSchema);
    const key = idempotencyKeyOf(c);
    const identity = c.get('identity');
    const { document: doc, created } = key
      ? await registerDocumentOnce(deps, identity, metadata, key)
      : { document: await registerDocument(deps, identity, metadata), created: true };
    const uploadUrl = actionApplies(doc, 'upload')
      ? await deps.files.presignUpload(doc.objectKey, doc.contentType, uploadUrlTtlSeconds)
      : undefined;
    markReplayed(c, !created);
    return c.json(
      { id: doc.id, ...(uploadUrl ? { uploadUrl } : {}) } satisfies z.input<typeof Api.CreatedDocumentSchema>,
      created ? 201 : 200,
    );
  });

  app.get('/', async (c) => {
    const request = parseQuery(c, PageQuerySchema);
    const page = await agencyDocumentsPage(deps.documents, c.get('identity').agency, request);
    return c.json({
      ...page,
      entries: page.entries.map(({ id, title, status, indexNumber, createdAt, formedAt, dueAt, dueProvisional }) => ({
        id,
        title,
        status,
        indexNumber,
        createdAt,
        formedAt,
        dueAt,
        dueProvisional,
      })),
    } satisfies z.input<typeof Api.DocumentListSchema>);
  });

  // 更正: JSON with the corrected file inline (base64), scanned before it replaces the public copy.
  app.post('/:id/corrections', async (c) => {
    const id = pathId(c, 'id');
    const input = await parseBody(c, CorrectionSchema);
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.byteLength > MAX_INLINE_BYTES)
      throw apiError(413, 'too_large', `corrected files are limited to ${MAX_INLINE_BYTES} bytes`);
    const key = idempotencyKeyOf(c);
    const identity = c.get('identity');
    const correction = { ...input, bytes: new Uint8Array(bytes) };
    const { document: doc, created } = key
      ? await correctDocumentOnce(deps, identity, id, correction, key)
      : { document: await correctDocument(deps, identity, id, correction), created: true };
    markReplayed(c, !created);
    return c.json(
      { id: doc.id, status: doc.status, publicKey: doc.publicKey } satisfies z.input<
        typeof Api.CorrectedDocumentSchema
      >,
      created ? 201 : 200,
    );
  });

  // 撤回
  app.post('/:id/withdrawal', async (c) => {
    const id = pathId(c, 'id');
    const { reason } = await parseBody(c, WithdrawalSchema);
    // With an Idempotency-Key, a retried withdrawal answers 200 with the one the first request made.
    const key = idempotencyKeyOf(c);
    const identity = c.get('identity');
    const { document: doc, created } = key
      ? await withdrawDocumentOnce(deps, identity, id, reason, key)
      : { document: await withdrawDocument(deps, identity, id, reason), created: true };
    markReplayed(c, !created);
    return c.json(
      { id: doc.id, status: doc.status } satisfies z.input<typeof Api.WithdrawnDocumentSchema>,
      created ? 201 : 200,
    );
  });

  // A fresh presigned PUT for a registration whose file has not come (the first link expired, say).
  // It takes no input: a body, if any, is not read.
  app.post('/:id/upload-url', async (c) => {
    const doc = await documentAwaitingUpload(deps, c.get('identity'), pathId(c, 'id'));
    const uploadUrl = await deps.files.presignUpload(doc.objectKey, doc.contentType, uploadUrlTtlSeconds);
    return c.json({ uploadUrl } satisfies z.input<typeof Api.UploadUrlSchema>, 201);
  });

  // 撤销登记
  app.post('/:id/cancel', async (c) => {
    const id = pathId(c, 'id');
    const { reason } = await parseBody(c, CancellationSchema);
    const doc = await cancelDocument(deps, c.get('identity'), id, reason);
    return c.json(
      { id: doc.id, status: doc.status, cancelled: doc.cancelled } satisfies z.input<
        typeof Api.CancelledDocumentSchema
      >,
      201,
    );
  });

  // 重新处理: a document the system failed runs again from where it failed.
  app.post('/:id/rerun', async (c) => {
    const doc = await rerunDocument(deps, workflow, c.get('identity'), pathId(c, 'id'));
    return c.json({ id: doc.id, status: doc.status } satisfies z.input<typeof Api.RerunDocumentSchema>, 202);
  });

  app.get('/:id', async (c) => {
    const doc = await deps.documents.get(pathId(c, 'id'));
    // Someone else's document reads as missing: its existence is not disclosed.
    if (!doc || !maySeeDocument(c.get('identity'), doc)) throw apiError(404, 'not_found', 'no such document');
    const history = await deps.documents.history(doc.id);
    const {
      executionId: _execution,
      openTaskId: _task,
      withdrawalRequestDigest: _withdrawal,
      corrections,
      ...visible
    } = doc;
    // Which request made a correction or the withdrawal stays inside too.
    const made = corrections?.map(({ requestDigest: _request, ...correction }) => correction);
    const pinned = { contentKey: contentKeyOf(doc), originalKey: originalKeyOf(doc) };
    return c.json({
      ...visible,
      ...(made ? { corrections: made } : {}),
      ...pinned,
      history,
    } satisfies z.input<typeof Api.DocumentDetailSchema>);
  });

  return app;
}
