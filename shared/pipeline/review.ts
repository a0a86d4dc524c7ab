import { NotFoundError } from '../model/errors';
import { readContent } from './content';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { failDocument } from './failure';
import { transitionDocument, updateDocument } from './write';

/** Enough for reviewers to see findings in context without bloating the document item. */
const TEXT_EXCERPT_CHARS = 20_000;

/** The step's name in the state machine: what a failure records as the step. */
export const REVIEW_STEP = 'Confidentiality review';

/**
 * Scans of one file that may stop without finishing (the process died in them: out of memory,
 * killed, the machine lost power) before the file is taken as the cause and not scanned again.
 */
export const MAX_SCAN_ATTEMPTS = 2;
export const SCAN_STOPPED_TWICE = 'the scan stopped twice on this file without finishing';

export interface ReviewResult {
  /** 'failed': the file stopped the scan twice; the document is FAILED and the flow ends. */
  readonly decision: 'clear' | 'needs-review' | 'failed';
  readonly findings: number;
}

/**
 * Step 2, the automated half of the confidentiality review (FIVE-4 / EXPAND-4): a clean document
 * is CLEARED; anything found, or a file that cannot be read or hits a limit, goes to the
 * pre-review group (REVIEW-2). It scans the pinned content — after a redaction, the redacted
 * version the reviewer's decision pinned. Each scan is recorded on the document before it starts;
 * a file on which two scans stopped without finishing is FAILED (input) rather than scanned again.
 */
export async function reviewDocument(deps: PipelineDeps, documentId: string): Promise<ReviewResult> {
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  const rescan = doc.status === 'IN_REVIEW' && doc.redactionPending === true;
  if (doc.status !== 'RECEIVED' && !rescan) {
    // A retried step after the document moved on: report what was decided.
    if (doc.status === 'FAILED') return { decision: 'failed', findings: 0 };
    return { decision: doc.status === 'IN_REVIEW' ? 'needs-review' : 'clear', findings: doc.findings?.length ?? 0 };
  }
  const from = rescan ? 'IN_REVIEW' : 'RECEIVED';
  const attempts = doc.scanAttempts ?? 0;
  if (attempts >= MAX_SCAN_ATTEMPTS) {
    // Every restart resumed the scan of this file and died in it again: no third try.
    await failDocument(deps, documentId, { step: REVIEW_STEP, error: SCAN_STOPPED_TWICE, kind: 'input' });
    return { decision: 'failed', findings: 0 };
  }
  const bytes = await readContent(deps.files, doc);
  // Recorded before scanning, so a scan the process does not survive is counted on the next start.
  const scanning = await updateDocument(deps.documents, documentId, from, { scanAttempts: attempts + 1 }, doc);
  const scan = await deps.scanner.scan(bytes, { filename: doc.filename, contentType: doc.contentType });
  const findings = scan.findings.map(({ kind, text, start, end, rule, location, page, box }) => ({
    kind,
    text,
    start,
    end,
    rule,
    ...(location !== undefined ? { location } : {}),
    ...(page !== undefined ? { page } : {}),
    ...(box !== undefined ? { box } : {}),
  }));
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
        patch: { findings: [], redactionPending: undefined, scanAttempts: undefined },
      },
      scanning,
    );
  } else {
    await updateDocument(
      deps.documents,
      documentId,
      from,
      {
        redactionPending: undefined,
        scanAttempts: undefined,
        findings,
        ...(scan.text ? { textExcerpt: scan.text.slice(0, TEXT_EXCERPT_CHARS) } : {}),
      },
      scanning,
    );
  }
  return { decision: scan.decision, findings: findings.length };
}
