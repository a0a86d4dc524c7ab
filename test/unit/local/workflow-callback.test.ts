import { describe, expect, it } from 'vitest';
import type { StepHandler } from '../../../functions/steps';
import type { StepName } from '../../../functions/steps/names';
import type { LocalDefinition } from '../../../infra/local/asl';
import { LocalWorkflow } from '../../../infra/local/workflow';

/**
 * A step that answers its own state (Routing, the review: lambda:invoke.waitForTaskToken), as CDK
 * renders it: on to Next, or a branch its Catch takes; transient errors retried.
 */
const definition = {
  definition: {
    StartAt: 'Routing',
    States: {
      Routing: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:route',
          Payload: { 'documentId.$': '$.documentId', 'taskToken.$': '$$.Task.Token' },
        },
        ResultPath: '$.route',
        Retry: [
          { ErrorEquals: ['Route.approval'], MaxAttempts: 0 },
          { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3, JitterStrategy: 'FULL' },
        ],
        Catch: [
          { ErrorEquals: ['Route.approval'], ResultPath: '$.branched', Next: 'Approval' },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' },
        ],
        Next: 'Published',
      },
      Approval: { Type: 'Succeed' },
      Published: { Type: 'Succeed' },
      Failed: { Type: 'Fail', Error: 'DocumentFailed' },
    },
  },
  taskSteps: { Routing: 'route' },
  queueTasks: {},
  stepMemoryMb: {},
  startPattern: {},
  eventHandlerPatterns: {},
} as unknown as LocalDefinition;

type Answer = (workflow: LocalWorkflow, token: string, attempt: number) => Promise<void>;

async function run(answer: Answer) {
  let attempts = 0;
  let workflow: LocalWorkflow | undefined;
  const route: StepHandler = async (event) => {
    const { taskToken } = event as { taskToken: string };
    attempts++;
    await answer(workflow as LocalWorkflow, taskToken, attempts);
    return {};
  };
  const unused: StepHandler = async () => {
    throw new Error('not part of this flow');
  };
  const handlers = Object.fromEntries(
    (['intake', 'review', 'openTask', 'route', 'publish', 'recordFailure'] as StepName[]).map((s) => [
      s,
      s === 'route' ? route : unused,
    ]),
  ) as Record<StepName, StepHandler>;
  workflow = new LocalWorkflow(definition, handlers);
  workflow.start('one', { documentId: 'doc-1' });
  await workflow.settled(30_000);
  const record = workflow.executions.get('one');
  return { status: record?.status, output: record?.output as Record<string, unknown> | undefined, attempts };
}

const lost = () => Object.assign(new Error('the invocation’s answer was lost'), { name: 'Sandbox.Timedout' });

describe('the local engine’s lambda:invoke.waitForTaskToken for a step that answers its own state', () => {
  it('goes on with the answer, and into the branch a failure answer names', async () => {
    expect(await run((w, t) => w.succeed(t, { publisher: 'edu', next: 'publish' }))).toMatchObject({
      status: 'SUCCEEDED',
      output: { route: { publisher: 'edu', next: 'publish' } },
      attempts: 1,
    });
    const branched = await run((w, t) => w.fail(t, 'Route.approval', '{"next":"approval"}'));
    expect(branched).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(branched.output?.branched).toMatchObject({ Error: 'Route.approval' });
  });

  it('a step that answered and then failed keeps its answer: no retry, no unhandled rejection, as on AWS', async () => {
    const onward = await run(async (w, t) => {
      await w.succeed(t, { next: 'publish' });
      throw lost();
    });
    expect(onward).toMatchObject({ status: 'SUCCEEDED', output: { route: { next: 'publish' } }, attempts: 1 });
    const branched = await run(async (w, t) => {
      await w.fail(t, 'Route.approval', '{"next":"approval"}');
      throw lost();
    });
    expect(branched).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(branched.output?.branched).toMatchObject({ Error: 'Route.approval' });
  });

  it('a step that failed before it answered is retried, and its retry’s answer is the one taken', async () => {
    const retried = await run(async (w, t, attempt) => {
      if (attempt === 1) throw lost();
      await w.succeed(t, { next: 'publish', attempt });
    });
    expect(retried).toMatchObject({ status: 'SUCCEEDED', output: { route: { next: 'publish', attempt: 2 } } });
  });
});
