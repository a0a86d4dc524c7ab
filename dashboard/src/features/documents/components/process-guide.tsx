import { useI18n } from '../../../i18n';

const STEPS = ['register', 'review', 'signoff', 'route', 'publish'] as const;

/** What happens after an upload, shown beside the form until there is a document to follow. */
export function ProcessGuide() {
  const { d } = useI18n();
  return (
    <aside className="card guide" aria-labelledby="guide-title">
      <h2 id="guide-title" className="card-title">
        {d.upload.guideTitle}
      </h2>
      <ol className="guide-list">
        {STEPS.map((step, i) => (
          <li key={step}>
            <span className="guide-num" aria-hidden="true">
              {i + 1}
            </span>
            <div>
              <strong>{d.document.steps[step]}</strong>
              <p>{d.upload.guide[step]}</p>
            </div>
          </li>
        ))}
      </ol>
    </aside>
  );
}
