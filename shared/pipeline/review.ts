import { NotFoundError } from '../model/errors';
import { readContent } from './content';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { transitionDocument, updateDocument } from './write';

/** Enough for reviewers to see findings in context without bloating the document item. */
const TEXT_EXCERPT_CHARS = 20_000;

export interface ReviewResult {
  readonly decision: 'clear' | 'needs-review';
  readonly findings: number;
}

/**
 * Step 2, the automated half of the confidentiality review (FIVE-4 / EXPAND-4): a clean document
 * is CLEARED; anything found, or a file that cannot be read or hits a limit, goes to the
 * pre-review group (REVIEW-2). It scans the pinned content — after a redaction, the redacted
 * version the reviewer's decision pinned.
 */
export async function reviewDocument(deps: PipelineDeps, documentId: string): Promise<ReviewResult> {
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  const rescan = doc.status === 'IN_REVIEW' && doc.redactionPending === true;
  if (doc.status !== 'RECEIVED' && !rescan) {
    // A retried step after the document moved on: report what was decided.
    return { decision: doc.status === 'IN_REVIEW' ? 'needs-review' : 'clear', findings: doc.findings?.length ?? 0 };
  }
  const bytes = await readContent(deps.files, doc);
  const scan = await deps.scanner.scan(bytes, { filename: doc.filename, contentType: doc.contentType });
  const findings = scan.findings.map(({ kind, text, start, end, rule }) => ({ kind, text, start, end, rule }));
  const from = rescan ? 'IN_REVIEW' : 'RECEIVED';
  if (scan.decision === 'clear') {
    await transitionDocument(
      deps.documents,
      documentId,
      {
        from,
        to: 'CLEARED',
        event: {
          at: deps.clock.now().toISOString(),
          actor: SYSTEM_ACTOR,
          rules: ['FIVE-4'],
          note: { code: rescan ? 'rescan-clear' : 'scan-clear' },
        },
        patch: { findings: [], redactionPending: undefined },
      },
      doc,
    );
  } else {
    await updateDocument(
      deps.documents,
      documentId,
      from,
      {
        redactionPending: undefined,
        findings,
        ...(scan.text ? { textExcerpt: scan.text.slice(0, TEXT_EXCERPT_CHARS) } : {}),
      },
      doc,
    );
  }
  return { decision: scan.decision, findings: findings.length };
}
