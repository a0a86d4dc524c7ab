import { BATCH_ID_PATTERN, REPORT_NAME } from './batch';
import { ACCEPTED_FILE_TYPES, type AcceptedContentType } from './document';
import { hasUnsafeCharacter, isWellFormedId } from './text';

/**
 * Every key of an object the pipeline stores in S3, built here by the server from ids it issued.
 * No client-supplied string becomes a key or a file path: an agency's file name is only ever shown
 * (downloadName), never stored under.
 */

/** Upload prefix the intake rule listens on (infra/constructs/workflow.ts); the API presigns PUTs under it. */
export const UPLOAD_PREFIX = 'uploads/';

export function uploadKey(documentId: string): string {
  return `${UPLOAD_PREFIX}${documentId}`;
}

/** The document an intake-bucket key is the upload of; undefined for any other key. */
export function documentIdFromKey(key: string): string | undefined {
  const id = key.startsWith(UPLOAD_PREFIX) ? key.slice(UPLOAD_PREFIX.length) : '';
  return /^[0-9a-f-]{36}$/.test(id) ? id : undefined;
}

/**
 * Pinned content (intake bucket): the bytes that were scanned, under their own hash, so a later
 * PUT to an upload or redaction key can never change what is reviewed, signed off and published.
 */
export const pinnedKey = (documentId: string, sha256: string) => `pinned/${documentId}/${sha256}`;

/**
 * The text the scan extracted from a version of a document (intake bucket, beside its pinned
 * content): what reviewers read with the findings highlighted. Kept out of the document item,
 * which every step writes again, and read only when a person opens the task.
 */
export const EXCERPT_PREFIX = 'excerpts/';
export const excerptKey = (documentId: string, sha256: string) => `${EXCERPT_PREFIX}${documentId}/${sha256}`;

/** A reviewer's redacted version of a document (intake bucket). */
export const redactionKey = (documentId: string, redactionId: string) => `redactions/${documentId}/${redactionId}`;

/** A publisher's corrected file, kept as evidence (intake bucket). */
export const correctionKey = (documentId: string, correctionId: string) => `corrections/${documentId}/${correctionId}`;

const extensionOf = (contentType: AcceptedContentType) => ACCEPTED_FILE_TYPES[contentType][0];

/** The public copy of a published document (public bucket). */
export const publicCopyKey = (documentId: string, contentType: AcceptedContentType) =>
  `public/${documentId}/${documentId}.${extensionOf(contentType)}`;

/** The public copy of a document's n-th correction (public bucket). */
/**
 * The public copy of a document's n-th correction, named by its content too: two corrections made
 * at once (one of them loses its write) never put their files at one key.
 */
export const publicCorrectionKey = (documentId: string, n: number, contentType: AcceptedContentType, sha256: string) =>
  `public/${documentId}/corrections/${n}-${sha256.slice(0, 16)}.${extensionOf(contentType)}`;

/** The document a public-bucket key belongs to, if it has the shape of one this module builds. */
export function documentIdOfPublicKey(key: string): string | undefined {
  // corrections/<n>.<ext>: a correction made before its key named its content.
  const match = /^public\/([0-9a-f-]{36})\/(?:\1|corrections\/\d{1,4}(?:-[0-9a-f]{16})?)\.[a-z]{2,5}$/.exec(key);
  return match?.[1];
}

// Path separators, control characters and bidirectional overrides (which can make "exe.txt" read
// as "txt.exe") never reach a name a reader sees.
const UNSAFE_IN_NAME = /[\\/\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** The name a downloaded copy is saved under: the agency's file name, made harmless, with the right extension. */
export function downloadName(filename: string, contentType: AcceptedContentType): string {
  const base = filename.split(/[\\/]/).at(-1) ?? '';
  const clean = base.replace(UNSAFE_IN_NAME, '').replace(/^\.+/, '').trim().slice(0, 120);
  const ext = extensionOf(contentType);
  const stem = clean.replace(/\.[^.]*$/, '') || 'document';
  return `${stem}.${ext}`;
}

/** Bulk intake's drop folders (intake bucket): a batch's files, manifest and report. */
export const BATCH_PREFIX = 'batches/';

/**
 * A dropped object: a batch's file, manifest or report (`batches/<agency>/<batch>/<name>`), or a
 * single upload with its metadata as `x-amz-meta-*` (`uploads/<agency>/<batch>/<name>`). Every
 * segment is checked; anything else is not a drop. The names are the dropper's: the importer only
 * reads these keys and writes the report beside the manifest, under the segments it checked.
 */
export interface DropKey {
  readonly kind: 'batch' | 'single';
  readonly agency: string;
  readonly batchId: string;
  readonly name: string;
}

export function dropOfKey(key: string): DropKey | undefined {
  const kind = key.startsWith(BATCH_PREFIX) ? 'batch' : key.startsWith(UPLOAD_PREFIX) ? 'single' : undefined;
  if (!kind) return undefined;
  const [agency = '', batchId = '', name = '', ...rest] = key.slice(key.indexOf('/') + 1).split('/');
  if (rest.length > 0 || !isWellFormedId(agency) || !BATCH_ID_PATTERN.test(batchId) || !isDropFileName(name)) {
    return undefined;
  }
  return { kind, agency, batchId, name };
}

/** A file name a drop may have: one path segment of safe characters, not `.` or `..`. */
export function isDropFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !hasUnsafeCharacter(name);
}

export const batchPrefix = (agency: string, batchId: string) => `${BATCH_PREFIX}${agency}/${batchId}/`;
export const singleDropPrefix = (agency: string, batchId: string) => `${UPLOAD_PREFIX}${agency}/${batchId}/`;
export const batchReportKey = (agency: string, batchId: string) => `${batchPrefix(agency, batchId)}${REPORT_NAME}`;
