/**
 * Every key of an object the pipeline stores in S3, built here by the server from ids it issued.
 * No client-supplied string becomes a key: file names only ever end a public copy's key.
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

/** A reviewer's redacted version of a document (intake bucket). */
export const redactionKey = (documentId: string, redactionId: string) => `redactions/${documentId}/${redactionId}`;

/** A publisher's corrected file, kept as evidence (intake bucket). */
export const correctionKey = (documentId: string, correctionId: string) => `corrections/${documentId}/${correctionId}`;

/** The public copy of a published document (public bucket). */
export const publicCopyKey = (documentId: string, filename: string) => `public/${documentId}/${filename}`;

/** The public copy of a document's n-th correction (public bucket). */
export const publicCorrectionKey = (documentId: string, n: number, filename: string) =>
  `public/${documentId}/corrections/${n}/${filename}`;
