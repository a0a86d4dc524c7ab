/**
 * Confidentiality review before disclosure (FIVE-4 / EXPAND-4): nothing involving state secrets,
 * commercial secrets or personal privacy is published. 'needs-review' sends the document to the
 * human pre-review group (REVIEW-2); 'clear' only means the scanner found nothing in any part of
 * the file. Each finding says where it was (`location`, and `page`/`box` when the part has them).
 */
import { type Finding as DetectedFinding, detect } from './detectors';
import { extractText } from './extract';
import { type Box, type ExtractHint, type ExtractOptions, partStarts, placeRange } from './extraction';
import { defaultExtractOptions } from './ocr';

export type { FindingKind } from './detectors';
export type { Box, ExtractHint, ExtractOptions, Ocr, TextPart } from './extraction';

export interface Finding extends DetectedFinding {
  /** Where in the file: "footer", "tracked deletion", "page 3", "sheet 低保名单, cell D7 (hidden column)". */
  readonly location?: string;
  readonly page?: number;
  readonly box?: Box;
}

export interface ScanResult {
  readonly decision: 'clear' | 'needs-review';
  readonly findings: Finding[];
  /** False when no text could be read; the single finding is then kind 'unreadable'. */
  readonly extracted: boolean;
  readonly format?: string;
  readonly unreadableReason?: string;
  /** The extracted text the findings' offsets refer to. */
  readonly text?: string;
  /** Some of the text came from OCR: the document goes to a person whatever was found. */
  readonly scanned?: true;
}

export function scanText(text: string): ScanResult {
  const findings = detect(text);
  return { decision: findings.length > 0 ? 'needs-review' : 'clear', findings, extracted: true };
}

/** Without `options`, scans are read by this process's OCR when it has the language data (./ocr). */
export async function scanDocument(
  bytes: Uint8Array,
  hint: ExtractHint,
  options: ExtractOptions = defaultExtractOptions(),
): Promise<ScanResult> {
  const extraction = await extractText(bytes, hint, options);
  if (!extraction.ok) return unreadableScan(extraction.reason);
  const { parts, text } = extraction;
  const starts = partStarts(parts);
  const findings: Finding[] = [];
  for (const finding of detect(text)) {
    const placed = placeRange(parts, starts, finding.start, finding.end);
    // Text a part only repeats (a paragraph before its tracked changes) was scanned in its own part.
    if (placed && !placed.own) continue;
    findings.push({
      ...finding,
      ...(placed ? { location: placed.location } : {}),
      ...(placed?.part.page !== undefined ? { page: placed.part.page } : {}),
      ...(placed?.box !== undefined ? { box: placed.box } : {}),
    });
  }
  // A part that could not be read (an image-only page without OCR) is a person's to read.
  for (const part of extraction.unread ?? []) {
    findings.push({
      kind: 'unreadable',
      text: part.reason,
      start: 0,
      end: 0,
      rule: 'REVIEW-2',
      location: part.location,
      ...(part.page !== undefined ? { page: part.page } : {}),
    });
  }
  const scanned = extraction.scanned === true;
  return {
    decision: findings.length > 0 || scanned ? 'needs-review' : 'clear',
    findings,
    extracted: true,
    format: extraction.format,
    text,
    ...(scanned ? { scanned: true as const } : {}),
  };
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
