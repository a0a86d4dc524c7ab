import type { DocumentRecord, Status } from '../model/document';

/** Where the flow resumes for a document in a given status (Intake says; the review state passes it on). */
export const STAGES = ['review', 'human-review', 'signoff', 'route', 'approval', 'publish', 'done'] as const;
export type Stage = (typeof STAGES)[number];

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
  CANCELLED: 'done',
};

export function stageOf(status: Status): Stage {
  return STAGE_OF[status];
}

/** Where the flow resumes a document: a redacted version awaiting its scan is scanned first. */
export function resumeStage(doc: Pick<DocumentRecord, 'status' | 'redactionPending'>): Stage {
  return doc.status === 'IN_REVIEW' && doc.redactionPending === true ? 'review' : stageOf(doc.status);
}
