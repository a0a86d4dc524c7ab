import { beijingYear } from '../calendar/beijing';
import type { CatalogEntry, CatalogKey, InterpretationLink } from '../model/catalog';
import { type DocumentRecord, PUBLIC_STATUSES } from '../model/document';
import { ConflictError, IntegrityError, NotFoundError, ValidationError } from '../model/errors';
import type { Agency } from '../model/identity';
import { isNormative } from '../model/lifecycle';
import { downloadName, publicCopyKey } from '../model/object-keys';
import { assertMayPublish } from '../routing';
import { readContent, sha256Of } from './content';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { formatIndexNumber } from './index-number';
import { applyPatch, moved, Skip, writeDocument } from './write';

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

/** A routed document checked and its public copy in place: all publication needs but its number. */
export interface ReadyPublication {
  readonly doc: DocumentRecord;
  readonly publisher: Agency;
  readonly publicKey: string;
  readonly publicSha256?: string;
}

/**
 * Step 5. Assigns the index number, copies a proactive document to the public bucket and writes
 * its catalogue entry (FIVE-3). On-request and not-disclosed documents get an index number and are
 * RECORDED, never put in the public catalogue (FIVE-1).
 */
export async function publishDocument(deps: PipelineDeps, documentId: string): Promise<PublishResult> {
  const prepared = await preparePublication(deps, documentId);
  return 'done' in prepared ? prepared.done : numberAndPublish(deps, prepared.ready);
}

/**
 * Several documents of one publisher, in the order given (its queue's order): the checks and
 * public copies side by side, then the index numbers taken one after the other, so that what the
 * publisher's one writer holds the numbers for is only the transaction. Each document's outcome
 * is its own.
 */
export async function publishInOrder(
  deps: PipelineDeps,
  documentIds: readonly string[],
): Promise<Array<PromiseSettledResult<PublishResult>>> {
  const prepared = await Promise.allSettled(documentIds.map((id) => preparePublication(deps, id)));
  const outcomes: Array<PromiseSettledResult<PublishResult>> = [];
  for (const p of prepared) {
    if (p.status === 'rejected') outcomes.push(p);
    else if ('done' in p.value) outcomes.push({ status: 'fulfilled', value: p.value.done });
    else {
      try {
        outcomes.push({ status: 'fulfilled', value: await numberAndPublish(deps, p.value.ready) });
      } catch (reason) {
        outcomes.push({ status: 'rejected', reason });
      }
    }
  }
  return outcomes;
}

/**
 * Everything of a publication that does not depend on its number: the checks (COORD-6, the pinned
 * content) and the public copy, whose key is the document's. A document published already is
 * `done` (a retry), finishing what the first try may not have.
 */
export async function preparePublication(
  deps: PipelineDeps,
  documentId: string,
): Promise<{ done: PublishResult } | { ready: ReadyPublication }> {
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
    return { done: { indexNumber: doc.indexNumber, status: doc.status } };
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
  return { ready: { doc, publisher, publicKey, ...(publicSha256 ? { publicSha256 } : {}) } };
}

/** Takes the publisher's next index number and publishes in one transaction (with the catalogue entry). */
async function numberAndPublish(deps: PipelineDeps, ready: ReadyPublication): Promise<PublishResult> {
  const { doc, publisher, publicKey, publicSha256 } = ready;
  const documentId = doc.id;
  // Published when numbered: the catalogue's order by time is the numbers' order.
  const publishedAt = deps.clock.now().toISOString();
  const year = beijingYear(publishedAt);
  const proactive = doc.disclosure === 'proactive';
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

  // Read the last sequence, then take the next in the transaction that publishes: gap-free and
  // never reused. The publisher's queue makes this the agency's only writer (one message group at a
  // time); should a second one race it (a message delivered twice), the condition breaks and this
  // one reads again.
  const published = await writeDocument(
    deps.documents,
    documentId,
    async (current) => {
      // Published meanwhile (the same document twice in a batch: a message sent again): its number stands.
      if (current && isPublished(current)) return new Skip(current);
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
    const linkedAt = published.publishedAt ?? publishedAt;
    await linkInterpretation(deps, doc.interprets, { documentId, indexNumber, publicKey }, linkedAt);
  }
  return { indexNumber, status: isPublished(published) ? published.status : to };
}

const isPublished = (doc: DocumentRecord): doc is DocumentRecord & { status: 'PUBLISHED' | 'RECORDED' } =>
  (doc.status === 'PUBLISHED' || doc.status === 'RECORDED') && doc.indexNumber !== undefined;

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
