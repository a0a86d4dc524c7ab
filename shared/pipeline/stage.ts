import { branchErrors } from '../model/branches';
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

/** Where the flow goes from the review state: a stage past the review, or nowhere (a duplicate event). */
export type AfterReview = Exclude<Stage, 'review'> | 'duplicate';
const AFTER_REVIEW_VALUES = [...STAGES.filter((s) => s !== 'review'), 'duplicate'] as AfterReview[];

/**
 * The review state waits for its step's answer (a task token; ./answer-state.ts), so no Choice state
 * follows it: a document cleared for sign-off goes on (SendTaskSuccess), any other is handed back as
 * the failure named by `stageError`, which the state's Catch takes where it leads.
 */
export const ONWARD_STAGE = 'signoff' satisfies AfterReview;
export type BranchStage = Exclude<AfterReview, typeof ONWARD_STAGE>;
const STAGE_BRANCHES = branchErrors('Stage', AFTER_REVIEW_VALUES, ONWARD_STAGE);
/** The error name a branching stage is handed to the flow as. */
export const stageError = STAGE_BRANCHES.errorOf;
/** Every branching stage's error name: never retried, always caught. */
export const STAGE_ERRORS = STAGE_BRANCHES.all;

export function stageOf(status: Status): Stage {
  return STAGE_OF[status];
}

/** Where the flow resumes a document: a redacted version awaiting its scan is scanned first. */
export function resumeStage(doc: Pick<DocumentRecord, 'status' | 'redactionPending'>): Stage {
  return doc.status === 'IN_REVIEW' && doc.redactionPending === true ? 'review' : stageOf(doc.status);
}
