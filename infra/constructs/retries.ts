import { Duration } from 'aws-cdk-lib';
import { Errors, JitterType, type RetryProps, type TaskStateBase } from 'aws-cdk-lib/aws-stepfunctions';
import { DOMAIN_ERRORS } from '../../functions/steps/errors';
import { DECISION_ERRORS } from '../../shared/model/task';

/**
 * The errors a step throws when the domain decided (functions/steps/errors.ts): never retried.
 * (UnavailableError is not among them: something did not answer, try again.)
 */
export { DOMAIN_ERRORS };

/** A step's input that does not parse (zod): the state machine and the step disagree; again would not help. */
export const INPUT_ERROR = 'ZodError';

/**
 * Anything else is taken as transient — Lambda's service errors and throttling, a function that
 * timed out (Sandbox.Timedout) or died (Lambda.Unknown), DynamoDB or S3 not answering — and retried
 * with exponential backoff and full jitter: waits of up to 1, 2, 4, 8, 16 s, drawn at random so
 * that documents failed by one outage do not all come back at the same instant.
 */
export const TRANSIENT_RETRY: RetryProps = {
  errors: [Errors.ALL],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 5,
  maxDelay: Duration.seconds(30),
  jitterStrategy: JitterType.FULL,
};

/** The failure path's own step tries longer: if it gives up, the document is left in a status nobody moves. */
export const RECORD_FAILURE_RETRY: RetryProps = { ...TRANSIENT_RETRY, maxAttempts: 10 };

/**
 * Retriers are tried in order: first the errors never retried (MaxAttempts 0), then everything
 * else. A human task's own timeout (States.Timeout: nobody decided in time) is a decision too —
 * the sign-off escalates on it — so it is never retried either.
 */
export function addStepRetries(
  task: TaskStateBase,
  options: { humanTask: boolean; retry?: RetryProps; neverRetried?: readonly string[] },
): void {
  const neverRetried = [
    ...DOMAIN_ERRORS,
    INPUT_ERROR,
    ...(options.humanTask ? [Errors.TIMEOUT, ...DECISION_ERRORS] : []),
    // A state's own branch answers (Routing's Route.<next>): its Catch takes them.
    ...(options.neverRetried ?? []),
  ];
  task.addRetry({ errors: neverRetried, maxAttempts: 0 });
  task.addRetry(options.retry ?? TRANSIENT_RETRY);
}
