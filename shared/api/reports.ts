import * as z from 'zod';
import type { AnnualReportView, ReportStatusRow } from '../report/service';
import { REPORT_STATUSES, TIMELINESS } from '../report/status';
import { APPEAL_COUNT, REQUEST_COLUMNS, REQUEST_ROWS } from '../report/template';
import type { Fits } from './common';

/** The responses of /api/annual-reports, as shared/report/service.ts builds them. */

const FigureSchema = z.object({
  value: z.number(),
  source: z.enum(['computed', 'entered']),
  note: z.string().optional(),
});
const NormativeRowSchema = z.object({
  issued: FigureSchema,
  abolished: FigureSchema,
  inForce: FigureSchema,
  lapsed: z.number().int(),
});
const row = z.array(z.number()).length(REQUEST_COLUMNS.length).readonly();
const EnteredCountSchema = z.object({ count: z.number().int(), source: z.string() });

/** GET /api/annual-reports/:agency/:year (and PUT's answer). */
export const AnnualReportSchema = z.object({
  agency: z.string(),
  name: z.string(),
  year: z.number().int(),
  due: z.string(),
  status: z.enum(REPORT_STATUSES),
  proactive: z.object({
    regulations: NormativeRowSchema,
    normative: NormativeRowSchema,
    licensing: FigureSchema,
    punishment: FigureSchema,
    enforcement: FigureSchema,
    charges: FigureSchema,
  }),
  requests: z.object(
    Object.fromEntries(REQUEST_ROWS.map((r) => [r, row])) as Record<(typeof REQUEST_ROWS)[number], typeof row>,
  ),
  appeals: z.array(z.number()).length(APPEAL_COUNT).readonly(),
  fees: z.object({ charges: z.number(), processing: z.number() }),
  decisionCounts: z.object({
    licensing: EnteredCountSchema.optional(),
    punishment: EnteredCountSchema.optional(),
    enforcement: EnteredCountSchema.optional(),
  }),
  sections: z.object({ overview: z.string(), problems: z.string(), other: z.string() }),
  checks: z.array(z.object({ ok: z.boolean(), message: z.string() })),
  documentId: z.string().optional(),
  indexNumber: z.string().optional(),
});
export type AnnualReport = z.infer<typeof AnnualReportSchema>;

/** GET /api/annual-reports?year=: every agency's report against its deadline (oversight, admin). */
export const ReportStatusRowSchema = z.object({
  agency: z.string(),
  name: z.string(),
  due: z.string(),
  status: z.enum(REPORT_STATUSES),
  timeliness: z.enum(TIMELINESS),
  updatedAt: z.string().optional(),
  documentId: z.string().optional(),
  publishedAt: z.string().optional(),
  indexNumber: z.string().optional(),
});
export type ReportStatusRowResponse = z.infer<typeof ReportStatusRowSchema>;
export const ReportStatusListSchema = z.array(ReportStatusRowSchema);

/** POST …/submit (202): the document the report entered the pipeline as. */
export const SubmittedReportSchema = z.object({ documentId: z.string() });

/** A 400 invalid_report: each broken identity, with its row, column and both sides. */
export const ReportViolationSchema = z.object({
  check: z.string(),
  table: z.enum(['requests', 'appeals']),
  row: z.string(),
  column: z.string(),
  left: z.object({ expression: z.string(), value: z.number() }),
  right: z.object({ expression: z.string(), value: z.number() }),
  message: z.string(),
});
export const InvalidReportSchema = z.object({
  error: z.object({
    code: z.literal('invalid_report'),
    message: z.string(),
    details: z.array(z.union([ReportViolationSchema, z.object({ ok: z.boolean(), message: z.string() })])),
  }),
});

export type ReportChecks = [
  Fits<AnnualReportView, z.input<typeof AnnualReportSchema>>,
  Fits<ReportStatusRow, z.input<typeof ReportStatusRowSchema>>,
];
