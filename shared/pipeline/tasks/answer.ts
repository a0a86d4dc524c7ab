import { decisionError, isOnwardDecision, type TaskKind } from '../../model/task';
import type { WorkflowCallbacks } from '../../ports';

/** What the flow is told of a decision (the waiting state's output, or its failure's cause). */
export interface DecisionOutput {
  readonly decision: string;
  readonly decidedBy: string;
  readonly taskId?: string;
}

/**
 * Hands a person's decision to the execution waiting on it: SendTaskSuccess when the flow goes on
 * to the state's next state, SendTaskFailure named `Decided.<decision>` when it goes elsewhere (the
 * state's Catch takes it there; the output is the failure's cause, so the history shows who decided).
 */
export function answerWaitingFlow(
  callbacks: WorkflowCallbacks,
  taskToken: string,
  kind: TaskKind,
  output: DecisionOutput,
): Promise<void> {
  if (isOnwardDecision(kind, output.decision)) return callbacks.succeed(taskToken, { ...output });
  return callbacks.fail(taskToken, decisionError(output.decision), JSON.stringify(output));
}
