import type { ReactNode } from 'react';
import type { Finding } from '../../../../../shared/api/responses';
import { label, useI18n } from '../../../i18n';

interface Span {
  readonly start: number;
  readonly end: number;
  readonly finding: Finding;
}

/**
 * Where each finding sits in the excerpt: at its offsets when the excerpt has the matched text
 * there, else at its first occurrence (an excerpt may be trimmed or shifted).
 */
export function locate(text: string, findings: readonly Finding[]): Span[] {
  const spans: Span[] = [];
  for (const finding of findings) {
    if (!finding.text) continue;
    let start = text.slice(finding.start, finding.end) === finding.text ? finding.start : text.indexOf(finding.text);
    while (start !== -1 && spans.some((s) => start < s.end && start + finding.text.length > s.start)) {
      start = text.indexOf(finding.text, start + 1);
    }
    if (start !== -1) spans.push({ start, end: start + finding.text.length, finding });
  }
  return spans.sort((a, b) => a.start - b.start);
}

export function HighlightedText({ text, findings }: { text: string; findings: readonly Finding[] }) {
  const { d } = useI18n();
  const spans = locate(text, findings);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) parts.push(text.slice(at, span.start));
    parts.push(
      <mark
        key={`${span.start}-${span.finding.kind}`}
        className={`finding-mark finding-${span.finding.kind}`}
        title={[
          label(d, 'findingKind', span.finding.kind),
          span.finding.location ? d.document.findingIn(span.finding.location) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      >
        {text.slice(span.start, span.end)}
        <span className="finding-tag">{label(d, 'findingKind', span.finding.kind)}</span>
      </mark>,
    );
    at = span.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <div className="excerpt">{parts}</div>;
}
