import { randomUUID } from 'node:crypto';
import { SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ResumeRequest } from '../../shared/pipeline/events';
import type { WorkflowCallbacks, WorkflowStarter } from '../../shared/ports';

/** Resumes a waiting Step Functions execution. */
export class SfnCallbacks implements WorkflowCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: Record<string, unknown>) {
    await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }
}

/**
 * The name of a re-run's execution: unique (a Standard workflow refuses a name it ran in the last
 * 90 days), at most 80 characters of [A-Za-z0-9-_].
 */
export function rerunExecutionName(documentId: string, at = Date.now()): string {
  const id = documentId.replace(/[^A-Za-z0-9-_]/g, '').slice(0, 40);
  return `rerun-${id}-${at.toString(36)}-${randomUUID().slice(0, 8)}`;
}

/** Starts an execution of the state machine that resumes a document (StartExecution). */
export class SfnStarter implements WorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async resume(documentId: string, previousExecutionId: string | undefined) {
    const input: ResumeRequest = { resume: { documentId, ...(previousExecutionId ? { previousExecutionId } : {}) } };
    await this.client.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: rerunExecutionName(documentId),
        input: JSON.stringify(input),
      }),
    );
  }
}
