import { createHash, randomUUID } from 'node:crypto';
import type { CatalogEntry } from '../model/catalog';
import type { AcceptedContentType, DocumentRecord } from '../model/document';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../model/errors';
import { hasRole, type Identity } from '../model/identity';
import { correctionKey, downloadName, publicCorrectionKey } from '../model/object-keys';
import { UnauthorisedPublicationError } from '../routing';
import type { PipelineDeps } from './deps';
import { catalogKeyOf } from './publish';
import { moved, type Transition, writeDocument } from './write';

export interface CorrectionInput {
  readonly note: string;
  readonly filename: string;
  readonly contentType: AcceptedContentType;
  readonly bytes: Uint8Array;
}

/** Only the publisher's own staff correct or withdraw what it published (COORD-6). */
async function publishedBy(deps: PipelineDeps, caller: Identity, id: string): Promise<DocumentRecord> {
  if (!hasRole(caller, 'uploader') && !hasRole(caller, 'leader')) {
    throw new ForbiddenError('corrections and withdrawals are made by the publishing agency’s staff');
  }
  const doc = await deps.documents.get(id);
  if (!doc) throw new NotFoundError(`no document ${id}`);
  if (doc.status !== 'PUBLISHED' && doc.status !== 'CORRECTED') {
    throw new ConflictError(`document ${id} is ${doc.status}: only a published document can be corrected or withdrawn`);
  }
  if (doc.publisher !== caller.agency)
    throw new UnauthorisedPublicationError(caller.agency, doc.publisher ?? doc.agency);
  return doc;
}

/**
 * 更正: the publisher replaces the public copy with a corrected file. The file is scanned like any
 * upload (FIVE-4) and refused if anything is found; the earlier copies stay as history.
 */
export async function correctDocument(deps: PipelineDeps, caller: Identity, id: string, input: CorrectionInput) {
  const doc = await publishedBy(deps, caller, id);
  if (!input.note.trim()) throw new ValidationError('a correction needs a note saying what was corrected');
  if (input.bytes.byteLength === 0) throw new ValidationError('the corrected file is empty');
  const scan = await deps.scanner.scan(input.bytes, { filename: input.filename, contentType: input.contentType });
  if (scan.decision !== 'clear') {
    const kinds = [...new Set(scan.findings.map((f) => f.kind))].join(', ');
    throw new ValidationError(`FIVE-4: the corrected file needs a confidentiality review first (found: ${kinds})`);
  }
  const at = deps.clock.now().toISOString();
  const n = (doc.corrections?.length ?? 0) + 1;
  const publicKey = publicCorrectionKey(id, n, input.contentType);
  await deps.files.putIntake(correctionKey(id, randomUUID()), input.bytes, input.contentType);
  await deps.files.putPublicCopy(
    publicKey,
    input.bytes,
    input.contentType,
    downloadName(input.filename, input.contentType),
  );
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const corrections = [...(doc.corrections ?? []), { at, by: caller.user, note: input.note, publicKey, sha256 }];
  const corrected = await amendPublished(
    deps,
    doc,
    {
      from: doc.status,
      to: 'CORRECTED',
      event: {
        at,
        actor: caller.user,
        rules: ['COORD-6', 'REVIEW-4.2'],
        note: { code: 'corrected', note: input.note },
      },
      patch: { correctedAt: at, corrections, publicKey, publicSha256: sha256 },
    },
    { status: 'CORRECTED', publicKey, corrections: corrections.map(({ at: when, note }) => ({ at: when, note })) },
  );
  // The public gets the corrected copy only; the superseded one stays in the versioned bucket.
  if (doc.publicKey) await deps.files.removePublicCopy(doc.publicKey);
  return corrected;
}

/** 撤回: the publisher withdraws a published document, with the reason; the entry stays, marked. */
export async function withdrawDocument(deps: PipelineDeps, caller: Identity, id: string, reason: string) {
  const doc = await publishedBy(deps, caller, id);
  if (!reason.trim()) throw new ValidationError('a withdrawal needs its reason');
  const at = deps.clock.now().toISOString();
  const withdrawn = await amendPublished(
    deps,
    doc,
    {
      from: doc.status,
      to: 'WITHDRAWN',
      event: { at, actor: caller.user, rules: ['COORD-6', 'REVIEW-4.2'], note: { code: 'withdrawn', reason } },
      patch: { withdrawnAt: at, withdrawalReason: reason },
    },
    { status: 'WITHDRAWN', withdrawnAt: at, withdrawalReason: reason },
  );
  // The entry stays listed with its reason; the copy is no longer handed out.
  if (doc.publicKey) await deps.files.removePublicCopy(doc.publicKey);
  return withdrawn;
}

/** Moves a published document and updates its catalogue entry together (更正 / 撤回 stay in the history). */
function amendPublished(
  deps: PipelineDeps,
  read: DocumentRecord,
  transition: Transition,
  catalogPatch: Partial<CatalogEntry>,
): Promise<DocumentRecord> {
  return writeDocument(
    deps.documents,
    read.id,
    (doc) => {
      const write = moved(read.id, doc, transition);
      const key = doc?.indexNumber ? catalogKeyOf(doc) : undefined;
      if (!key) throw new ConflictError(`document ${read.id} is not in the catalogue`);
      return { ...write, catalogUpdate: { key, patch: catalogPatch } };
    },
    read,
  );
}
