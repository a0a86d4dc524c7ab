import { randomUUID } from 'node:crypto';
import { beijingDate } from '../calendar/beijing';
import { DEADLINES } from '../calendar/deadlines';
import type { DocumentMetadata, DocumentRecord } from '../model/document';
import { ForbiddenError, ValidationError } from '../model/errors';
import { EARLIEST_FORMED_AT, formedAtInWindow, latestFormedAt } from '../model/formed-at';
import { hasRole, type Identity, seesEveryAgency } from '../model/identity';
import { uploadKey } from '../model/object-keys';
import type { PipelineDeps } from './deps';
import { createDocument } from './write';

/**
 * Registers a document before its file is uploaded. An uploader registers for their own agency
 * only; the department must be one of that agency's.
 */
export async function registerDocument(
  deps: PipelineDeps,
  caller: Identity,
  metadata: DocumentMetadata,
): Promise<DocumentRecord> {
  if (!hasRole(caller, 'uploader')) throw new ForbiddenError('only uploaders register documents');
  if (metadata.agency !== caller.agency) {
    throw new ForbiddenError(`you upload for ${caller.agency}, not for ${metadata.agency}`);
  }
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
    if (drafter !== caller.agency) {
      throw new ValidationError(`INTERP-3: the drafting unit ${drafter} interprets this policy, not ${caller.agency}`);
    }
  }
  const id = randomUUID();
  const at = now.toISOString();
  // OGI-26: proactive information is published within 20 working days of being formed.
  const deadline = deps.calendar.addWorkingDays(metadata.formedAt, DEADLINES.publication);
  const doc: DocumentRecord = {
    ...metadata,
    id,
    status: 'DRAFT',
    uploadedBy: caller.user,
    createdAt: at,
    updatedAt: at,
    objectKey: uploadKey(id),
    dueAt: deadline.due,
    dueProvisional: deadline.provisional,
  };
  await createDocument(deps.documents, doc, {
    at,
    actor: caller.user,
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
