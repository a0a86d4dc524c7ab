import type { Status } from '../../../../../shared/model/document';
import { useI18n } from '../../../i18n';

const STEPS = ['register', 'review', 'signoff', 'route', 'publish'] as const;

/** Which step a status is at, and whether the flow stopped there for good. */
function position(status: Status): { at: number; stopped: boolean } {
  switch (status) {
    case 'DRAFT':
      return { at: 0, stopped: false };
    case 'RECEIVED':
    case 'IN_REVIEW':
      return { at: 1, stopped: false };
    case 'RETURNED':
    case 'WITHHELD':
      return { at: 1, stopped: true };
    case 'CLEARED':
    case 'AWAITING_SIGNOFF':
      return { at: 2, stopped: false };
    case 'REJECTED':
      return { at: 2, stopped: true };
    case 'SIGNED_OFF':
    case 'IN_CONSULTATION':
    case 'AWAITING_APPROVAL':
    case 'ROUTED':
      return { at: 3, stopped: false };
    case 'RECORDED':
      return { at: 3, stopped: true };
    case 'FAILED':
      return { at: 0, stopped: true };
    default:
      return { at: 5, stopped: false }; // published and after
  }
}

export function ProgressSteps({ status }: { status: Status }) {
  const { d } = useI18n();
  const { at, stopped } = position(status);
  if (status === 'FAILED') return null;
  return (
    <ol className="steps" aria-label={d.document.stepsLabel}>
      {STEPS.map((step, i) => {
        const state = i < at ? 'done' : i === at ? (stopped ? 'stopped' : 'current') : 'todo';
        return (
          <li key={step} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="step-dot" aria-hidden="true">
              {state === 'done' ? '✓' : state === 'stopped' ? '×' : i + 1}
            </span>
            <span className="step-label">{d.document.steps[step]}</span>
          </li>
        );
      })}
    </ol>
  );
}
