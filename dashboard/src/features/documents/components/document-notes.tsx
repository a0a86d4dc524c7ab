import type { DocumentDetail } from '../../../../../shared/api/responses';
import { useI18n } from '../../../i18n';

/** The publication deadline, marked when it rests on a holiday calendar not yet published. */
export function DueDate({
  at,
  provisional,
}: {
  at: string | null | undefined;
  provisional: boolean | null | undefined;
}) {
  const { d, fmt } = useI18n();
  return (
    <>
      {fmt.date(at)}
      {provisional ? (
        <span className="chip chip-provisional" title={d.document.dueProvisionalHint}>
          {d.document.dueProvisional}
        </span>
      ) : null}
    </>
  );
}

/** Where the pipeline failed for this document, and why; `alert` announces it as it appears. */
export function FailureNotice({
  failure,
  alert = false,
}: {
  failure: NonNullable<DocumentDetail['failure']>;
  alert?: boolean;
}) {
  const { d } = useI18n();
  return (
    <div className="notice notice-error" role={alert ? 'alert' : undefined}>
      <div>
        <strong>{d.document.failure}</strong> · {d.document.failureStep(failure.step)}
        {failure.problem ? (
          <p>{d.document.problem(failure.problem)}</p>
        ) : (
          <>
            {failure.kind === 'system' ? <p>{d.document.systemFailure}</p> : null}
            {/* What the step reported, as it reported it (for ops): no words of ours for it. */}
            <p className={failure.kind === 'system' ? 'muted small' : undefined}>
              {failure.kind === 'system' ? `${d.common.errorDetail}: ` : null}
              {failure.error}
            </p>
          </>
        )}
      </div>
    </div>
  );
}
