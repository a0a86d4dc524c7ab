import * as z from 'zod';
import { BATCH_STAGES, type BatchRecord, type BatchStage } from '../model/batch';
import { STATUSES } from '../model/document';
import type { BatchView, SentRow } from '../pipeline/batch/api';
import type { BatchReport } from '../pipeline/batch/report';
import { enumOf, type Fits } from './common';

/** The responses of /api/batches (functions/api/routes/batches.ts): bulk intake. */

const CellProblemSchema = z.object({ column: z.string(), reason: z.string() });
const stage = z.enum(BATCH_STAGES);
const status = z.enum(STATUSES);

export const BatchSchema = z.object({
  id: z.string(),
  agency: z.string(),
  openedBy: z.string(),
  openedAt: z.string(),
  source: enumOf<BatchRecord['source']>({ api: 'api', drop: 'drop' }),
  label: z.string().optional(),
  manifest: z
    .object({
      name: z.string(),
      etag: z.string().optional(),
      importedAt: z.string(),
      rows: z.number().int(),
      problems: z
        .array(z.object({ row: z.number().int().optional(), column: z.string().optional(), reason: z.string() }))
        .readonly(),
    })
    .optional(),
  importing: z.object({ by: z.string(), since: z.string() }).optional(),
  version: z.number().int().optional(),
});
export type Batch = z.infer<typeof BatchSchema>;
export const BatchListSchema = z.array(BatchSchema);

/** POST /api/batches (201): the batch, and where its files may be dropped (locally: only under it). */
export const OpenedBatchSchema = z.object({
  id: z.string(),
  agency: z.string(),
  label: z.string().optional(),
  /** `aws s3 cp --recursive ./folder s3://<intake>/<folder>` with manifest.csv. */
  folder: z.string(),
  /** Single uploads with x-amz-meta-* metadata go under here. */
  singleFolder: z.string(),
});

/** POST /api/batches/:id/rows: what became of each row sent. */
export const SentRowsSchema = z.object({
  rows: z
    .array(
      z.object({
        row: z.number().int(),
        file: z.string().optional(),
        documentId: z.string().optional(),
        status: status.optional(),
        /** While the document is DRAFT: where to PUT its file (with its Content-Type). */
        uploadUrl: z.string().optional(),
        contentType: z.string().optional(),
        problems: z.array(CellProblemSchema).readonly().optional(),
      }),
    )
    .readonly(),
});
export type SentRows = z.infer<typeof SentRowsSchema>;

export const BatchReportSchema = z.object({
  batch: z.string(),
  agency: z.string(),
  manifest: z.string().nullable(),
  rows: z.number().int(),
  registered: z.number().int(),
  started: z.number().int(),
  invalid: z
    .array(z.object({ row: z.number().int(), file: z.string().optional(), column: z.string(), reason: z.string() }))
    .readonly(),
  filesWithoutRow: z.array(z.string()).readonly(),
  rowsWithoutFile: z.array(z.object({ row: z.number().int(), file: z.string() })).readonly(),
});

/** GET /api/batches/:id: every row with its document's status, the count per stage, the report. */
export const BatchViewSchema = z.object({
  batch: BatchSchema,
  stages: z.object(
    Object.fromEntries(BATCH_STAGES.map((s) => [s, z.number().int()])) as Record<BatchStage, z.ZodNumber>,
  ),
  rows: z
    .array(
      z.object({
        row: z.number().int().optional(),
        file: z.string().optional(),
        documentId: z.string().optional(),
        status: status.optional(),
        stage: stage.optional(),
        problems: z.array(CellProblemSchema).readonly().optional(),
        fileSize: z.number().int().optional(),
        startedAt: z.string().optional(),
      }),
    )
    .readonly(),
  report: BatchReportSchema,
});
export type BatchViewResponse = z.infer<typeof BatchViewSchema>;

// What the domain hands the routes fits these responses.
export type BatchChecks = [
  Fits<BatchRecord, z.input<typeof BatchSchema>>,
  Fits<BatchView, z.input<typeof BatchViewSchema>>,
  Fits<BatchReport, z.input<typeof BatchReportSchema>>,
  Fits<SentRow, z.input<typeof SentRowsSchema>['rows'][number]>,
];
