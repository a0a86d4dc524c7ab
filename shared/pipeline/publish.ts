import { createHash } from 'node:crypto';
import { NotFoundError, ValidationError } from '../model/errors';
import { assertMayPublish } from '../routing';
import { isoDay, type PipelineDeps, SYSTEM_ACTOR } from './deps';

export interface PublishResult {
  readonly indexNumber: string;
  readonly status: 'PUBLISHED' | 'RECORDED';
}

export const publicCopyKey = (documentId: string, filename: string) => `public/${documentId}/${filename}`;

/**
 * Step 5. Assigns the index number, copies a proactive document to the public bucket and writes
 * its catalogue entry (FIVE-3). On-request and not-disclosed documents get an index number and are
 * RECORDED, never put in the public catalogue (FIVE-1).
 */
export async function publishDocument(deps: PipelineDeps, documentId: string): Promise<PublishResult> {
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  if ((doc.status === 'PUBLISHED' || doc.status === 'RECORDED') && doc.indexNumber) {
    return { indexNumber: doc.indexNumber, status: doc.status }; // a retried step publishes once
  }
  if (!doc.publisher) throw new ValidationError(`document ${documentId} has not been routed`);
  // COORD-6: only the routed publisher publishes; the index number is its own.
  assertMayPublish(
    { publisher: doc.publisher, approvals: doc.approvals ?? [], rules: doc.routingRules ?? [] },
    doc.publisher,
  );
  const publisher = await deps.directory.getAgency(doc.publisher);
  if (!publisher) throw new NotFoundError(`publisher ${doc.publisher} is not registered`);

  const now = deps.clock.now();
  const publishedAt = now.toISOString();
  const year = Number(isoDay(now).slice(0, 4));
  const proactive = doc.disclosure === 'proactive';
  const publicKey = publicCopyKey(doc.id, doc.filename);
  let publicSha256: string | undefined;
  if (proactive) {
    const { bytes } = await deps.files.readOriginal(doc.objectKey, doc.objectVersion);
    await deps.files.putPublicCopy(publicKey, bytes, doc.contentType);
    // Accuracy compares what the public gets with what was signed off.
    publicSha256 = createHash('sha256').update(bytes).digest('hex');
  }
  const to = proactive ? 'PUBLISHED' : 'RECORDED';
  // INTERP-6: an important policy whose interpretation was published first links it right away.
  const interpretationDoc = doc.interpretationId ? await deps.documents.get(doc.interpretationId) : undefined;
  const interpretation =
    interpretationDoc?.indexNumber && interpretationDoc.publicKey
      ? {
          documentId: interpretationDoc.id,
          indexNumber: interpretationDoc.indexNumber,
          publicKey: interpretationDoc.publicKey,
        }
      : undefined;
  const indexNumber = await deps.publications.publish(documentId, {
    agencyCode: publisher.code,
    categoryCode: doc.category,
    year,
    transition: {
      from: 'ROUTED',
      to,
      event: { at: publishedAt, actor: SYSTEM_ACTOR, rules: proactive ? ['FIVE-3', 'OGI-26'] : ['FIVE-1'] },
      patch: { publishedAt, ...(proactive ? { publicKey, publicSha256 } : {}) },
    },
    ...(proactive
      ? {
          catalog: {
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
          },
        }
      : {}),
  });
  if (doc.interprets && proactive) {
    await deps.publications.linkInterpretation(doc.interprets, { documentId, indexNumber, publicKey }, publishedAt);
  }
  return { indexNumber, status: to };
}
