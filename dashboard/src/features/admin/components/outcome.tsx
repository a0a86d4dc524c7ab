import { type ReactNode, useState } from 'react';
import type { DirectoryChange } from '../../../../../shared/api/responses';
import { ErrorState } from '../../../components/feedback';
import { useI18n } from '../../../i18n';

/** What a change wrote (and moved), with what the administrator should look at next. */
export function ChangeOutcome({ result }: { result: DirectoryChange }) {
  const { d } = useI18n();
  const a = d.admin;
  return (
    <div className={`notice ${result.warnings.length ? 'notice-warning' : 'notice-success'}`} role="status">
      <div>
        <strong>{a.saved}</strong>
        <p>{result.changed === 0 ? a.nothingChanged : a.savedChanges(result.changed, result.tasksMoved)}</p>
        {result.warnings.length ? (
          <>
            <strong>{a.warnings}</strong>
            <ul className="admin-warnings">
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** A form's submission: busy while it runs, the server's refusal or what it wrote. */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [result, setResult] = useState<DirectoryChange | undefined>(undefined);
  return {
    busy,
    failure,
    result,
    reset() {
      setFailure(undefined);
      setResult(undefined);
    },
    async run(action: () => Promise<DirectoryChange>, onDone?: (result: DirectoryChange) => void) {
      setBusy(true);
      setFailure(undefined);
      setResult(undefined);
      try {
        const written = await action();
        setResult(written);
        onDone?.(written);
      } catch (err) {
        setFailure(err);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** A form opened above a list: its title, its fields, the server's refusal, save and cancel. */
export function EditorCard({
  title,
  hint,
  failure,
  busy,
  submitLabel,
  danger = false,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  hint?: string;
  failure: unknown;
  busy: boolean;
  submitLabel?: string;
  danger?: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { d } = useI18n();
  return (
    <form
      className="card admin-editor"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 className="card-title">{title}</h2>
      {hint ? <p className="muted small admin-editor-hint">{hint}</p> : null}
      <div className="form-grid">{children}</div>
      {failure ? <ErrorState error={failure} /> : null}
      <div className="form-actions">
        <button type="submit" className={danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy}>
          {submitLabel ?? d.admin.save}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy}>
          {d.common.cancel}
        </button>
      </div>
    </form>
  );
}
