import type { DocumentRecord, Status } from '../model/document';
import { NotFoundError } from '../model/errors';
import { describeFileProblem } from '../model/file-problem';
import { FLOW_STEPS } from '../model/flow-steps';
import { excerptKey } from '../model/object-keys';
import type { ScanResult } from '../review';
import { readContent } from './content';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { failDocument } from './failure';
import { transitionDocument, updateDocument } from './write';

/** Enough for reviewers to see findings in context (an object of its own, never the document item). */
export const TEXT_EXCERPT_CHARS = 20_000;

/**
 * Scans of one file that may stop without finishing (the process died in them: out of memory,
 * killed, the machine lost power) before the file is taken as the cause and not scanned again.
 */
export const MAX_SCAN_ATTEMPTS = 2;

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
    const problem = { code: 'scan-stopped' } as const;
    await failDocument(deps, documentId, {
      step: FLOW_STEPS.review,
      error: describeFileProblem(problem),
      problem,
      kind: 'input',
    });
    return { decision: 'failed', findings: 0 };
  }
  const bytes = await readContent(deps.files, doc);
  // Only a scan that started and never returned counts: if recording it or writing its result
  // fails, this process is alive to say so, and the attempt is taken back (a retried step scans again).
  let scanStarted = false;
  let scanReturned = false;
  try {
    // Recorded before scanning, so a scan the process does not survive is counted on the next start.
    const scanning = await updateDocument(deps.documents, documentId, from, { scanAttempts: attempts + 1 }, doc);
    scanStarted = true;
    const scan = await deps.scanner.scan(bytes, { filename: doc.filename, contentType: doc.contentType });
    scanReturned = true;
    return await recordScan(deps, documentId, from, rescan, scan, scanning);
  } catch (err) {
    if (!scanStarted || scanReturned) await forgetScanAttempt(deps, documentId, from, attempts);
    throw err;
  }
}

async function recordScan(
  deps: PipelineDeps,
  documentId: string,
  from: 'IN_REVIEW' | 'RECEIVED',
  rescan: boolean,
  scan: ScanResult,
  scanning: DocumentRecord,
): Promise<ReviewResult> {
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
        patch: {
          findings: [],
          redactionPending: undefined,
          scanAttempts: undefined,
          excerptKey: undefined,
          ...afterRedaction(rescan, scanning),
        },
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
        ...afterRedaction(rescan, scanning),
        scanned: scan.scanned === true ? true : undefined,
        excerptKey: scan.text ? await putExcerpt(deps, scanning, scan.text) : undefined,
      },
      scanning,
    );
  }
  return { decision: scan.decision, findings: findings.length };
}

/**
 * The excerpt goes beside the pinned content it was read from, under a key of the document and
 * that content's hash (a retried scan writes the same object again); written before the document
 * names it, so a document never points at an excerpt that is not there.
 */
async function putExcerpt(deps: PipelineDeps, doc: DocumentRecord, text: string): Promise<string> {
  if (!doc.sha256) throw new Error(`document ${doc.id} has no pinned content to key its excerpt by`);
  const key = excerptKey(doc.id, doc.sha256);
  await deps.files.putIntake(key, new TextEncoder().encode(text.slice(0, TEXT_EXCERPT_CHARS)), EXCERPT_TYPE);
  return key;
}

export const EXCERPT_TYPE = 'text/plain; charset=utf-8';

/**
 * A re-scan after a redaction keeps the findings of the version the redaction replaced: the
 * reviewer sees them beside what the redacted version still has (all of its parts re-scanned).
 */
function afterRedaction(rescan: boolean, before: DocumentRecord): Pick<DocumentRecord, 'findingsBeforeRedaction'> {
  return rescan ? { findingsBeforeRedaction: before.findings ?? [] } : {};
}

/**
 * Puts scanAttempts back to what it was before this attempt, if it still shows this attempt.
 * Best effort, a few tries: left as it is, it only counts one scan too many.
 */
async function forgetScanAttempt(deps: PipelineDeps, documentId: string, from: Status, before: number) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const doc = await deps.documents.get(documentId);
      if (doc?.status !== from || doc.scanAttempts !== before + 1) return;
      await updateDocument(deps.documents, documentId, from, { scanAttempts: before > 0 ? before : undefined }, doc);
      return;
    } catch {
      // The store is failing right now (that may be why we are here): try again.
    }
  }
}
