/** The Lambda-backed steps of the flow; each has an entry in functions/lambda/<name>.ts. */
export const STEP_NAMES = ['intake', 'review', 'openTask', 'route', 'publish', 'recordFailure'] as const;
export type StepName = (typeof STEP_NAMES)[number];
