import { createHash, randomUUID } from 'node:crypto';
import type { CatalogEntry } from '../model/catalog';
import { requestDigest } from '../model/derived-id';
import type { AcceptedContentType, Correction, DocumentRecord } from '../model/document';
import { ConflictError, ForbiddenError, NotFoundError, ReusedKeyError, ValidationError } from '../model/errors';
import { hasRole, type Identity } from '../model/identity';
import { correctionKey, downloadName, publicCorrectionKey } from '../model/object-keys';
import { UnauthorisedPublicationError } from '../routing';
import type { PipelineDeps } from './deps';
import { catalogKeyOf } from './publish';
import { type KeyedWrite, moved, type Transition, writeDocument } from './write';

export interface CorrectionInput {
  readonly note: string;
  readonly filename: string;
  readonly contentType: AcceptedContentType;
  readonly bytes: Uint8Array;
}

/** Only the publisher's own staff correct or withdraw what it published (COORD-6). */
async function publishedBy(deps: PipelineDeps, caller: Identity, id: string): Promise<DocumentRecord> {
  checkAmender(caller);
  return published(caller, id, await deps.documents.get(id));
}

function checkAmender(caller: Identity): void {
  if (!hasRole(caller, 'uploader') && !hasRole(caller, 'leader')) {
    throw new ForbiddenError('corrections and withdrawals are made by the publishing agency’s staff');
  }
}

/** The document as read, if the caller's agency published it and it is still published. */
function published(caller: Identity, id: string, doc: DocumentRecord | undefined): DocumentRecord {
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
  return correctPublished(deps, caller, await publishedBy(deps, caller, id), input);
}

/**
 * 更正 at most once per caller and idempotency key (the `Idempotency-Key` header): a request retried
 * after its answer was lost finds the correction the first one made instead of publishing the same
 * file again as another correction. The same key with another file or note is ReusedKeyError.
 */
export function correctDocumentOnce(
  deps: PipelineDeps,
  caller: Identity,
  id: string,
  input: CorrectionInput,
  idempotencyKey: string,
): Promise<KeyedWrite> {
  const digest = requestDigest('gongkai-correction', caller.user, idempotencyKey);
  return amendOnce(
    deps,
    caller,
    id,
    async (doc) => {
      const made = doc.corrections?.find((c) => c.requestDigest === digest);
      if (!made) return false;
      if (made.sha256 !== sha256Of(input.bytes) || made.note !== input.note) {
        throw new ReusedKeyError(
          `Idempotency-Key: this key made correction ${made.publicKey} of document ${id} with another file or note; a new correction needs a new key`,
        );
      }
      return true;
    },
    (doc) => correctPublished(deps, caller, doc, input, digest),
  );
}

/**
 * An amendment made at most once per idempotency key: `madeBefore` says whether the document holds
 * what an earlier request with the key made (throwing ReusedKeyError when it was another request),
 * `amend` makes it on the published document read. Two requests with the key at once: the one whose
 * write lost (a conflict) finds the other's.
 */
async function amendOnce(
  deps: PipelineDeps,
  caller: Identity,
  id: string,
  madeBefore: (doc: DocumentRecord) => Promise<boolean>,
  amend: (doc: DocumentRecord) => Promise<DocumentRecord>,
): Promise<KeyedWrite> {
  checkAmender(caller);
  const current = await deps.documents.get(id);
  if (current && (await madeBefore(current))) return { document: current, created: false };
  try {
    return { document: await amend(published(caller, id, current)), created: true };
  } catch (err) {
    const winner = err instanceof ConflictError ? await deps.documents.get(id) : undefined;
    if (winner && (await madeBefore(winner))) return { document: winner, created: false };
    throw err;
  }
}

async function correctPublished(
  deps: PipelineDeps,
  caller: Identity,
  doc: DocumentRecord,
  input: CorrectionInput,
  requestDigest?: string,
) {
  const id = doc.id;
  if (!input.note.trim()) throw new ValidationError('a correction needs a note saying what was corrected');
  if (input.bytes.byteLength === 0) throw new ValidationError('the corrected file is empty');
  const scan = await deps.scanner.scan(input.bytes, { filename: input.filename, contentType: input.contentType });
  if (scan.decision !== 'clear') {
    const kinds = [...new Set(scan.findings.map((f) => f.kind))].join(', ');
    throw new ValidationError(`FIVE-4: the corrected file needs a confidentiality review first (found: ${kinds})`);
  }
  const at = deps.clock.now().toISOString();
  const n = (doc.corrections?.length ?? 0) + 1;
  const sha256 = sha256Of(input.bytes);
  const publicKey = publicCorrectionKey(id, n, input.contentType, sha256);
  await deps.files.putIntake(correctionKey(id, randomUUID()), input.bytes, input.contentType);
  await deps.files.putPublicCopy(
    publicKey,
    input.bytes,
    input.contentType,
    downloadName(input.filename, input.contentType),
  );
  const corrections: Correction[] = [
    ...(doc.corrections ?? []),
    { at, by: caller.user, note: input.note, publicKey, sha256, ...(requestDigest ? { requestDigest } : {}) },
  ];
  let corrected: DocumentRecord;
  try {
    corrected = await amendPublished(
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
  } catch (err) {
    // Lost to another amendment: its copy goes again unless the document holds it (the same file).
    const now = await deps.documents.get(id);
    if (now?.publicKey !== publicKey && !now?.corrections?.some((c) => c.publicKey === publicKey)) {
      await deps.files.removePublicCopy(publicKey);
    }
    throw err;
  }
  // The public gets the corrected copy only; the superseded one stays in the versioned bucket.
  if (doc.publicKey) await deps.files.removePublicCopy(doc.publicKey);
  return corrected;
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** 撤回: the publisher withdraws a published document, with the reason; the entry stays, marked. */
export async function withdrawDocument(deps: PipelineDeps, caller: Identity, id: string, reason: string) {
  return withdrawPublished(deps, caller, await publishedBy(deps, caller, id), reason);
}

/**
 * 撤回 at most once per caller and idempotency key: a request retried after its answer was lost
 * finds the withdrawal the first one made (and takes the public copy down again, in case the first
 * ended before it did) instead of being told the document is no longer published. The same key with
 * another reason is ReusedKeyError.
 */
export function withdrawDocumentOnce(
  deps: PipelineDeps,
  caller: Identity,
  id: string,
  reason: string,
  idempotencyKey: string,
): Promise<KeyedWrite> {
  const digest = requestDigest('gongkai-withdrawal', caller.user, id, idempotencyKey);
  return amendOnce(
    deps,
    caller,
    id,
    async (doc) => {
      if (doc.status !== 'WITHDRAWN' || doc.withdrawalRequestDigest !== digest) return false;
      if (doc.withdrawalReason !== reason) {
        throw new ReusedKeyError(
          `Idempotency-Key: this key withdrew document ${id} with another reason; a new withdrawal needs a new key`,
        );
      }
      if (doc.publicKey) await deps.files.removePublicCopy(doc.publicKey);
      return true;
    },
    (doc) => withdrawPublished(deps, caller, doc, reason, digest),
  );
}

async function withdrawPublished(
  deps: PipelineDeps,
  caller: Identity,
  doc: DocumentRecord,
  reason: string,
  requestDigest?: string,
) {
  if (!reason.trim()) throw new ValidationError('a withdrawal needs its reason');
  const at = deps.clock.now().toISOString();
  const withdrawn = await amendPublished(
    deps,
    doc,
    {
      from: doc.status,
      to: 'WITHDRAWN',
      event: { at, actor: caller.user, rules: ['COORD-6', 'REVIEW-4.2'], note: { code: 'withdrawn', reason } },
      patch: {
        withdrawnAt: at,
        withdrawalReason: reason,
        ...(requestDigest ? { withdrawalRequestDigest: requestDigest } : {}),
      },
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
      // What an amendment writes was decided on the version read: a correction's number and list.
      if (doc?.version !== read.version) {
        throw new ConflictError(`document ${read.id} was amended meanwhile; read it again and retry`);
      }
      const write = moved(read.id, doc, transition);
      const key = doc?.indexNumber ? catalogKeyOf(doc) : undefined;
      if (!key) throw new ConflictError(`document ${read.id} is not in the catalogue`);
      return { ...write, catalogUpdate: { key, patch: catalogPatch } };
    },
    read,
  );
}
