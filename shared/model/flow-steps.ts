/**
 * The steps of the flow a failure names (Failure.step): the state machine's states, as
 * infra/constructs/workflow.ts names them, and a person's re-run. The dashboard words each one.
 */
export const FLOW_STEPS = {
  intake: 'Intake',
  review: 'Confidentiality review',
  humanReview: 'Pre-review decision',
  signOff: 'Leader sign-off',
  escalatedSignOff: 'Escalated sign-off',
  approval: 'Competent department approval',
  routing: 'Routing',
  consultation: 'Consultation',
  escalation: 'Escalation to the disclosure office',
  publication: 'Publication',
  rerun: 'Re-run',
} as const;

export type FlowStep = (typeof FLOW_STEPS)[keyof typeof FLOW_STEPS];
