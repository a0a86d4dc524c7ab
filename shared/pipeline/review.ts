import { NotFoundError } from '../model/errors';
import { scanDocument } from '../review';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';

export interface ReviewResult {
  readonly decision: 'clear' | 'needs-review';
  readonly findings: number;
}

/**
 * Step 2, the automated half of the confidentiality review (FIVE-4 / EXPAND-4): a clean document
 * is CLEARED; anything found, or text that cannot be read, goes to the pre-review group (REVIEW-2).
 */
export async function reviewDocument(deps: PipelineDeps, documentId: string): Promise<ReviewResult> {
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  if (doc.status !== 'RECEIVED') {
    // A retried step after the document moved on: report what was decided.
    return { decision: doc.status === 'IN_REVIEW' ? 'needs-review' : 'clear', findings: doc.findings?.length ?? 0 };
  }
  const { bytes } = await deps.files.readOriginal(doc.objectKey, doc.objectVersion);
  const scan = await scanDocument(bytes, { filename: doc.filename, contentType: doc.contentType });
  const findings = scan.findings.map(({ kind, text, start, end, rule }) => ({ kind, text, start, end, rule }));
  if (scan.decision === 'clear') {
    await deps.documents.transition(documentId, {
      from: 'RECEIVED',
      to: 'CLEARED',
      event: {
        at: deps.clock.now().toISOString(),
        actor: SYSTEM_ACTOR,
        rules: ['FIVE-4'],
        note: 'automated scan: no findings',
      },
      patch: { findings: [] },
    });
  } else {
    await deps.documents.update(documentId, 'RECEIVED', { findings });
  }
  return { decision: scan.decision, findings: findings.length };
}
