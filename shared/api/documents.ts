import * as z from 'zod';
import {
  type AuditEvent,
  type AuditNote,
  DISCLOSURE_ATTRIBUTES,
  DocumentMetadataSchema,
  type DocumentRecord,
  type Failure,
  STATUSES,
} from '../model/document';
import { type FileProblem, SNIFFED_FORMATS } from '../model/file-problem';
import { RULE_IDS } from '../model/rules';
import { TASK_KINDS } from '../model/task';
import { enumOf, type Fits, pageOf } from './common';

/** The responses of /api/documents, as the routes in functions/api/routes/documents.ts send them. */

const status = z.enum(STATUSES);
const rule = z.enum(RULE_IDS);

/** What is wrong with a refused file (FileProblem), for the reader's dictionary to word. */
export const FileProblemSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('empty') }),
  z.object({ code: z.literal('too-large'), bytes: z.number().int(), limit: z.number().int() }),
  z.object({ code: z.literal('stored-as'), stored: z.string(), registered: z.string() }),
  z.object({ code: z.literal('not-as-registered'), registered: z.string(), found: z.enum(SNIFFED_FORMATS) }),
  z.object({ code: z.literal('other-image-format'), registered: z.string() }),
  z.object({ code: z.literal('unreadable-text'), registered: z.string() }),
  z.object({ code: z.literal('scan-stopped') }),
]);

export const FindingSchema = z.object({
  kind: z.string(),
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  rule,
  /** Where in the file ("footer", "page 3", "sheet 低保名单, cell D7 (hidden column)"); older findings have none. */
  location: z.string().optional(),
  page: z.number().int().optional(),
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** What an audit event says, as a code with its facts (AuditNote); the reader's dictionary words it. */
export const AuditNoteSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('registered'), disclosure: z.enum(DISCLOSURE_ATTRIBUTES) }),
  z.object({ code: z.literal('received') }),
  z.object({ code: z.literal('scan-clear') }),
  z.object({ code: z.literal('rescan-clear') }),
  z.object({
    code: z.literal('task-opened'),
    kind: z.enum(TASK_KINDS),
    assignees: z.array(z.string()).readonly(),
    escalated: z.boolean(),
  }),
  z.object({
    code: z.literal('decided'),
    kind: z.enum(TASK_KINDS),
    decision: z.string(),
    comment: z.string().optional(),
  }),
  z.object({ code: z.literal('routed'), publisher: z.string(), approvals: z.array(z.string()).readonly() }),
  z.object({ code: z.literal('refused'), agency: z.string(), publisher: z.string() }),
  z.object({ code: z.literal('after-consultation'), publisher: z.string(), coordinated: z.boolean() }),
  z.object({ code: z.literal('corrected'), note: z.string() }),
  z.object({ code: z.literal('withdrawn'), reason: z.string() }),
  z.object({ code: z.literal('failed'), step: z.string(), error: z.string(), problem: FileProblemSchema.optional() }),
  z.object({ code: z.literal('upload-ignored') }),
  z.object({ code: z.literal('cancelled'), reason: z.string() }),
  z.object({ code: z.literal('rerun'), step: z.string() }),
  z.object({ code: z.literal('abolished'), on: z.string(), document: z.string() }),
  z.object({
    code: z.literal('deadline-recomputed'),
    year: z.number().int(),
    deadline: z.enum(['publication', 'task']),
    from: z.string(),
    to: z.string(),
    provisional: z.boolean(),
    taskId: z.string().optional(),
    kind: z.enum(TASK_KINDS).optional(),
  }),
]);

/** One entry of a document's history (AuditEvent). */
export const HistoryEventSchema = z.object({
  documentId: z.string(),
  at: z.string(),
  actor: z.string(),
  from: status.nullable(),
  to: status,
  rules: z.array(rule).readonly().optional(),
  note: AuditNoteSchema.optional(),
  /** The audit chain: its place in the history, the event before it, its SHA-256 (docs/architecture.md). */
  seq: z.number().int(),
  prevSeq: z.number().int().nullable(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;

/** GET /api/documents: the caller's agency's documents. */
export const DocumentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status,
  indexNumber: z.string().optional(),
  createdAt: z.string(),
  formedAt: z.string(),
  dueAt: z.string().optional(),
  dueProvisional: z.boolean().optional(),
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;
/** GET /api/documents: one page of the caller's agency's documents, newest registered first. */
export const DocumentListSchema = pageOf(DocumentSummarySchema);

/** 撤销登记: who cancelled it, when, why, and from which status. */
const CancellationSchema = z.object({ by: z.string(), at: z.string(), reason: z.string(), from: status });

const CorrectionSchema = z.object({
  at: z.string(),
  by: z.string(),
  note: z.string(),
  publicKey: z.string(),
  sha256: z.string(),
});

/**
 * GET /api/documents/:id: the document record without the flow's internals (executionId,
 * openTaskId), with its history. The metadata fields are the ones an agency submits.
 */
export const DocumentDetailSchema = z.object({
  ...DocumentMetadataSchema.shape,
  id: z.string(),
  version: z.number().int().optional(),
  status,
  uploadedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  objectKey: z.string(),
  /** Publication deadline (OGI-26); provisional when the year's holiday calendar is unpublished. */
  dueAt: z.string().optional(),
  dueProvisional: z.boolean().optional(),
  objectVersion: z.string().optional(),
  uploadEtag: z.string().optional(),
  /** The pinned bytes that were scanned (content-addressed), and the agency's original after a redaction. */
  contentKey: z.string().optional(),
  originalKey: z.string().optional(),
  originalSha256: z.string().optional(),
  signedOffSha256: z.string().optional(),
  redactionPending: z.boolean().optional(),
  /** Scans started and not finished on the pinned content (two stop the document: FAILED, input). */
  scanAttempts: z.number().int().optional(),
  sha256: z.string().optional(),
  size: z.number().int().optional(),
  findings: z.array(FindingSchema).readonly().optional(),
  /** After a redaction: the findings of the version it replaced. */
  findingsBeforeRedaction: z.array(FindingSchema).readonly().optional(),
  /** Some of the text was read by OCR. */
  scanned: z.boolean().optional(),
  /** Where the reviewers' excerpt is (read through GET /api/tasks/{id}/excerpt). */
  excerptKey: z.string().optional(),
  publisher: z.string().optional(),
  /** COORD-4: the competent departments whose approval the release needs. */
  approvals: z.array(z.string()).readonly().optional(),
  /** COORD-1…3: the rules that decided the publisher. */
  routingRules: z.array(rule).readonly().optional(),
  consultationTaskIds: z.array(z.string()).readonly().optional(),
  consultationOutcome: enumOf<NonNullable<DocumentRecord['consultationOutcome']>>({
    agreed: 'agreed',
    objected: 'objected',
    coordinated: 'coordinated',
  }).optional(),
  solicitationDueAt: z.string().optional(),
  solicitationLate: z.boolean().optional(),
  consultationObjected: z.boolean().optional(),
  wrongPublisherAttempt: z.boolean().optional(),
  interpretationId: z.string().optional(),
  indexNumber: z.string().optional(),
  publishedAt: z.string().optional(),
  publicKey: z.string().optional(),
  publicSha256: z.string().optional(),
  approvedBy: z.string().optional(),
  interpretationLinkedAt: z.string().optional(),
  correctedAt: z.string().optional(),
  corrections: z.array(CorrectionSchema).readonly().optional(),
  withdrawnAt: z.string().optional(),
  withdrawalReason: z.string().optional(),
  failure: z
    .object({
      step: z.string(),
      error: z.string(),
      cause: z.string().optional(),
      kind: enumOf<Failure['kind']>({ input: 'input', system: 'system' }),
      problem: FileProblemSchema.optional(),
      failedIn: status,
    })
    .optional(),
  cancelled: CancellationSchema.optional(),
  /** 废止: on which day, by which document, recorded by whom and when. */
  abolition: z.object({ on: z.string(), document: z.string(), by: z.string(), at: z.string() }).optional(),
  /** The head of the audit chain: the last event's sequence and hash. */
  lastEventSeq: z.number().int().optional(),
  lastEventHash: z.string().optional(),
  history: z.array(HistoryEventSchema).readonly(),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

/**
 * POST /api/documents (201; 200 for a replay with its Idempotency-Key): where to PUT the file. A
 * replay once the file is in has no upload link.
 */
export const CreatedDocumentSchema = z.object({ id: z.string(), uploadUrl: z.string().optional() });

/** POST /api/documents/:id/corrections (201): the corrected document's status and new public copy. */
export const CorrectedDocumentSchema = z.object({ id: z.string(), status, publicKey: z.string().optional() });

/** POST /api/documents/:id/withdrawal (201). */
export const WithdrawnDocumentSchema = z.object({ id: z.string(), status });

/** POST /api/documents/:id/upload-url (201): a fresh presigned PUT for a DRAFT's file. */
export const UploadUrlSchema = z.object({ uploadUrl: z.string() });

/** POST /api/documents/:id/cancel (201): CANCELLED, with the cancellation. */
export const CancelledDocumentSchema = z.object({ id: z.string(), status, cancelled: CancellationSchema });

/** POST /api/documents/:id/rerun (202): back in the status it failed in, a new execution started. */
export const RerunDocumentSchema = z.object({ id: z.string(), status });

/** POST /api/documents/:id/abolish (201): the 废止 recorded. */
export const AbolishedDocumentSchema = z.object({
  id: z.string(),
  status,
  abolition: z.object({ on: z.string(), document: z.string(), by: z.string(), at: z.string() }),
});

// What the domain hands the routes fits these responses, and the notes read back as the domain's type.
export type DocumentChecks = [
  Fits<FileProblem, z.input<typeof FileProblemSchema>>,
  Fits<z.output<typeof FileProblemSchema>, FileProblem>,
  Fits<AuditNote, z.input<typeof AuditNoteSchema>>,
  Fits<z.output<typeof AuditNoteSchema>, AuditNote>,
  Fits<AuditEvent, z.input<typeof HistoryEventSchema>>,
  Fits<
    Omit<DocumentRecord, 'executionId' | 'openTaskId'> & { history: AuditEvent[] },
    z.input<typeof DocumentDetailSchema>
  >,
];
