import { beijingYear } from '../calendar/beijing';
import type { CatalogEntry, CatalogKey, InterpretationLink } from '../model/catalog';
import { type DocumentRecord, PUBLIC_STATUSES } from '../model/document';
import { ConflictError, IntegrityError, NotFoundError, ValidationError } from '../model/errors';
import { isNormative } from '../model/lifecycle';
import { downloadName, publicCopyKey } from '../model/object-keys';
import { assertMayPublish } from '../routing';
import { readContent, sha256Of } from './content';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { formatIndexNumber } from './index-number';
import { applyPatch, moved, writeDocument } from './write';

export interface PublishResult {
  readonly indexNumber: string;
  readonly status: 'PUBLISHED' | 'RECORDED';
}

/** The copy the public may fetch now: the latest published one, none once withdrawn. */
export function currentPublicKey(doc: DocumentRecord): string | undefined {
  return doc.status === 'PUBLISHED' || doc.status === 'CORRECTED' ? doc.publicKey : undefined;
}

/** Where a published document's catalogue entry is kept. */
export function catalogKeyOf(doc: Pick<DocumentRecord, 'id' | 'publishedAt'>): CatalogKey | undefined {
  if (!doc.publishedAt) return undefined;
  return { year: beijingYear(doc.publishedAt), publishedAt: doc.publishedAt, documentId: doc.id };
}

/**
 * Step 5. Assigns the index number, copies a proactive document to the public bucket and writes
 * its catalogue entry (FIVE-3). On-request and not-disclosed documents get an index number and are
 * RECORDED, never put in the public catalogue (FIVE-1).
 */
export async function publishDocument(deps: PipelineDeps, documentId: string): Promise<PublishResult> {
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  if ((doc.status === 'PUBLISHED' || doc.status === 'RECORDED') && doc.indexNumber) {
    // A retried step publishes once; it finishes what the first try may not have: the INTERP-6 link.
    if (doc.status === 'PUBLISHED' && doc.interprets && doc.publicKey && doc.publishedAt) {
      const policy = await deps.documents.get(doc.interprets);
      if (policy && policy.interpretationId !== doc.id) {
        const link = { documentId, indexNumber: doc.indexNumber, publicKey: doc.publicKey };
        await linkInterpretation(deps, doc.interprets, link, doc.publishedAt);
      }
    }
    return { indexNumber: doc.indexNumber, status: doc.status };
  }
  // Nothing reaches the public bucket before the document is routed (COORD-4, COORD-6, REVIEW-4.3).
  if (doc.status !== 'ROUTED') throw new ConflictError(`document ${documentId} is ${doc.status}, not ROUTED`);
  if (!doc.publisher) throw new ValidationError(`document ${documentId} has not been routed`);
  // COORD-6: only the routed publisher publishes; the index number is its own.
  assertMayPublish(
    { publisher: doc.publisher, approvals: doc.approvals ?? [], rules: doc.routingRules ?? [] },
    doc.publisher,
  );
  const publisher = await deps.directory.getAgency(doc.publisher);
  if (!publisher) throw new NotFoundError(`publisher ${doc.publisher} is not registered`);

  const publishedAt = deps.clock.now().toISOString();
  const year = beijingYear(publishedAt);
  const proactive = doc.disclosure === 'proactive';
  const publicKey = publicCopyKey(doc.id, doc.contentType);
  let publicSha256: string | undefined;
  if (proactive) {
    // Exactly the pinned bytes the leader signed off, checked again before they go out.
    const bytes = await readContent(deps.files, doc);
    if (doc.signedOffSha256 !== doc.sha256) {
      throw new IntegrityError(`document ${documentId}: the content is not the version that was signed off`);
    }
    await deps.files.putPublicCopy(publicKey, bytes, doc.contentType, downloadName(doc.filename, doc.contentType));
    // Accuracy compares what the public gets with what was signed off.
    publicSha256 = sha256Of(bytes);
  }
  const to = proactive ? 'PUBLISHED' : 'RECORDED';
  // INTERP-6: an important policy whose interpretation was published first links it right away.
  const interpretationDoc = doc.interpretationId ? await deps.documents.get(doc.interpretationId) : undefined;
  const interpretation: InterpretationLink | undefined =
    interpretationDoc?.indexNumber && interpretationDoc.publicKey
      ? {
          documentId: interpretationDoc.id,
          indexNumber: interpretationDoc.indexNumber,
          publicKey: interpretationDoc.publicKey,
        }
      : undefined;
  const catalog: Omit<CatalogEntry, 'indexNumber'> | undefined = proactive
    ? {
        documentId,
        title: doc.title,
        agency: publisher.id,
        agencyName: publisher.name,
        category: doc.category,
        ...(doc.documentNumber ? { documentNumber: doc.documentNumber } : {}),
        formedAt: doc.formedAt,
        publishedAt,
        publicKey,
        ...(doc.importantPolicy ? { importantPolicy: true } : {}),
        ...(interpretation ? { interpretation } : {}),
        ...(doc.interprets ? { interprets: doc.interprets } : {}),
        ...lifecycleOfEntry(doc),
      }
    : undefined;

  // Optimistic: read the last sequence, then take the next in the transaction that publishes. A
  // concurrent publisher breaks the condition and we retry with a fresh read, so numbers are
  // gap-free and never reused.
  const published = await writeDocument(
    deps.documents,
    documentId,
    async (current) => {
      const last = await deps.publications.lastSequence(publisher.code, year);
      const indexNumber = formatIndexNumber(publisher.code, doc.category, year, last + 1);
      const write = moved(documentId, current, {
        from: 'ROUTED',
        to,
        event: { at: publishedAt, actor: SYSTEM_ACTOR, rules: proactive ? ['FIVE-3', 'OGI-26'] : ['FIVE-1'] },
        patch: { publishedAt, indexNumber, ...(proactive ? { publicKey, publicSha256 } : {}) },
      });
      return {
        ...write,
        sequence: { agencyCode: publisher.code, year, expected: last, next: last + 1 },
        ...(catalog
          ? { catalogPut: { key: { year, publishedAt, documentId }, entry: { ...catalog, indexNumber } } }
          : {}),
        retryOn: ['sequence'],
      };
    },
    doc,
  );
  const indexNumber = published.indexNumber;
  if (!indexNumber) throw new Error(`document ${documentId} was published without an index number`);
  if (doc.interprets && proactive) {
    await linkInterpretation(deps, doc.interprets, { documentId, indexNumber, publicKey }, publishedAt);
  }
  return { indexNumber, status: to };
}

/** INTERP-6: links a published interpretation to its policy (document and catalogue entry). */
export async function linkInterpretation(
  deps: PipelineDeps,
  policyId: string,
  interpretation: InterpretationLink,
  linkedAt: string,
): Promise<void> {
  await writeDocument(deps.documents, policyId, (doc) => {
    if (!doc) throw new ConflictError(`policy ${policyId} vanished`);
    const key = PUBLIC_STATUSES.has(doc.status) && doc.indexNumber ? catalogKeyOf(doc) : undefined;
    const patch = { interpretationId: interpretation.documentId, interpretationLinkedAt: linkedAt };
    return {
      document: applyPatch(doc, patch, doc.status, doc.updatedAt),
      ...(key ? { catalogUpdate: { key, patch: { interpretation } } } : {}),
    };
  });
}

/** A regulation's or normative document's type, 有效期 and 废止 as its catalogue entry shows them. */
export function lifecycleOfEntry(doc: DocumentRecord): Partial<CatalogEntry> {
  if (!isNormative(doc.documentType)) return {};
  return {
    documentType: doc.documentType,
    ...(doc.validUntil ? { validUntil: doc.validUntil } : {}),
    ...(doc.abolition ? { abolishedOn: doc.abolition.on, abolishingDocument: doc.abolition.document } : {}),
  };
}
