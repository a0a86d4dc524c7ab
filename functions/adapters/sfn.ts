import { randomUUID } from 'node:crypto';
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ResumeRequest } from '../../shared/pipeline/events';
import type { EventRedelivery, StartPurpose, WorkflowCallbacks, WorkflowStarter } from '../../shared/ports';

/** Resumes a waiting Step Functions execution. */
export class SfnCallbacks implements WorkflowCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: Record<string, unknown>) {
    await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }

  /** SendTaskFailure: the waiting state's Retry and Catch see `error` as if its task had thrown it. */
  async fail(taskToken: string, error: string, cause: string) {
    await this.client.send(new SendTaskFailureCommand({ taskToken, error: error.slice(0, 256), cause }));
  }
}

/**
 * The name of a re-run's (or the sweeper's) execution: unique (a Standard workflow refuses a name
 * it ran in the last 90 days), at most 80 characters of [A-Za-z0-9-_].
 */
export function rerunExecutionName(documentId: string, at = Date.now(), purpose: StartPurpose = 'rerun'): string {
  const id = documentId.replace(/[^A-Za-z0-9-_]/g, '').slice(0, 40);
  return `${purpose}-${id}-${at.toString(36)}-${randomUUID().slice(0, 8)}`;
}

/** The execution that replays a dead-lettered event: named by the event, so replaying it twice starts it once. */
export function replayExecutionName(eventId: string): string {
  return `replay-${eventId.replace(/[^A-Za-z0-9-_]/g, '').slice(0, 64)}`;
}

/**
 * Starts executions of the state machine (StartExecution): one that resumes a document, or one
 * with a dead-lettered event as its input, as the EventBridge rule would have started it.
 */
export class SfnStarter implements WorkflowStarter, EventRedelivery {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async resume(documentId: string, previousExecutionId: string | undefined, purpose: StartPurpose = 'rerun') {
    const input: ResumeRequest = { resume: { documentId, ...(previousExecutionId ? { previousExecutionId } : {}) } };
    await this.client.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: rerunExecutionName(documentId, Date.now(), purpose),
        input: JSON.stringify(input),
      }),
    );
  }

  async redeliver(eventId: string, event: unknown): Promise<boolean> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: replayExecutionName(eventId),
          input: JSON.stringify(event),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof Error && err.name === 'ExecutionAlreadyExists') return false;
      throw err;
    }
  }
}
