import { STATUSES, TERMINAL_STATUSES } from '../../../shared/model/document';

/** The pipeline's statuses plus the two a published entry can take later. */
export const DISPLAY_STATUSES = [...STATUSES, 'CORRECTED', 'WITHDRAWN'] as const;

/** Waiting on a person: polling stops here as well as at the end of the flow. */
const WAITING = new Set(['IN_REVIEW', 'AWAITING_SIGNOFF', 'IN_CONSULTATION', 'AWAITING_APPROVAL']);

export function isSettled(status: string): boolean {
  return (
    WAITING.has(status) ||
    (TERMINAL_STATUSES as ReadonlySet<string>).has(status) ||
    status === 'CORRECTED' ||
    status === 'WITHDRAWN'
  );
}

export type Tone = 'neutral' | 'progress' | 'waiting' | 'good' | 'bad' | 'muted';

export function toneOf(status: string): Tone {
  switch (status) {
    case 'PUBLISHED':
      return 'good';
    case 'IN_REVIEW':
    case 'AWAITING_SIGNOFF':
    case 'IN_CONSULTATION':
    case 'AWAITING_APPROVAL':
      return 'waiting';
    case 'REJECTED':
    case 'RETURNED':
    case 'WITHHELD':
    case 'FAILED':
    case 'WITHDRAWN':
      return 'bad';
    case 'RECORDED':
    case 'CORRECTED':
      return 'muted';
    case 'DRAFT':
      return 'neutral';
    default:
      return 'progress';
  }
}

/** Sorts statuses in pipeline order; unknown ones last. */
export function statusOrder(status: string): number {
  const i = (DISPLAY_STATUSES as readonly string[]).indexOf(status);
  return i === -1 ? DISPLAY_STATUSES.length : i;
}
