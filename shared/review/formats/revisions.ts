/**
 * Tracked changes, shared by the DOCX and DOC readers: a paragraph as it reads now (insertions
 * in, deletions out) and as it read before (deletions in, insertions out).
 */
import type { PartSpan, TextPart } from '../extraction';

/** `kind` within `base`: "tracked deletion" in the body, "footer, tracked deletion" in a footer. */
export function within(base: string, kind: string): string {
  return base === 'body' ? kind : `${base}, ${kind}`;
}

export type Mark = 'normal' | 'inserted' | 'deleted' | 'hidden';

/** One paragraph as it reads now and as it read before its tracked changes. */
export class Paragraph {
  now = '';
  before = '';
  readonly nowSpans: Array<{ start: number; end: number; mark: Mark }> = [];
  readonly beforeSpans: Array<{ start: number; end: number }> = [];
  deleted = false;

  add(text: string, mark: Mark): void {
    if (mark !== 'deleted') {
      if (mark !== 'normal') spanOut(this.nowSpans, this.now.length, text.length, mark);
      this.now += text;
    }
    if (mark !== 'inserted') {
      if (mark === 'deleted') {
        this.deleted = true;
        const last = this.beforeSpans[this.beforeSpans.length - 1];
        if (last && last.end === this.before.length) last.end += text.length;
        else this.beforeSpans.push({ start: this.before.length, end: this.before.length + text.length });
      }
      this.before += text;
    }
  }
}

function spanOut(spans: Array<{ start: number; end: number; mark: Mark }>, at: number, length: number, mark: Mark) {
  const last = spans[spans.length - 1];
  if (last && last.end === at && last.mark === mark) last.end += length;
  else spans.push({ start: at, end: at + length, mark });
}

/** A story's paragraphs as parts: the story as it reads now, and a part per paragraph with deletions. */
export function storyParts(base: string, paragraphs: readonly Paragraph[]): TextPart[] {
  const deletions: TextPart[] = [];
  const spans: PartSpan[] = [];
  let text = '';
  const deleted = within(base, 'tracked deletion');
  for (const p of paragraphs) {
    for (const span of p.nowSpans) {
      const kind = span.mark === 'inserted' ? 'tracked insertion' : 'hidden text';
      spans.push({ start: text.length + span.start, end: text.length + span.end, location: within(base, kind) });
    }
    text += `${p.now}\n`;
    if (p.deleted) {
      deletions.push({
        location: deleted,
        text: p.before,
        spans: p.beforeSpans.map((s) => ({ ...s, location: deleted })),
        spansOnly: true,
      });
    }
  }
  const now = text.replace(/\s+$/, '');
  return [{ location: base, text: now, ...(spans.length > 0 ? { spans } : {}) }, ...deletions];
}
