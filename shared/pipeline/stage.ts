import type { Status } from '../model/document';

/** Where the flow resumes for a document in a given status (the state machine's "Resume at"). */
export type Stage = 'review' | 'human-review' | 'signoff' | 'route' | 'approval' | 'publish' | 'done';

const STAGE_OF: Record<Status, Stage> = {
  DRAFT: 'review',
  RECEIVED: 'review',
  IN_REVIEW: 'human-review',
  CLEARED: 'signoff',
  AWAITING_SIGNOFF: 'signoff',
  SIGNED_OFF: 'route',
  IN_CONSULTATION: 'route',
  AWAITING_APPROVAL: 'approval',
  ROUTED: 'publish',
  PUBLISHED: 'done',
  REJECTED: 'done',
  RETURNED: 'done',
  WITHHELD: 'done',
  RECORDED: 'done',
  CORRECTED: 'done',
  WITHDRAWN: 'done',
  FAILED: 'done',
};

export function stageOf(status: Status): Stage {
  return STAGE_OF[status];
}
