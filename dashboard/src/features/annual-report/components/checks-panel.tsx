import type { Violation } from '../../../../../shared/report/checks';
import { useI18n } from '../../../i18n';

/** The report's checklist: the server's, with what the edits break now in their place. */
export function ChecksPanel({
  checks,
  violations,
  edited,
}: {
  readonly checks: ReadonlyArray<{ ok: boolean; message: string }>;
  readonly violations: readonly Violation[];
  /** Whether there are edits the server has not checked yet: then the identities are the live ones. */
  readonly edited: boolean;
}) {
  const { d } = useI18n();
  const w = d.annual;
  /** A broken identity in the reader's words: where (row · column), and both sides. */
  const worded = (v: Violation) => {
    const where =
      v.table === 'requests'
        ? `${w.requestRows[v.row as keyof typeof w.requestRows]} · ${w.requestColumns[v.column as keyof typeof w.requestColumns]}`
        : `${w.appealGroups[v.row as keyof typeof w.appealGroups]} · ${w.appealOutcomes.total}`;
    const [left = '', right = ''] = w.identities[v.check];
    return w.violation(where, left, v.left.value, right, v.right.value);
  };
  const identity = (message: string) =>
    message.startsWith('表三') ||
    message.startsWith('表四') ||
    message.startsWith('requests') ||
    message.startsWith('appeals');
  const lines = edited
    ? [
        ...violations.map((v) => ({ ok: false, message: worded(v) })),
        ...checks.filter((c) => !identity(c.message) || (c.ok && violations.length === 0)),
      ]
    : checks;
  return (
    <section className="card report-checks" aria-live="polite" data-testid="report-checks">
      <h2 className="card-title">{d.annual.checks}</h2>
      <p className="muted small">{d.annual.checksHint}</p>
      <ul className="check-list">
        {lines.map((c) => (
          <li key={c.message} className={c.ok ? 'check-ok' : 'check-bad'}>
            <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> {c.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
