import type { WorkflowCallbacks } from '../../../shared/ports';

export interface RecordingCallbacksOptions {
  /**
   * Tokens nobody waits on: `succeed` throws an error named TaskDoesNotExist, as Step Functions
   * and the local engine answer (the execution timed out, or the local runtime restarted).
   */
  readonly taskDoesNotExist?: boolean | ((taskToken: string) => boolean);
}

/**
 * Resumes nothing: records each accepted `succeed` with its output, and each `fail`, as Step
 * Functions receives them (JSON). A token answered once is waited on no more, as there: answering
 * it again is TaskDoesNotExist (infra/local/workflow.ts answers the same).
 */
export class RecordingCallbacks implements WorkflowCallbacks {
  readonly succeeded: Array<{ readonly taskToken: string; readonly output: Record<string, unknown> }> = [];
  readonly failed: Array<{ readonly taskToken: string; readonly error: string; readonly cause: string }> = [];
  taskDoesNotExist: boolean | ((taskToken: string) => boolean);

  constructor(options: RecordingCallbacksOptions = {}) {
    this.taskDoesNotExist = options.taskDoesNotExist ?? false;
  }

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<void> {
    this.expectWaiting(taskToken);
    // SendTaskSuccess carries the output as a JSON string.
    this.succeeded.push({ taskToken, output: JSON.parse(JSON.stringify(output)) });
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    this.expectWaiting(taskToken);
    this.failed.push({ taskToken, error, cause });
  }

  /** The output the last accepted `succeed` for this token sent. */
  outputFor(taskToken: string): Record<string, unknown> | undefined {
    return this.succeeded.findLast((s) => s.taskToken === taskToken)?.output;
  }

  /** Every answer, in order: a success's output, or a failure's cause (the decision handed on by name). */
  answers(): Array<{ readonly taskToken: string; readonly error?: string; readonly output: Record<string, unknown> }> {
    return [
      ...this.succeeded,
      ...this.failed.map((f) => ({ taskToken: f.taskToken, error: f.error, output: JSON.parse(f.cause) })),
    ];
  }

  private expectWaiting(taskToken: string): void {
    const missing =
      (typeof this.taskDoesNotExist === 'function' ? this.taskDoesNotExist(taskToken) : this.taskDoesNotExist) ||
      this.succeeded.some((s) => s.taskToken === taskToken) ||
      this.failed.some((f) => f.taskToken === taskToken);
    if (missing) {
      throw Object.assign(new Error(`no execution waits on task token ${taskToken}`), { name: 'TaskDoesNotExist' });
    }
  }
}
