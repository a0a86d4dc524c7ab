import type { Finding } from '../../../../../shared/api/responses';
import { useI18n } from '../../../i18n';
import { FindingsList } from './findings-list';

const same = (a: Finding, b: Finding) => a.kind === b.kind && a.text === b.text;

/**
 * A redaction's result beside what it replaced: the findings of the earlier version, each marked
 * removed or still there, and what the re-scan of every part of the redacted version found.
 */
export function RedactionComparison({
  before,
  after,
}: {
  readonly before: readonly Finding[];
  readonly after: readonly Finding[];
}) {
  const { d } = useI18n();
  const words = d.document.redaction;
  return (
    <section className="redaction-compare" data-testid="redaction-compare" aria-label={words.title}>
      <h3 className="subhead redaction-compare-title">{words.title}</h3>
      <div className="redaction-compare-grid">
        <div className="redaction-compare-side" data-side="before">
          <h4 className="redaction-compare-head">{words.before(before.length)}</h4>
          <FindingsList
            findings={before}
            tag={(f) =>
              after.some((a) => same(a, f)) ? (
                <span className="badge badge-bad">{words.remaining}</span>
              ) : (
                <span className="badge badge-good">{words.removed}</span>
              )
            }
          />
        </div>
        <div className="redaction-compare-side" data-side="after">
          <h4 className="redaction-compare-head">{words.after(after.length)}</h4>
          {after.length > 0 ? <FindingsList findings={after} /> : <p className="muted">{words.clean}</p>}
        </div>
      </div>
    </section>
  );
}
