import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowCallbacks } from '../../shared/ports';

/** Resumes a waiting Step Functions execution. */
export class SfnCallbacks implements WorkflowCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: Record<string, unknown>) {
    await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }
}
