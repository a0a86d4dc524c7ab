import { createHash } from 'node:crypto';
import { MAX_UPLOAD_BYTES } from '../model/document';
import { NotFoundError, ValidationError } from '../model/errors';
import { documentIdFromKey } from '../model/object-keys';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import type { IntakeInput } from './events';
import { failDocument } from './failure';
import { resumeStage, type Stage } from './stage';
import { claimDocument, takeOverDocument, updateDocument } from './write';

export interface IntakeResult {
  readonly documentId: string;
  readonly next: Stage | 'duplicate';
}

/**
 * Step 1. Claims the upload for exactly one execution (a duplicate S3 event finds it claimed and
 * stops), checks size and type, and stores the SHA-256 of the original. A resume request hands the
 * document to a new execution, which carries on where the history says it stands.
 */
export async function intake(deps: PipelineDeps, input: IntakeInput): Promise<IntakeResult> {
  const { event, executionId } = input;
  if ('resume' in event) {
    const { documentId, previousExecutionId } = event.resume;
    const doc = await deps.documents.get(documentId);
    if (!doc) throw new NotFoundError(`no document ${documentId}`);
    if (doc.executionId === executionId) return { documentId, next: resumeStage(doc) };
    const took = await takeOverDocument(deps.documents, documentId, previousExecutionId, executionId);
    return { documentId, next: took ? resumeStage(doc) : 'duplicate' };
  }

  const { key, size } = event.detail.object;
  const versionId = event.detail.object['version-id'];
  const documentId = documentIdFromKey(key);
  if (!documentId) throw new ValidationError(`object key "${key}" is not an upload of a registered document`);
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`object "${key}" has no document record`);
  // A retried Intake of the execution that holds the claim carries on; any other is a duplicate.
  if (doc.executionId !== undefined) {
    return { documentId, next: doc.executionId === executionId ? resumeStage(doc) : 'duplicate' };
  }
  if (doc.status !== 'DRAFT') return { documentId, next: 'duplicate' };

  const claimed = await claimDocument(
    deps.documents,
    documentId,
    executionId,
    {
      from: 'DRAFT',
      to: 'RECEIVED',
      event: { at: deps.clock.now().toISOString(), actor: SYSTEM_ACTOR, note: { code: 'received' } },
      patch: { objectVersion: versionId },
    },
    doc,
  );
  if (!claimed) return { documentId, next: 'duplicate' };

  const problem = await checkUpload(deps, doc.objectKey, versionId, size, doc.contentType, documentId);
  if (problem) {
    await failDocument(deps, documentId, 'Intake', problem);
    return { documentId, next: 'done' };
  }
  return { documentId, next: 'review' };
}

/** Returns why the upload cannot go on, or undefined and records its hash. */
async function checkUpload(
  deps: PipelineDeps,
  key: string,
  versionId: string | undefined,
  announcedSize: number | undefined,
  declaredType: string,
  documentId: string,
): Promise<string | undefined> {
  if (announcedSize !== undefined && announcedSize > MAX_UPLOAD_BYTES) {
    return `file is ${announcedSize} bytes; the limit is ${MAX_UPLOAD_BYTES}`;
  }
  const { bytes, contentType } = await deps.files.readOriginal(key, versionId);
  if (bytes.byteLength === 0) return 'file is empty';
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return `file is ${bytes.byteLength} bytes; the limit is ${MAX_UPLOAD_BYTES}`;
  const storedType = contentType?.split(';')[0]?.trim();
  if (storedType && storedType !== declaredType) {
    return `uploaded as ${storedType} but registered as ${declaredType}`;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await updateDocument(deps.documents, documentId, 'RECEIVED', { sha256, size: bytes.byteLength });
  return undefined;
}
