import { randomUUID } from 'node:crypto';
import { beijingDate } from '../calendar/beijing';
import { DEADLINES } from '../calendar/deadlines';
import { derivedDocumentId } from '../model/derived-id';
import { type DocumentMetadata, DocumentMetadataSchema, type DocumentRecord } from '../model/document';
import { ConflictError, ForbiddenError, ReusedKeyError, ValidationError } from '../model/errors';
import { EARLIEST_FORMED_AT, formedAtInWindow, latestFormedAt } from '../model/formed-at';
import { hasRole, type Identity, seesEveryAgency } from '../model/identity';
import { uploadKey } from '../model/object-keys';
import type { PipelineDeps } from './deps';
import { createDocument, type KeyedWrite } from './write';

/**
 * Registers a document before its file is uploaded. An uploader registers for their own agency
 * only; the department must be one of that agency's.
 */
export async function registerDocument(
  deps: PipelineDeps,
  caller: Identity,
  metadata: DocumentMetadata,
  /** A batch's row fixes the id (shared/pipeline/batch/): a retried row finds its registration. */
  options: RegistrationOptions = {},
): Promise<DocumentRecord> {
  checkUploader(caller, metadata);
  return recordRegistration(deps, caller.user, metadata, options);
}

function checkUploader(caller: Identity, metadata: DocumentMetadata): void {
  if (!hasRole(caller, 'uploader')) throw new ForbiddenError('only uploaders register documents');
  if (metadata.agency !== caller.agency) {
    throw new ForbiddenError(`you upload for ${caller.agency}, not for ${metadata.agency}`);
  }
}

/**
 * Registers at most once per caller and idempotency key (the `Idempotency-Key` header): a request
 * retried after its answer was lost gets the registration the first one made, not a second
 * document that would count against the agency as never published. The key picks the id (hashed
 * with the caller's user id, never stored); the same key with other metadata is ReusedKeyError.
 */
export async function registerDocumentOnce(
  deps: PipelineDeps,
  caller: Identity,
  metadata: DocumentMetadata,
  idempotencyKey: string,
): Promise<KeyedWrite> {
  checkUploader(caller, metadata);
  const id = derivedDocumentId('gongkai-registration', caller.user, idempotencyKey);
  const earlier = await deps.documents.get(id);
  if (earlier) return { document: sameRegistration(earlier, metadata), created: false };
  try {
    return { document: await recordRegistration(deps, caller.user, metadata, { id }), created: true };
  } catch (err) {
    // The same key twice at once: the request whose write lost finds the other's registration.
    const winner = err instanceof ConflictError ? await deps.documents.get(id) : undefined;
    if (!winner) throw err;
    return { document: sameRegistration(winner, metadata), created: false };
  }
}

const METADATA_FIELDS = Object.keys(DocumentMetadataSchema.shape) as ReadonlyArray<keyof DocumentMetadata>;

/** The registration an earlier request with the key made, if it was made with this metadata. */
function sameRegistration(doc: DocumentRecord, metadata: DocumentMetadata): DocumentRecord {
  const differing = METADATA_FIELDS.filter(
    (field) => JSON.stringify(doc[field] ?? null) !== JSON.stringify(metadata[field] ?? null),
  );
  if (differing.length > 0) {
    throw new ReusedKeyError(
      `Idempotency-Key: this key registered document ${doc.id} with other ${differing.join(', ')}; a new registration needs a new key`,
    );
  }
  return doc;
}

/** What a registration may fix instead of deriving it (the annual report's submission). */
export interface RegistrationOptions {
  /** The document's id, chosen beforehand so that a retried submission finds its registration. */
  readonly id?: string;
  /** A statutory deadline other than OGI-26's 20 working days (the annual report's 31 January). */
  readonly due?: { readonly due: string; readonly provisional: boolean };
}

/**
 * The registration every document goes through, once the caller's authority is checked: the
 * department, the agencies it names, formedAt, the policy it interprets, the deadline, DRAFT.
 */
export async function recordRegistration(
  deps: PipelineDeps,
  actor: string,
  metadata: DocumentMetadata,
  options: RegistrationOptions = {},
): Promise<DocumentRecord> {
  const department = await deps.directory.getDepartment(metadata.agency, metadata.department);
  if (!department) throw new ValidationError(`department "${metadata.department}" is not part of ${metadata.agency}`);
  const named = [
    ['leadDrafter', metadata.leadDrafter],
    ['madeBy', metadata.madeBy],
    ['heldBy', metadata.heldBy],
    // COORD-5(1): an agency that is not there could never be asked (the flow would fail after sign-off).
    ...(metadata.consult ?? []).map((agency) => ['consult', agency] as const),
  ] as const;
  for (const [field, other] of named) {
    if (other && !(await deps.directory.getAgency(other))) {
      throw new ValidationError(`${field}: unknown agency "${other}"`);
    }
  }
  const now = deps.clock.now();
  checkFormedAt(metadata.formedAt, beijingDate(now));
  if (metadata.interprets) {
    const policy = await deps.documents.get(metadata.interprets);
    if (!policy?.importantPolicy) {
      throw new ValidationError(`INTERP-3: ${metadata.interprets} is not a registered important policy to interpret`);
    }
    // 谁起草、谁解读: the drafting unit interprets its own policy.
    const drafter = policy.leadDrafter ?? policy.agency;
    if (drafter !== metadata.agency) {
      throw new ValidationError(
        `INTERP-3: the drafting unit ${drafter} interprets this policy, not ${metadata.agency}`,
      );
    }
  }
  const id = options.id ?? randomUUID();
  const at = now.toISOString();
  // OGI-26: proactive information is published within 20 working days of being formed, counting
  // the holidays ops imported last (gongkai calendar import).
  if (!options.due) await deps.calendar.refresh?.();
  const deadline = options.due ?? deps.calendar.addWorkingDays(metadata.formedAt, DEADLINES.publication);
  const doc: DocumentRecord = {
    ...metadata,
    id,
    status: 'DRAFT',
    uploadedBy: actor,
    createdAt: at,
    updatedAt: at,
    objectKey: uploadKey(id),
    dueAt: deadline.due,
    dueProvisional: deadline.provisional,
    ...(options.due ? { dueFixed: true } : {}),
  };
  await createDocument(deps.documents, doc, {
    at,
    actor,
    rules: ['FIVE-1'],
    note: { code: 'registered', disclosure: metadata.disclosure },
  });
  return doc;
}

/** formedAt lies in 2000-01-01 … a year from today (Beijing): see shared/model/formed-at.ts. */
export function checkFormedAt(formedAt: string, today: string): void {
  if (!formedAtInWindow(formedAt, today)) {
    throw new ValidationError(
      `formedAt ${formedAt} is outside ${EARLIEST_FORMED_AT} … ${latestFormedAt(today)}: the date the information was formed, at most a year from today`,
    );
  }
}

/** Who may read a document's status and history. */
export function maySeeDocument(caller: Identity, doc: DocumentRecord): boolean {
  if (seesEveryAgency(caller)) return true;
  if (doc.agency === caller.agency || doc.publisher === caller.agency) return true;
  if (doc.approvals?.includes(caller.agency)) return true;
  return false;
}
