import type { PipelineDeps } from './deps';
import type { IntakeResult } from './intake';
import { type ReviewResult, reviewDocument } from './review';
import { resumeStage } from './stage';

/** Where the flow goes from the review state: the state machine's "Next stage" Choice branches on it. */
export type AfterReview = Exclude<IntakeResult['next'], 'review'>;

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
 * otherwise passes on where Intake found it — so one Choice follows Intake and the review together
 * (a Standard workflow bills each state entered, and a Choice is one). A redacted version awaiting
 * its scan stands at the review whatever Intake said when its execution began.
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
