import { STATUSES, type Status, TERMINAL_STATUSES, WAITING_STATUSES } from '../../../shared/model/document';

/** Polling stops when the document waits on a person or its flow is over. */
export function isSettled(status: Status): boolean {
  return WAITING_STATUSES.has(status) || TERMINAL_STATUSES.has(status);
}

export type Tone = 'neutral' | 'progress' | 'waiting' | 'good' | 'bad' | 'muted';

/** How each status's badge looks; a new status does not compile until it has one. */
const TONES: Record<Status, Tone> = {
  DRAFT: 'neutral',
  RECEIVED: 'progress',
  IN_REVIEW: 'waiting',
  CLEARED: 'progress',
  AWAITING_SIGNOFF: 'waiting',
  SIGNED_OFF: 'progress',
  IN_CONSULTATION: 'waiting',
  AWAITING_APPROVAL: 'waiting',
  ROUTED: 'progress',
  PUBLISHED: 'good',
  REJECTED: 'bad',
  RETURNED: 'bad',
  WITHHELD: 'bad',
  RECORDED: 'muted',
  CORRECTED: 'muted',
  WITHDRAWN: 'bad',
  CANCELLED: 'muted',
  FAILED: 'bad',
};

export function toneOf(status: Status): Tone {
  return TONES[status];
}

/** Sorts statuses in pipeline order. */
export function statusOrder(status: Status): number {
  return STATUSES.indexOf(status);
}
