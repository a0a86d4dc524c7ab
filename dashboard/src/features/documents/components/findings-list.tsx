import type { ReactNode } from 'react';
import type { Finding } from '../../../../../shared/api/responses';
import { RuleChips } from '../../../components/badges';
import { label, useI18n } from '../../../i18n';

export function FindingsList({
  findings,
  tag,
}: {
  findings: readonly Finding[];
  /** A mark after each finding (a redaction's "removed" / "still there"). */
  tag?: (finding: Finding) => ReactNode;
}) {
  const { d } = useI18n();
  if (findings.length === 0) return <p className="muted">{d.document.noFindings}</p>;
  return (
    <ul className="findings">
      {findings.map((f) => (
        <li key={`${f.kind}-${f.start}-${f.end}`} className={`finding-item finding-${f.kind}`}>
          <span className="finding-kind">{label(d, 'findingKind', f.kind)}</span>
          <mark className="finding-text">{f.text}</mark>
          {f.location ? <span className="finding-location">{d.document.findingIn(f.location)}</span> : null}
          <span className="muted small">{d.document.findingAt(f.start, f.end)}</span>
          {f.rule ? <RuleChips rules={[f.rule]} /> : null}
          {tag?.(f)}
        </li>
      ))}
    </ul>
  );
}
