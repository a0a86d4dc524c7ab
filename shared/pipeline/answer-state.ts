import type { WorkflowCallbacks } from '../ports';

/**
 * Hands an automated step's result to the state waiting on it (a task token), as a person's decision
 * is handed on (./tasks/answer.ts): SendTaskSuccess when the flow goes on to the state's next state,
 * otherwise SendTaskFailure named by where it leads, with the result as its cause, for the state's
 * Catch to take there. So no Choice state (a billed transition) follows the step, and the branch
 * still stands in the execution history.
 */
export function answerState<Next extends string, Onward extends Next>(
  callbacks: WorkflowCallbacks,
  taskToken: string,
  result: { readonly next: Next },
  onward: Onward,
  errorOf: (next: Exclude<Next, Onward>) => string,
): Promise<void> {
  if (result.next === onward) return callbacks.succeed(taskToken, { ...result });
  return callbacks.fail(taskToken, errorOf(result.next as Exclude<Next, Onward>), JSON.stringify(result));
}
