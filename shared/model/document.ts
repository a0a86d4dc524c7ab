import * as z from 'zod';
import type { FileProblem } from './file-problem';
import { type Abolition, DOCUMENT_TYPES, isNormative } from './lifecycle';
import type { RuleId } from './rules';
import type { TaskKind } from './task';
import { entityId, isoDate, safeLine, safeText } from './text';

/**
 * Document statuses. The pipeline only moves a document forward along TRANSITIONS; every
 * change is one conditional write on the expected `from` status, so a duplicate event or a
 * retried step can never move a document backwards or twice.
 */
export const STATUSES = [
  'DRAFT',
  'RECEIVED',
  'IN_REVIEW',
  'CLEARED',
  'AWAITING_SIGNOFF',
  'SIGNED_OFF',
  'IN_CONSULTATION',
  'AWAITING_APPROVAL',
  'ROUTED',
  'PUBLISHED',
  'REJECTED',
  'RETURNED',
  'WITHHELD',
  'RECORDED',
  'CORRECTED',
  'WITHDRAWN',
  'FAILED',
  'CANCELLED',
] as const;
export type Status = (typeof STATUSES)[number];

/** The flow is over for these (a published document may still be corrected or withdrawn). */
export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set([
  'PUBLISHED',
  'CORRECTED',
  'WITHDRAWN',
  'REJECTED',
  'RETURNED',
  'WITHHELD',
  'RECORDED',
  'FAILED',
  'CANCELLED',
]);

const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  // 撤销登记: a registration whose file never came (or that was returned or failed) is cancelled.
  DRAFT: ['RECEIVED', 'FAILED', 'CANCELLED'],
  RECEIVED: ['IN_REVIEW', 'CLEARED', 'FAILED'],
  IN_REVIEW: ['CLEARED', 'WITHHELD', 'RETURNED', 'FAILED'],
  CLEARED: ['AWAITING_SIGNOFF', 'FAILED'],
  AWAITING_SIGNOFF: ['SIGNED_OFF', 'REJECTED', 'FAILED'],
  SIGNED_OFF: ['IN_CONSULTATION', 'AWAITING_APPROVAL', 'ROUTED', 'REJECTED', 'FAILED'],
  // COORD-5: other agencies' opinions, and escalation to the disclosure office if they object.
  IN_CONSULTATION: ['AWAITING_APPROVAL', 'ROUTED', 'REJECTED', 'FAILED'],
  AWAITING_APPROVAL: ['ROUTED', 'REJECTED', 'FAILED'],
  ROUTED: ['PUBLISHED', 'RECORDED', 'FAILED'],
  // 更正 / 撤回: both stay in the catalogue history and count against accuracy.
  PUBLISHED: ['CORRECTED', 'WITHDRAWN'],
  CORRECTED: ['WITHDRAWN'],
  WITHDRAWN: [],
  REJECTED: [],
  RETURNED: ['CANCELLED'],
  WITHHELD: [],
  RECORDED: [],
  FAILED: ['CANCELLED'],
  CANCELLED: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * The one way back: a person re-runs a document the system failed, and it returns to the status
 * it failed in (never to a final one). Audited like every move; outside TRANSITIONS, which only
 * go forward.
 */
export function canRerun(failure: DocumentRecord['failure'], to: Status): boolean {
  return failure?.kind === 'system' && failure.failedIn === to && !TERMINAL_STATUSES.has(to);
}

/** 主动公开 / 依申请公开 / 不予公开 (FIVE-1). */
export const DISCLOSURE_ATTRIBUTES = ['proactive', 'on-request', 'not-disclosed'] as const;
export type DisclosureAttribute = (typeof DISCLOSURE_ATTRIBUTES)[number];

/** What a published document can still become: it stays in the public catalogue, marked. */
export const PUBLIC_STATUSES: ReadonlySet<Status> = new Set(['PUBLISHED', 'CORRECTED', 'WITHDRAWN']);

/** Waiting on a person: only a decision moves the document on. */
export const WAITING_STATUSES: ReadonlySet<Status> = new Set([
  'IN_REVIEW',
  'AWAITING_SIGNOFF',
  'IN_CONSULTATION',
  'AWAITING_APPROVAL',
]);

/** The file types an agency may upload, with the file-name extensions that name them. */
export const ACCEPTED_FILE_TYPES = {
  'text/plain': ['txt'],
  'text/html': ['html', 'htm'],
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  /** GB/T 33190 版式文档. */
  'application/ofd': ['ofd'],
  /** Word 97–2003. */
  'application/msword': ['doc'],
  /** Scans and photos of paper documents: read by OCR, always checked by a person (REVIEW-2). */
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
} as const satisfies Record<string, readonly string[]>;
export type AcceptedContentType = keyof typeof ACCEPTED_FILE_TYPES;

export const ACCEPTED_CONTENT_TYPES = Object.keys(ACCEPTED_FILE_TYPES) as [
  AcceptedContentType,
  ...AcceptedContentType[],
];

/** The `accept` attribute of a file input: every extension and type above. */
export const ACCEPT_ATTRIBUTE = [
  ...Object.values(ACCEPTED_FILE_TYPES).flatMap((exts) => exts.map((ext) => `.${ext}`)),
  ...ACCEPTED_CONTENT_TYPES,
].join(',');

export function isAcceptedContentType(type: string): type is AcceptedContentType {
  return Object.hasOwn(ACCEPTED_FILE_TYPES, type);
}

/** The accepted type a file name's extension names, if any. */
export function contentTypeOfExtension(filename: string): AcceptedContentType | undefined {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  return ACCEPTED_CONTENT_TYPES.find((type) => (ACCEPTED_FILE_TYPES[type] as readonly string[]).includes(ext));
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** COORD-4: categories that need the competent department's approval before release. */
export const SENSITIVE_CATEGORIES = [
  'agri-product-safety',
  'infectious-disease',
  'animal-epidemic',
  'foreign-trade',
  'geographic-data',
  'statistics',
] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

/** What an agency submits with a document (POST /api/documents). */
export const DocumentMetadataSchema = z
  .object({
    title: safeLine('title', 200),
    agency: entityId('agency'),
    department: entityId('department'),
    /** Catalogue category code (two digits, the CC of the index number). */
    category: z.string().regex(/^\d{2}$/, 'category is a two-digit catalogue code'),
    documentNumber: safeLine('documentNumber', 100, 0).optional(),
    /** When the information was formed; 2000-01-01 … a year from today (checked at registration). */
    formedAt: isoDate('formedAt'),
    disclosure: z.enum(DISCLOSURE_ATTRIBUTES),
    legalReason: safeText('legalReason', 500).optional(),
    origin: z.enum(['made', 'obtained']),
    /** COORD-1: the maker (origin made) or holder (obtained), when not the uploading agency. */
    madeBy: entityId('madeBy').optional(),
    heldBy: entityId('heldBy').optional(),
    /** COORD-2: the agency that organised a joint drafting publishes it. */
    leadDrafter: entityId('leadDrafter').optional(),
    sensitiveCategory: z.enum(SENSITIVE_CATEGORIES).optional(),
    /** COORD-5(1): agencies whose authority the content touches; their opinion is asked first. */
    consult: z.array(entityId('consult')).max(10, 'consult names at most 10 agencies').optional(),
    /** INTERP-2: important policies need a linked interpretation (INTERP-3). */
    importantPolicy: z.boolean().optional(),
    /** Set on an interpretation: the document it interprets. */
    interprets: z.string().uuid('interprets must be the id of a registered document').optional(),
    filename: safeLine('filename', 255),
    contentType: z.enum(ACCEPTED_CONTENT_TYPES),
    /** What kind of document it is, for the annual report's table 二 (absent: other). */
    documentType: z.enum(DOCUMENT_TYPES).optional(),
    /** 有效期: a normative document lapses (失效) after this day. */
    validUntil: isoDate('validUntil').optional(),
  })
  .refine((m) => m.disclosure !== 'not-disclosed' || m.legalReason !== undefined, {
    // FIVE-1: 不予公开 needs a legal reason.
    message: 'FIVE-1: a not-disclosed (不予公开) document needs a legalReason',
    path: ['legalReason'],
  })
  .refine((m) => m.validUntil === undefined || isNormative(m.documentType), {
    message: 'validUntil (有效期) is for a regulation or normative document (documentType regulation or normative)',
    path: ['validUntil'],
  })
  .refine((m) => m.validUntil === undefined || m.validUntil >= m.formedAt, {
    message: 'validUntil (有效期) cannot be before formedAt',
    path: ['validUntil'],
  });
export type DocumentMetadata = z.infer<typeof DocumentMetadataSchema>;

export interface Finding {
  readonly kind: string;
  readonly text: string;
  /** Offsets into the extracted text (the excerpt, `excerptKey`, is its beginning). */
  readonly start: number;
  readonly end: number;
  readonly rule: RuleId;
  /** Where in the file: "footer", "tracked deletion", "page 3", "sheet 低保名单, cell D7 (hidden column)". */
  readonly location?: string;
  /** The page, and the box on it, of a finding on a page (PDF, OFD, OCR). */
  readonly page?: number;
  readonly box?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export interface Correction {
  readonly at: string;
  readonly by: string;
  readonly note: string;
  readonly publicKey: string;
  readonly sha256: string;
  /** The request that made it, when sent with an Idempotency-Key: a retry finds it (shared/pipeline/amend.ts). */
  readonly requestDigest?: string;
}

export interface DocumentRecord extends DocumentMetadata {
  readonly id: string;
  /** Optimistic lock: every write is conditional on the version it read. */
  readonly version?: number;
  readonly status: Status;
  readonly uploadedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Where the agency uploads (a presigned PUT); what arrives there is pinned by Intake. */
  readonly objectKey: string;
  /** Publication deadline: 20 working days after formedAt (OGI-26); provisional when a year's calendar is unpublished. */
  readonly dueAt?: string;
  readonly dueProvisional?: boolean;
  /** The deadline is a date fixed in itself (the annual report's), not counted in working days: a calendar import leaves it. */
  readonly dueFixed?: boolean;
  /** The S3 version of the upload Intake took (AWS), and the MD5 of its bytes (S3's ETag). */
  readonly objectVersion?: string;
  readonly uploadEtag?: string;
  /**
   * The hash of the agency's upload, kept pinned when a reviewer's redacted version replaced it as
   * content (its key: shared/pipeline/content.ts originalKeyOf).
   */
  readonly originalSha256?: string;
  /** A redacted version awaits its scan (the flow scans it again before it moves on). */
  readonly redactionPending?: boolean;
  /**
   * Scans of the pinned content started and not finished (recorded before each scan, removed with
   * its result): a file whose scan stopped the process twice is not scanned a third time.
   */
  readonly scanAttempts?: number;
  readonly executionId?: string;
  /** The human task the flow is waiting on, if any. */
  readonly openTaskId?: string;
  /**
   * SHA-256 and size of the pinned content: a content-addressed copy of exactly the bytes that were
   * scanned (its key: shared/pipeline/content.ts contentKeyOf). Every later step reads it and checks
   * the hash; a later PUT to the upload key changes nothing.
   */
  readonly sha256?: string;
  readonly size?: number;
  /** The hash the leader signed off (EXPAND-2): publication copies exactly these bytes. */
  readonly signedOffSha256?: string;
  readonly findings?: Finding[];
  /**
   * After a redaction: the findings of the version it replaced, so the reviewer sees what the
   * redaction removed and what the re-scan still finds, side by side.
   */
  readonly findingsBeforeRedaction?: Finding[];
  /** Some of the text was read by OCR (a scan): it may misread, so a person checks it (REVIEW-2). */
  readonly scanned?: boolean;
  /**
   * Where the extracted text reviewers see with the findings highlighted is (first 20,000
   * characters; object-keys.ts excerptKey): an object of its own, not the document item.
   */
  readonly excerptKey?: string;
  readonly publisher?: string;
  readonly approvals?: string[];
  readonly routingRules?: RuleId[];
  /** COORD-5: the consultation's open tasks and how it ended. */
  readonly consultationTaskIds?: string[];
  readonly consultationOutcome?: 'agreed' | 'objected' | 'coordinated';
  /** COORD-5(4): when the other agencies had to be asked, and whether they were asked late. */
  readonly solicitationDueAt?: string;
  readonly solicitationLate?: boolean;
  /** Set while replies are pending: some agency already objected. */
  readonly consultationObjected?: boolean;
  /** COORD-6: the uploading agency tried to publish what another agency must publish. */
  readonly wrongPublisherAttempt?: boolean;
  /** INTERP-3: the published interpretation of this important policy. */
  readonly interpretationId?: string;
  readonly indexNumber?: string;
  readonly publishedAt?: string;
  readonly publicKey?: string;
  /** SHA-256 of the bytes put in the public bucket (accuracy: must equal the signed-off version's). */
  readonly publicSha256?: string;
  /** COORD-4: who approved for the competent department. */
  readonly approvedBy?: string;
  /** INTERP-3: when the interpretation was linked. */
  readonly interpretationLinkedAt?: string;
  readonly correctedAt?: string;
  readonly corrections?: Correction[];
  readonly withdrawnAt?: string;
  readonly withdrawalReason?: string;
  /** The withdrawal's request, when sent with an Idempotency-Key: a retry finds it (shared/pipeline/amend.ts). */
  readonly withdrawalRequestDigest?: string;
  readonly failure?: Failure;
  /** The head of the document's audit chain: the sequence and hash of its last event. */
  readonly lastEventSeq?: number;
  readonly lastEventHash?: string;
  /** 撤销登记: who cancelled it, why, and from which status. */
  readonly cancelled?: { readonly by: string; readonly at: string; readonly reason: string; readonly from: Status };
  /** 废止 of a published regulation or normative document (shared/pipeline/abolish.ts). */
  readonly abolition?: Abolition;
}

/**
 * Why a document stopped. `input`: the agency's file or registration was refused (it must be
 * registered again with a good one). `system`: a step broke; a person may re-run it, and until
 * they do or abandon it, it does not count against the agency.
 */
export interface Failure {
  readonly step: string;
  readonly error: string;
  readonly cause?: string;
  readonly kind: 'input' | 'system';
  /** An input failure: what is wrong with the file, as a code the reader's language words (`error` says it in English). */
  readonly problem?: FileProblem;
  /** The status it failed in: where a re-run takes it back. */
  readonly failedIn: Status;
}

/**
 * What an audit event says, as a code with its facts: readers (many read only Chinese) get it
 * worded in their language by the dashboard's dictionaries; the record itself stays data.
 */
export type AuditNote =
  | { readonly code: 'registered'; readonly disclosure: DisclosureAttribute }
  | { readonly code: 'received' }
  | { readonly code: 'scan-clear' }
  | { readonly code: 'rescan-clear' }
  | {
      readonly code: 'task-opened';
      readonly kind: TaskKind;
      readonly assignees: readonly string[];
      readonly escalated: boolean;
    }
  | { readonly code: 'decided'; readonly kind: TaskKind; readonly decision: string; readonly comment?: string }
  | { readonly code: 'routed'; readonly publisher: string; readonly approvals: readonly string[] }
  | { readonly code: 'refused'; readonly agency: string; readonly publisher: string }
  | { readonly code: 'after-consultation'; readonly publisher: string; readonly coordinated: boolean }
  | { readonly code: 'corrected'; readonly note: string }
  | { readonly code: 'withdrawn'; readonly reason: string }
  | { readonly code: 'failed'; readonly step: string; readonly error: string; readonly problem?: FileProblem }
  /** A PUT to the upload key after Intake pinned the content: it starts nothing and changes nothing. */
  | { readonly code: 'upload-ignored' }
  | { readonly code: 'cancelled'; readonly reason: string }
  | { readonly code: 'rerun'; readonly step: string }
  | { readonly code: 'abolished'; readonly on: string; readonly document: string }
  /**
   * A calendar import (the year's holidays and 调休) moved a deadline: the document's publication
   * deadline (OGI-26) or an open task's (`taskId`, its `kind`).
   */
  | {
      readonly code: 'deadline-recomputed';
      readonly year: number;
      readonly deadline: 'publication' | 'task';
      readonly from: string;
      readonly to: string;
      readonly provisional: boolean;
      readonly taskId?: string;
      readonly kind?: TaskKind;
    };
export type AuditNoteCode = AuditNote['code'];

/** What a use case records of a change: who moved it, when, from where to where, under which rule. */
export interface AuditEntry {
  readonly documentId: string;
  readonly at: string;
  readonly actor: string;
  readonly from: Status | null;
  readonly to: Status;
  readonly rules?: RuleId[];
  readonly note?: AuditNote;
}

/**
 * One entry of a document's history: an AuditEntry chained by writeDocument
 * (shared/pipeline/audit-chain.ts). `seq` is the document version it was written with (its place
 * in the history), `prevSeq`/`prevHash` name the document's previous event (null for the first),
 * and `hash` is the SHA-256 of its canonical content, every field but `hash`.
 */
export interface AuditEvent extends AuditEntry {
  readonly seq: number;
  readonly prevSeq: number | null;
  readonly prevHash: string | null;
  readonly hash: string;
}
