import * as z from 'zod';
import {
  CHANGE_KINDS,
  DIRECTORY_ACTIONS,
  type DirectoryImport,
  type DirectoryLogEntry,
  IMPORT_STATUSES,
} from '../model/directory';
import { type Agency, type Department, type Identity, ROLES } from '../model/identity';
import { enumOf, type Fits } from './common';

/** The responses of /api/directory/… (functions/api/routes/directory.ts): the directory, administered. */

/** An agency as its administrators see it (GET /api/directory/agencies). */
export const AdminAgencySchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  status: enumOf<Agency['status']>({ active: 'active', abolished: 'abolished' }),
  successorId: z.string().optional(),
  abolishedBy: z.string().optional(),
  competentFor: z.array(z.string()).readonly().optional(),
  head: z.string().optional(),
  disclosureOffice: z.boolean().optional(),
  version: z.number().optional(),
});
export type AdminAgency = z.infer<typeof AdminAgencySchema>;
export const AdminAgencyListSchema = z.array(AdminAgencySchema);

export const LeaderAssignmentRecordSchema = z.object({
  leader: z.string(),
  effectiveFrom: z.string(),
  assignedAt: z.string(),
  assignedBy: z.string(),
});

/** A department with its leader in charge and the dated history of assignments (EXPAND-2). */
export const AdminDepartmentSchema = z.object({
  agency: z.string(),
  id: z.string(),
  name: z.string(),
  leader: z.string(),
  leaders: z.array(LeaderAssignmentRecordSchema).readonly().optional(),
  version: z.number().optional(),
});
export type AdminDepartment = z.infer<typeof AdminDepartmentSchema>;
export const AdminDepartmentListSchema = z.array(AdminDepartmentSchema);

/** A directory entry: roles, agency, departments, the identity provider's subject, disabled. */
export const AdminUserSchema = z.object({
  user: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)).readonly(),
  agency: z.string(),
  department: z.string().optional(),
  departments: z.array(z.string()).readonly().optional(),
  subject: z.string().optional(),
  email: z.string().optional(),
  disabled: z.boolean().optional(),
  version: z.number().optional(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
export const AdminUserListSchema = z.array(AdminUserSchema);

/** Any change (POST/PUT …): what was written, the open tasks that moved, what to look at. */
export const DirectoryChangeSchema = z.object({
  changed: z.number(),
  tasksMoved: z.number(),
  warnings: z.array(z.string()).readonly(),
  logIds: z.array(z.string()).readonly(),
});
export type DirectoryChange = z.infer<typeof DirectoryChangeSchema>;

export const ChangeLineSchema = z.object({
  kind: z.enum(CHANGE_KINDS),
  key: z.string(),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  documentId: z.string().optional(),
});

export const DirectoryLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(DIRECTORY_ACTIONS),
  agencies: z.array(z.string()).readonly(),
  changes: z.array(ChangeLineSchema).readonly(),
  note: z.string().optional(),
  importId: z.string().optional(),
  part: z.number().optional(),
  parts: z.number().optional(),
});
export type DirectoryLogItem = z.infer<typeof DirectoryLogEntrySchema>;

/** GET /api/directory/log: newest first; `next` is the cursor (`before=`) of the following page. */
export const DirectoryLogSchema = z.object({
  entries: z.array(DirectoryLogEntrySchema),
  next: z.string().optional(),
});

const KindSummarySchema = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });

export const ImportSummarySchema = z.object({
  rows: z.number(),
  agencies: KindSummarySchema,
  departments: KindSummarySchema,
  users: KindSummarySchema,
  alsoUpdated: z.number(),
  tasksMoved: z.number(),
  transactions: z.number(),
});

/** An error of an import file: its line (1 is the header; null: the directory as a whole). */
export const ImportLineErrorSchema = z.object({ line: z.number().nullable(), message: z.string() });

/**
 * POST /api/directory/import: 200 with `ok` and the summary (a dry run: what it would write; else
 * what it wrote); a dry run of a file with errors is 200 with `ok: false` and every error; the
 * real import of one is 400 `invalid_import`, with `errors` beside `error`, and writes nothing.
 */
export const ImportResponseSchema = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  importId: z.string().optional(),
  summary: ImportSummarySchema.optional(),
  warnings: z.array(z.string()).readonly(),
  errors: z.array(ImportLineErrorSchema).readonly(),
});
export type ImportResponse = z.infer<typeof ImportResponseSchema>;

export const ImportRejectionSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  errors: z.array(ImportLineErrorSchema).readonly(),
});

export const DirectoryImportSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  actor: z.string(),
  status: z.enum(IMPORT_STATUSES),
  rows: z.number(),
  parts: z.number(),
  done: z.number(),
  error: z.string().optional(),
});
export const DirectoryImportListSchema = z.array(DirectoryImportSchema);

/** GET /api/directory/export: the directory (an agency administrator's: their agency) as an import file. */
export const DirectoryExportSchema = z.object({ csv: z.string() });

export type AdminChecks = [
  Fits<Agency, z.input<typeof AdminAgencySchema>>,
  Fits<Department, z.input<typeof AdminDepartmentSchema>>,
  Fits<Identity, z.input<typeof AdminUserSchema>>,
  Fits<DirectoryLogEntry, z.input<typeof DirectoryLogEntrySchema>>,
  Fits<DirectoryImport, z.input<typeof DirectoryImportSchema>>,
];
