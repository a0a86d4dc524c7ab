import { describe, expect, it } from 'vitest';
import type { StepHandler } from '../../../functions/steps';
import type { StepName } from '../../../functions/steps/names';
import type { LocalDefinition } from '../../../infra/local/asl';
import { localQueueUrl } from '../../../infra/local/asl-queues';
import { LocalWorkflow } from '../../../infra/local/workflow';

/** One Publication state as CDK renders it, retried on any error, bound to its FIFO queue. */
const definition: LocalDefinition = {
  definition: {
    StartAt: 'Publication',
    States: {
      Publication: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: {
          QueueUrl: localQueueUrl('PublicationQueue'),
          MessageBody: {
            'documentId.$': '$.documentId',
            'taskToken.$': '$$.Task.Token',
            'executionId.$': '$$.Execution.Id',
          },
          'MessageGroupId.$': '$.publisher',
        },
        ResultPath: '$.publication',
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3, JitterStrategy: 'FULL' }],
        End: true,
      },
    },
  },
  taskSteps: { Publication: 'publish' },
  queueTasks: {
    Publication: {
      queue: 'PublicationQueue',
      fifo: true,
      contentBasedDeduplication: true,
      step: 'publish',
      batchSize: 10,
      reportBatchItemFailures: true,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
    },
  },
  stepMemoryMb: {},
  startPattern: {},
  eventHandlerPatterns: {},
} as unknown as LocalDefinition;

const unused: StepHandler = async () => {
  throw new Error('not part of this flow');
};

describe('the local engine’s sendMessage.waitForTaskToken (the Publication state)', () => {
  it('a retried attempt sends a message of its own (not dropped as a duplicate) and is answered', async () => {
    const calls: Array<{ documentId: string }[]> = [];
    const publish: StepHandler = async (event) => {
      const { documents } = event as { documents: Array<{ documentId: string }> };
      calls.push(documents);
      // The first try fails as a Lambda that timed out; the retry publishes.
      if (calls.length === 1) throw Object.assign(new Error('timed out'), { name: 'Sandbox.Timedout' });
      return { outcomes: documents.map(() => ({ ok: true, output: { indexNumber: '0201-02-2026-000001' } })) };
    };
    const handlers = Object.fromEntries(
      (['intake', 'review', 'openTask', 'route', 'publish', 'recordFailure'] as StepName[]).map((s) => [
        s,
        s === 'publish' ? publish : unused,
      ]),
    ) as Record<StepName, StepHandler>;
    const workflow = new LocalWorkflow(definition, handlers);
    expect(workflow.start('one', { documentId: 'doc-1', publisher: 'edu' })).toBe(true);
    await workflow.settled(30_000);
    const record = workflow.executions.get('one');
    expect(record?.status).toBe('SUCCEEDED');
    expect(record?.output).toEqual({
      documentId: 'doc-1',
      publisher: 'edu',
      publication: { indexNumber: '0201-02-2026-000001' },
    });
    expect(calls).toEqual([[{ documentId: 'doc-1' }], [{ documentId: 'doc-1' }]]);
    // A late answer to an attempt that ended is refused, as Step Functions refuses a stale token.
    await expect(workflow.succeed('local-task-token:one#0', {})).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await workflow.stop();
  });
});
