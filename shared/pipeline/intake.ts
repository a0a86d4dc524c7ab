import type { DocumentRecord } from '../model/document';
import { NotFoundError, ValidationError } from '../model/errors';
import { describeFileProblem, type FileProblem } from '../model/file-problem';
import { FLOW_STEPS } from '../model/flow-steps';
import { documentIdFromKey, dropOfKey } from '../model/object-keys';
import { checkUpload, tooLarge } from '../review/sniff';
import { md5Of, pinContent } from './content';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import type { IntakeInput } from './events';
import { failDocument } from './failure';
import { resumeStage, type Stage } from './stage';
import { claimDocument, recordEvent, type Transition, takeOverDocument, updateDocument } from './write';

export interface IntakeResult {
  readonly documentId: string;
  readonly next: Stage | 'duplicate';
}

/** Which upload an S3 event announces: its version (AWS) and ETag (the MD5 of a single PUT). */
interface Upload {
  readonly versionId?: string;
  readonly etag?: string;
  readonly size?: number;
}

/**
 * Step 1. Claims the upload for exactly one execution (a duplicate S3 event finds it claimed and
 * stops), checks it, and pins exactly the bytes it read: every later step reads those. A later PUT
 * to the same key starts nothing and changes nothing; it is recorded as an ignored upload. A
 * resume request hands the document to a new execution, which carries on where it stands.
 */
export async function intake(deps: PipelineDeps, input: IntakeInput): Promise<IntakeResult> {
  const { event, executionId } = input;
  if ('resume' in event) {
    const { documentId, previousExecutionId } = event.resume;
    const doc = await deps.documents.get(documentId);
    if (!doc) throw new NotFoundError(`no document ${documentId}`);
    // Re-run of a document that failed before any execution claimed its upload: claim it now.
    if (doc.status === 'DRAFT' && doc.executionId === undefined && previousExecutionId === undefined) {
      return claimChecked(deps, doc, executionId, {});
    }
    // A re-run (or a restart) hands the document to this execution; it carries on from its status.
    const holds =
      doc.executionId === executionId
        ? doc
        : await takeOverDocument(deps.documents, documentId, previousExecutionId, executionId, doc);
    return holds ? carryOn(deps, holds) : { documentId, next: 'duplicate' };
  }

  const { key, size } = event.detail.object;
  const upload: Upload = { versionId: event.detail.object['version-id'], etag: event.detail.object.etag, size };
  // A single upload with its metadata (uploads/<agency>/<batch>/<file>) is the batch importer's:
  // it registers the file and copies it to the document's upload key, whose event starts the flow.
  if (dropOfKey(key)) return { documentId: key, next: 'duplicate' };
  const documentId = documentIdFromKey(key);
  if (!documentId) throw new ValidationError(`object key "${key}" is not an upload of a registered document`);
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`object "${key}" has no document record`);
  if (doc.executionId !== undefined || doc.status !== 'DRAFT') {
    // A retried Intake of the execution that holds the claim carries on; any other is a duplicate.
    if (doc.executionId === executionId) return carryOn(deps, doc);
    if (!isSameUpload(doc, upload)) {
      await recordEvent(deps.documents, documentId, {
        at: deps.clock.now().toISOString(),
        actor: SYSTEM_ACTOR,
        rules: ['FIVE-4'],
        note: { code: 'upload-ignored' },
      });
    }
    return { documentId, next: 'duplicate' };
  }

  return claimChecked(deps, doc, executionId, upload);
}

/**
 * Checks the upload and pins it, then claims it with the pin in the same write (one write, not a
 * claim and then a pin). A duplicate execution at the same moment reads and pins the same bytes
 * under the same key, and then finds the document claimed. What the checks refuse is claimed, then
 * FAILED (input), the original kept.
 */
async function claimChecked(
  deps: PipelineDeps,
  doc: DocumentRecord,
  executionId: string,
  upload: Upload,
): Promise<IntakeResult> {
  const checked = await check(deps, doc, upload);
  const pin = 'pinned' in checked ? checked.pinned : {};
  const claimed = await claimDocument(deps.documents, doc.id, executionId, received(deps, upload, pin), doc);
  if (!claimed) return { documentId: doc.id, next: 'duplicate' };
  if ('problem' in checked) return refuse(deps, doc.id, checked.problem);
  return { documentId: doc.id, next: 'review' };
}

/** DRAFT → RECEIVED: the upload is claimed (which version, when S3 said), with what was pinned of it. */
function received(deps: PipelineDeps, upload: Upload, pinned: Partial<DocumentRecord> = {}): Transition {
  return {
    from: 'DRAFT',
    to: 'RECEIVED',
    event: { at: deps.clock.now().toISOString(), actor: SYSTEM_ACTOR, note: { code: 'received' } },
    patch: { objectVersion: upload.versionId, uploadEtag: upload.etag, ...pinned },
  };
}

/**
 * Where a document held by this execution goes on. One claimed without its pin (RECEIVED, nothing
 * pinned) has its checks run again on the version it claimed.
 */
function carryOn(deps: PipelineDeps, doc: DocumentRecord): Promise<IntakeResult> | IntakeResult {
  if (doc.status === 'RECEIVED' && !doc.sha256) {
    return admit(deps, doc, { ...(doc.objectVersion ? { versionId: doc.objectVersion } : {}) });
  }
  return { documentId: doc.id, next: resumeStage(doc) };
}

function isSameUpload(doc: DocumentRecord, upload: Upload): boolean {
  if (upload.versionId && doc.objectVersion) return upload.versionId === doc.objectVersion;
  if (upload.etag && doc.uploadEtag) return upload.etag === doc.uploadEtag;
  return true; // nothing tells them apart: a redelivery
}

/** Reads the upload and pins its bytes, or says why it cannot go on. */
async function check(
  deps: PipelineDeps,
  doc: DocumentRecord,
  upload: Upload,
): Promise<{ readonly problem: FileProblem } | { readonly pinned: Partial<DocumentRecord> }> {
  const announced = upload.size === undefined ? undefined : tooLarge(upload.size);
  if (announced) return { problem: announced };
  const { bytes, contentType } = await deps.files.readOriginal(doc.objectKey, upload.versionId);
  const problem = checkUpload(bytes, contentType, doc.contentType);
  if (problem) return { problem };
  const pinned = await pinContent(deps.files, doc.id, bytes, doc.contentType);
  return { pinned: { ...pinned, uploadEtag: md5Of(bytes) } };
}

async function refuse(deps: PipelineDeps, documentId: string, problem: FileProblem): Promise<IntakeResult> {
  await failDocument(deps, documentId, {
    step: FLOW_STEPS.intake,
    error: describeFileProblem(problem),
    problem,
    kind: 'input',
  });
  return { documentId, next: 'done' };
}

/**
 * A document this execution holds that was claimed without its pin (by an Intake before claims
 * carried it, stopped between the two): the checks run again on the version it claimed. `doc` is
 * as this execution holds it: not read again.
 */
async function admit(deps: PipelineDeps, doc: DocumentRecord, upload: Upload): Promise<IntakeResult> {
  const checked = await check(deps, doc, upload);
  if ('problem' in checked) return refuse(deps, doc.id, checked.problem);
  await updateDocument(deps.documents, doc.id, 'RECEIVED', checked.pinned, doc);
  return { documentId: doc.id, next: 'review' };
}
