import type { WorkflowCallbacks } from '../ports';
import { answerState } from './answer-state';
import type { PipelineDeps } from './deps';
import type { IntakeResult } from './intake';
import { type ReviewResult, reviewDocument } from './review';
import { type AfterReview, ONWARD_STAGE, resumeStage, stageError } from './stage';

export interface ReviewStageResult extends Partial<ReviewResult> {
  readonly next: AfterReview;
}

const AFTER_REVIEW: Readonly<Record<ReviewResult['decision'], AfterReview>> = {
  'needs-review': 'human-review',
  clear: 'signoff',
  // The file stopped the scan twice: the review recorded FAILED, as Intake does for a refused file.
  failed: 'done',
};

/**
 * The review state (FIVE-4 / EXPAND-4): scans the document when it stands at the review, and
 * otherwise passes on where Intake found it — so the review state's answer says where the flow goes
 * after Intake and the review together (a Standard workflow bills each state entered). A redacted
 * version awaiting its scan stands at the review whatever Intake said when its execution began.
 */
export async function reviewStage(
  deps: PipelineDeps,
  documentId: string,
  resumeAt: IntakeResult['next'] = 'review',
): Promise<ReviewStageResult> {
  // Another execution holds the document, or it is over: nothing to read.
  if (resumeAt === 'duplicate' || resumeAt === 'done') return { next: resumeAt };
  if (resumeAt !== 'review') {
    const doc = await deps.documents.get(documentId);
    const stage = doc ? resumeStage(doc) : 'done';
    if (stage !== 'review') return { next: stage };
  }
  const review = await reviewDocument(deps, documentId);
  return { ...review, next: AFTER_REVIEW[review.decision] };
}

/** Hands the review state's result to the waiting state: on to the sign-off, or `Stage.<next>` (./stage.ts). */
export function answerReviewStage(
  callbacks: WorkflowCallbacks,
  taskToken: string,
  result: ReviewStageResult,
): Promise<void> {
  return answerState(callbacks, taskToken, result, ONWARD_STAGE, stageError);
}
