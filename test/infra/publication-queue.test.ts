import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { definitionFromTemplate } from '../../infra/local/asl';
import { GongkaiStack } from '../../infra/stack';
import { templateApp } from '../../infra/template-app';

/**
 * Issue 13: the Publication state sends its document to a FIFO queue, grouped by publisher, and
 * waits for the publish function's answer — asserted on the synthesized template, and on what the
 * local twin reads of it.
 */
let stack: GongkaiStack;
let template: Template;
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
const statementsOfRole = (roleLogicalIdPrefix: string): Statement[] =>
  Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${roleLogicalIdPrefix}`) }] },
    }),
  ).flatMap(
    (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
const actionsOn = (statements: Statement[], logicalId: string) =>
  statements
    .filter((s) => JSON.stringify(s.Resource).includes(logicalId))
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort();

beforeAll(() => {
  const app = templateApp();
  stack = new GongkaiStack(app, 'Burst', { env: { account: '111111111111', region: 'us-east-1' } });
  template = Template.fromStack(stack);
});

describe('the publication queue', () => {
  it('is FIFO with content-based deduplication, encrypted, TLS only, with a FIFO dead-letter queue after 5 deliveries', () => {
    const { queue, deadLetterQueue } = stack.workflow.publication;
    expect(template.toJSON().Resources[id(queue)].Properties).toEqual({
      FifoQueue: true,
      ContentBasedDeduplication: true,
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [id(deadLetterQueue), 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(template.toJSON().Resources[id(deadLetterQueue)].Properties).toMatchObject({
      FifoQueue: true,
      SqsManagedSseEnabled: true,
    });
    for (const q of [queue, deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id(q) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('is consumed by the publish function only, ten messages of a group at a time, reporting failed items', () => {
    const publish = id(stack.workflow.stepFunctions.publish);
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { EventSourceArn: { 'Fn::GetAtt': [id(stack.workflow.publication.queue), 'Arn'] } },
    });
    expect(Object.values(mappings).map((m) => (m as { Properties: unknown }).Properties)).toEqual([
      {
        EventSourceArn: { 'Fn::GetAtt': [id(stack.workflow.publication.queue), 'Arn'] },
        FunctionName: { Ref: publish },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    ]);
  });

  it('grants least privilege: the state machine only sends; the publish function consumes and answers task tokens only', () => {
    const queue = id(stack.workflow.publication.queue);
    const machine = id(stack.workflow.stateMachine);
    expect(actionsOn(statementsOfRole('WorkflowStateMachineRole'), queue)).toEqual(['sqs:SendMessage']);
    expect(actionsOn(statementsOfRole('WorkflowpublishFunctionServiceRole'), queue)).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    expect(actionsOn(statementsOfRole('WorkflowpublishFunctionServiceRole'), machine)).toEqual([
      'states:SendTaskFailure',
      'states:SendTaskSuccess',
    ]);
    // Nobody else may send to it or take from it.
    for (const step of ['intake', 'review', 'openTask', 'route', 'recordFailure']) {
      expect(actionsOn(statementsOfRole(`Workflow${step}FunctionServiceRole`), queue), step).toEqual([]);
    }
    expect(actionsOn(statementsOfRole('ApiHandlerServiceRole'), queue)).toEqual([]);
  });

  it('the Publication state: sendMessage.waitForTaskToken to the publisher’s message group, retried and caught as every step', () => {
    const { definition, taskSteps, queueTasks } = definitionFromTemplate(template.toJSON() as never, {
      [id(stack.storage.intakeBucket)]: 'intake',
    });
    const { Retry, Catch, ...state } = definition.States.Publication as Record<string, unknown>;
    expect(state).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        QueueUrl: expect.stringContaining(id(stack.workflow.publication.queue)),
        MessageBody: {
          'documentId.$': '$.intake.documentId',
          'taskToken.$': '$$.Task.Token',
          'executionId.$': '$$.Execution.Id',
        },
        'MessageGroupId.$': '$.route.publisher',
      },
      ResultPath: '$.publication',
      TimeoutSeconds: 900,
      // The flow's last state: its success is the execution's.
      End: true,
    });
    expect(Array.isArray(Retry)).toBe(true);
    expect(Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Publication failed' }]);
    // Every way into Publication has gone through Routing, which sets $.route.publisher.
    const resume = definition.States['Confidentiality review'] as unknown as {
      Catch: Array<{ ErrorEquals: string[]; Next: string }>;
    };
    for (const at of ['approval', 'publish']) {
      expect(resume.Catch.find((c) => c.ErrorEquals.includes(`Stage.${at}`))?.Next, at).toBe('Routing');
    }
    expect(
      Object.entries(definition.States)
        .filter(([, s]) => s.Next === 'Publication')
        .map(([name]) => name),
    ).toEqual(['Routing']);
    // The local twin runs the publish step behind the same queue, as the template configures it.
    expect(taskSteps.Publication).toBe('publish');
    expect(queueTasks.Publication).toEqual({
      queue: id(stack.workflow.publication.queue),
      fifo: true,
      contentBasedDeduplication: true,
      step: 'publish',
      batchSize: 10,
      reportBatchItemFailures: true,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
    });
  });
});
