import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { batchPrefix, singleDropPrefix } from '../../../shared/model/object-keys';
import { safeLine } from '../../../shared/model/text';
import { batchView, listBatches, MAX_ROWS_PER_REQUEST, openBatch, sendRows } from '../../../shared/pipeline/batch/api';
import { MANIFEST_COLUMNS } from '../../../shared/pipeline/batch/manifest';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import type { StaffEnv } from '../env';
import { parseBody, pathId } from '../request';

export const OpenBatchSchema = z.object({ label: safeLine('label', 100) });

const COLUMNS: ReadonlySet<string> = new Set(MANIFEST_COLUMNS);

/** Rows as a manifest has them: each row's cells by column (the columns of MANIFEST_COLUMNS). */
export const BatchRowsSchema = z.object({
  rows: z
    .array(
      z.object({
        row: z.number({ error: 'row must be a number' }).int().min(1).max(100_000),
        cells: z
          .record(z.string(), z.string({ error: 'a cell is text' }).max(5_000, 'a cell is at most 5,000 characters'))
          .refine((cells) => Object.keys(cells).every((c) => COLUMNS.has(c)), {
            message: `cells are named by the manifest's columns: ${MANIFEST_COLUMNS.join(', ')}`,
          }),
      }),
      { error: 'rows must be a list of {row, cells}' },
    )
    .min(1, 'rows must hold at least one row')
    .max(MAX_ROWS_PER_REQUEST, `at most ${MAX_ROWS_PER_REQUEST} rows a request`),
});

/**
 * Bulk intake: an uploader opens a batch, sends its rows (each registered as the upload form's
 * would be) and PUTs each file to its own presigned URL; the batch view shows where each stands.
 */
export function batchRoutes(deps: PipelineDeps, uploadUrlTtlSeconds: number) {
  const app = new Hono<StaffEnv>();

  app.post('/', async (c) => {
    const { label } = await parseBody(c, OpenBatchSchema);
    const batch = await openBatch(deps, c.get('identity'), label);
    return c.json(
      {
        id: batch.id,
        agency: batch.agency,
        ...(batch.label ? { label: batch.label } : {}),
        folder: batchPrefix(batch.agency, batch.id),
        singleFolder: singleDropPrefix(batch.agency, batch.id),
      } satisfies z.input<typeof Api.OpenedBatchSchema>,
      201,
    );
  });

  app.get('/', async (c) =>
    c.json((await listBatches(deps, c.get('identity'))) satisfies z.input<typeof Api.BatchListSchema>),
  );

  app.get('/:id', async (c) =>
    c.json((await batchView(deps, c.get('identity'), pathId(c, 'id'))) satisfies z.input<typeof Api.BatchViewSchema>),
  );

  // A retried request (a dropped connection) finds what it registered and hands out fresh upload URLs.
  app.post('/:id/rows', async (c) => {
    const id = pathId(c, 'id');
    const { rows } = await parseBody(c, BatchRowsSchema);
    const sent = await sendRows(deps, c.get('identity'), id, rows);
    const withUrls = await Promise.all(
      sent.map(async (row) => {
        if (row.status !== 'DRAFT' || !row.documentId) return row;
        const doc = await deps.documents.get(row.documentId);
        if (!doc) return row;
        const uploadUrl = await deps.files.presignUpload(doc.objectKey, doc.contentType, uploadUrlTtlSeconds);
        return { ...row, uploadUrl, contentType: doc.contentType };
      }),
    );
    return c.json({ rows: withUrls } satisfies z.input<typeof Api.SentRowsSchema>);
  });

  return app;
}
