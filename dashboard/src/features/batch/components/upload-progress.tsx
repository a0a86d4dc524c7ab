import { useI18n } from '../../../i18n';
import type { FileProgress } from '../data/uploads';

/** A bar per file and one for all of them. */
export function UploadProgress({ files }: { files: readonly FileProgress[] }) {
  const { d } = useI18n();
  const total = files.reduce((sum, f) => sum + f.total, 0);
  const loaded = files.reduce((sum, f) => sum + (f.state === 'done' ? f.total : f.loaded), 0);
  const done = files.filter((f) => f.state === 'done').length;
  const stateText = (f: FileProgress) =>
    f.state === 'retrying' ? d.batch.fileState.retrying(f.attempt) : d.batch.fileState[f.state];
  return (
    <section className="card batch-progress" aria-labelledby="batch-progress-title">
      <h2 id="batch-progress-title" className="card-title">
        {d.batch.progressTitle}
      </h2>
      <div className="batch-overall">
        <progress max={total || 1} value={loaded} aria-label={d.batch.progressTitle} />
        <span data-testid="batch-overall">{d.batch.overall(done, files.length)}</span>
      </div>
      <ul className="batch-files">
        {files.map((f) => (
          <li key={f.documentId} className={`batch-file batch-file-${f.state}`} data-file={f.file}>
            <span className="batch-file-name">{f.file}</span>
            <progress max={f.total || 1} value={f.state === 'done' ? f.total : f.loaded} aria-label={f.file} />
            <span className="batch-file-state">{stateText(f)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
