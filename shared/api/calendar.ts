import * as z from 'zod';
import type { StoredArrangement } from '../calendar/arrangement';
import { TASK_KINDS } from '../model/task';
import type { CalendarImportResult } from '../pipeline/calendar-import';
import type { Fits } from './common';

/** The responses of /api/calendar/… (functions/api/routes/calendar.ts): the holiday calendar ops import. */

/** A year's arrangement as stored (GET /api/calendar/years). */
export const StoredArrangementSchema = z.object({
  year: z.number().int(),
  holidays: z.array(z.string()).readonly(),
  workdays: z.array(z.string()).readonly(),
  notice: z.string().optional(),
  version: z.number().int(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export const StoredArrangementListSchema = z.array(StoredArrangementSchema);

export const DeadlineChangeSchema = z.object({
  documentId: z.string(),
  deadline: z.enum(['publication', 'task']),
  taskId: z.string().optional(),
  kind: z.enum(TASK_KINDS).optional(),
  from: z.string(),
  to: z.string(),
  provisional: z.boolean(),
});

/** POST /api/calendar/years: what the import stored and which deadlines it moved (or would, dryRun). */
export const CalendarImportResultSchema = z.object({
  year: z.number().int(),
  version: z.number().int(),
  holidays: z.number().int(),
  workdays: z.number().int(),
  unchanged: z.boolean(),
  dryRun: z.boolean(),
  documents: z.object({ inFlight: z.number().int(), changed: z.number().int() }),
  tasks: z.object({ open: z.number().int(), changed: z.number().int() }),
  changes: z.array(DeadlineChangeSchema).readonly(),
});
export type CalendarImportResponse = z.infer<typeof CalendarImportResultSchema>;

export type CalendarChecks = [
  Fits<StoredArrangement, z.input<typeof StoredArrangementSchema>>,
  Fits<CalendarImportResult, z.input<typeof CalendarImportResultSchema>>,
];
