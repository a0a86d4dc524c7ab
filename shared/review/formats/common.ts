/** What the format readers share: the text limit, how an extraction is finished, reasons. */
import { type ExtractedFormat, type Extraction, type TextPart, type UnreadPart, withText } from '../extraction';
import { count, SCAN_LIMITS, ScanLimitError } from '../limits';

export const FORMAT_LABELS: Record<ExtractedFormat, string> = {
  text: 'text file',
  html: 'HTML',
  docx: 'DOCX',
  xlsx: 'XLSX',
  ofd: 'OFD',
  doc: 'DOC',
  pdf: 'PDF',
  image: 'image',
};

export function tooMuchText(format: ExtractedFormat): ScanLimitError {
  return new ScanLimitError(
    `${FORMAT_LABELS[format]} has more than ${count(SCAN_LIMITS.textChars)} characters of text: ` +
      'too large to scan automatically',
  );
}

/**
 * Counts the characters of the parts as a reader builds them, so a file whose text expands past
 * SCAN_LIMITS.textChars stops there rather than after building all of it.
 */
export class TextBudget {
  private used = 0;

  constructor(private readonly format: ExtractedFormat) {}

  add(chars: number): void {
    this.used += chars;
    if (this.used > SCAN_LIMITS.textChars) throw tooMuchText(this.format);
  }
}

export interface Finish {
  /** Why a file with no text at all is unreadable ("DOCX has no text (images only?)"). */
  readonly empty: string;
  readonly scanned?: boolean;
  readonly unread?: readonly UnreadPart[];
}

/**
 * The extraction of `parts`: the parts with text, joined; unreadable when nothing has text (unless
 * OCR ran: a person then sees that it found nothing) or when the text is past the limit.
 */
export function finish(parts: readonly TextPart[], format: ExtractedFormat, how: Finish): Extraction {
  const { parts: kept, text } = withText(parts);
  if (text.length > SCAN_LIMITS.textChars) return { ok: false, reason: tooMuchText(format).message };
  if (kept.length === 0 && !how.scanned) return { ok: false, reason: how.empty };
  return {
    ok: true,
    format,
    parts: kept,
    text,
    ...(how.scanned ? { scanned: true as const } : {}),
    ...(how.unread && how.unread.length > 0 ? { unread: how.unread } : {}),
  };
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file past a limit keeps the limit as its reason; anything else is the format's own failure. */
export function failure(error: unknown, corrupt: string): Extraction {
  if (error instanceof ScanLimitError) return { ok: false, reason: error.message };
  return { ok: false, reason: `${corrupt}: ${message(error)}` };
}
