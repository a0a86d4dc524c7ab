/**
 * Confidentiality review before disclosure (FIVE-4 / EXPAND-4): nothing involving state secrets,
 * commercial secrets or personal privacy is published. 'needs-review' sends the document to the
 * human pre-review group (REVIEW-2); 'clear' only means the scanner found nothing.
 */
import { detect, type Finding } from './detectors';
import { type ExtractHint, extractText } from './extract';

export type { Finding, FindingKind } from './detectors';
export type { ExtractHint } from './extract';

export interface ScanResult {
  readonly decision: 'clear' | 'needs-review';
  readonly findings: Finding[];
  /** False when no text could be read; the single finding is then kind 'unreadable'. */
  readonly extracted: boolean;
  readonly format?: string;
  readonly unreadableReason?: string;
  /** The extracted text the findings' offsets refer to. */
  readonly text?: string;
}

export function scanText(text: string): ScanResult {
  const findings = detect(text);
  return { decision: findings.length > 0 ? 'needs-review' : 'clear', findings, extracted: true };
}

export async function scanDocument(bytes: Uint8Array, hint: ExtractHint): Promise<ScanResult> {
  const extraction = await extractText(bytes, hint);
  if (!extraction.ok) return unreadableScan(extraction.reason);
  return { ...scanText(extraction.text), format: extraction.format, text: extraction.text };
}

/**
 * What the scanner cannot read, a person must: unreadable is never 'clear'. Also what a scan that
 * died or ran out of time returns (infra/local/worker-scanner.ts).
 */
export function unreadableScan(reason: string): ScanResult {
  const unreadable: Finding = { kind: 'unreadable', text: reason, start: 0, end: 0, rule: 'REVIEW-2' };
  return { decision: 'needs-review', findings: [unreadable], extracted: false, unreadableReason: reason };
}

/** The scan in this process: tests, the CLI, and a Lambda (whose invocation is its own sandbox). */
export const inProcessScanner = { scan: scanDocument };
