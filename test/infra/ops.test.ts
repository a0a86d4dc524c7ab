import { readFileSync } from 'node:fs';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { withStepErrorNames } from '../../functions/steps/errors';
import { DOMAIN_ERRORS } from '../../infra/constructs/retries';
import { definitionFromTemplate } from '../../infra/local/asl';
import { fromRoot } from '../../infra/paths';
import { GongkaiStack } from '../../infra/stack';
import { templateApp } from '../../infra/template-app';
import { ConflictError, UnavailableError, ValidationError } from '../../shared/model/errors';
import { ROUTE_ERRORS } from '../../shared/model/route';
import { DECISION_ERRORS } from '../../shared/model/task';
import { STAGE_ERRORS } from '../../shared/pipeline/stage';

/**
 * What ops run on (issue 11), asserted by their exact properties on one synthesized template: the
 * steps' retries, the dead-letter queue of the rule that starts the flow, the sweeper and the
 * daily deadline check, the alarms to one SNS topic, and the dashboard.
 */

const OPS_EMAIL = 'ops@district.example.gov.cn';

let stack: GongkaiStack;
const alarmsOf = () => {
  if (!stack.alarms) throw new Error('the stack was built without its alarms');
  return stack.alarms;
};
let template: Template;
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

beforeAll(() => {
  const app = templateApp();
  stack = new GongkaiStack(app, 'Ops', { env: { account: '111111111111', region: 'us-east-1' }, opsEmail: OPS_EMAIL });
  // Template.fromStack also refuses a template with a dependency cycle (the callback step may answer
  // the state machine that invokes it only through a policy of its own: workflow.ts).
  template = Template.fromStack(stack);
});

type State = { Type: string; Resource?: string; Parameters?: Record<string, unknown>; Retry?: unknown };

describe('step retries: transient errors with backoff and jitter, never a domain decision', () => {
  const neverRetried = [...DOMAIN_ERRORS, 'ZodError'];
  const transient = {
    ErrorEquals: ['States.ALL'],
    IntervalSeconds: 1,
    BackoffRate: 2,
    MaxAttempts: 5,
    MaxDelaySeconds: 30,
    JitterStrategy: 'FULL',
  };

  it('every Lambda task: domain errors not retried, then everything else 5 times (Record failure 10)', () => {
    const { definition, taskSteps } = definitionFromTemplate(template.toJSON() as never, {
      [id(stack.storage.intakeBucket)]: 'intake',
    });
    expect(Object.keys(taskSteps).length).toBeGreaterThanOrEqual(11);
    for (const name of Object.keys(taskSteps)) {
      const state = definition.States[name] as State;
      // A person's task times out by decision; the Publication queue's wait is retried like any step.
      const callback = String(state.Resource).endsWith('lambda:invoke.waitForTaskToken');
      const answersItself = { Routing: ROUTE_ERRORS, 'Confidentiality review': STAGE_ERRORS }[name];
      const human = callback && !answersItself;
      const queued = String(state.Resource).startsWith('arn:aws:states:::sqs:sendMessage');
      // …nor a decision handed on as the task's failure (Decided.reject …), nor where Routing sends
      // a document (Route.approval, Stage.human-review …): the state's Catch takes those.
      const answers = human ? ['States.Timeout', ...DECISION_ERRORS] : (answersItself ?? []);
      expect(state.Retry, name).toEqual([
        { ErrorEquals: [...neverRetried, ...answers], MaxAttempts: 0 },
        { ...transient, MaxAttempts: name === 'Record failure' ? 10 : 5 },
      ]);
      // Every step's logs name the execution.
      const payload = (
        callback ? state.Parameters?.Payload : queued ? state.Parameters?.MessageBody : state.Parameters
      ) as Record<string, unknown>;
      expect(payload['executionId.$'], name).toBe('$$.Execution.Id');
    }
  });

  it('a domain error of any class reaches the state machine by a name it does not retry; UnavailableError is retried', async () => {
    class NewConflictError extends ConflictError {}
    class LaterUnavailableError extends UnavailableError {}
    const names = await Promise.all(
      [new NewConflictError('x'), new LaterUnavailableError('x'), new ValidationError('x'), new Error('x')].map((err) =>
        withStepErrorNames(async () => {
          throw err;
        })({}).catch((e: Error) => e.name),
      ),
    );
    expect(names).toEqual(['ConflictError', 'UnavailableError', 'ValidationError', 'Error']);
    expect(DOMAIN_ERRORS).toContain('ConflictError');
    expect(DOMAIN_ERRORS).not.toContain('UnavailableError');
  });
});

describe('nothing lost between S3 and Step Functions', () => {
  it('the rule that starts the flow retries for two hours, then keeps the event in an encrypted SQS queue', () => {
    const queue = id(stack.workflow.deadLetterQueue);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['Object Created'] }),
      Targets: [
        Match.objectLike({
          Arn: { Ref: id(stack.workflow.stateMachine) },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
    expect(template.toJSON().Resources[queue].Properties).toEqual({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('the sweeper runs every five minutes on registrations older than five minutes, and may only read and start', () => {
    const fn = id(stack.opsJobs.sweeper);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
    const props = template.toJSON().Resources[fn].Properties;
    expect(props.Environment.Variables).toMatchObject({
      STATE_MACHINE_ARN: { Ref: id(stack.workflow.stateMachine) },
      SWEEP_AFTER_SECONDS: '300',
      TABLE_NAME: { Ref: id(stack.storage.table) },
      INTAKE_BUCKET: { Ref: id(stack.storage.intakeBucket) },
    });
    const actions = statementsOf(props.Role['Fn::GetAtt'][0]).flatMap((s) => [s.Action].flat());
    expect(actions).toContain('states:StartExecution');
    expect(actions).toContain('s3:GetObject*');
    expect(
      actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a) || /^s3:(Put|Delete)/.test(a)),
    ).toEqual([]);
  });

  it('the deadline check runs daily at 09:00 Beijing and only reads the table', () => {
    const fn = id(stack.opsJobs.deadlineCheck);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 1 * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })],
    });
    const role = template.toJSON().Resources[fn].Properties.Role['Fn::GetAtt'][0];
    const actions = statementsOf(role).flatMap((s) => [s.Action].flat());
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a) => !/^dynamodb:(BatchGet|Get|Query|Scan|ConditionCheck|Describe)/.test(a))).toEqual([]);
  });
});

function statementsOf(roleLogicalId: string): Array<{ Action: string | string[] }> {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleLogicalId }] } });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[] }> } } }).Properties
        .PolicyDocument.Statement,
  );
}

describe('alarms, to one encrypted SNS topic the ops e-mail is subscribed to', () => {
  const alarm = (name: string) => id(alarmsOf().alarms[name] as never);
  const common = () => {
    const topic = { Ref: id(alarmsOf().topic) };
    return {
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    };
  };
  const props = (name: string) => template.toJSON().Resources[alarm(name)].Properties;

  it('the topic: KMS key with rotation that CloudWatch may use, TLS only, and the e-mail subscription', () => {
    const key = id(alarmsOf().node.findChild('TopicKey') as never);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: OPS_EMAIL,
      TopicArn: { Ref: id(alarmsOf().topic) },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });

  it('executions failed or timed out: any in five minutes', () => {
    for (const [name, metric] of [
      ['ExecutionsFailed', 'ExecutionsFailed'],
      ['ExecutionsTimedOut', 'ExecutionsTimedOut'],
    ]) {
      expect(props(name as string)).toMatchObject({
        ...common(),
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: id(stack.workflow.stateMachine) } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
    }
  });

  it('every function of the stack: errors and throttles, any in five minutes', () => {
    const functions = {
      Intake: stack.workflow.stepFunctions.intake,
      Review: stack.workflow.stepFunctions.review,
      OpenTask: stack.workflow.stepFunctions.openTask,
      Route: stack.workflow.stepFunctions.route,
      Publish: stack.workflow.stepFunctions.publish,
      RecordFailure: stack.workflow.stepFunctions.recordFailure,
      Api: stack.api.handler,
      AuditDigest: stack.auditDigest.handler,
      Sweeper: stack.opsJobs.sweeper,
      DeadlineCheck: stack.opsJobs.deadlineCheck,
      BatchImport: stack.batchImport.handler,
    };
    for (const [name, fn] of Object.entries(functions)) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(props(`${name}${metric}`), `${name}${metric}`).toMatchObject({
          ...common(),
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(fn) } }],
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
        });
      }
    }
    // Every function of ours (they read the table) has its two alarms.
    const ours = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) } },
      }),
    );
    expect(ours.sort()).toEqual(Object.values(functions).map(id).sort());
  });

  it('a dead-letter queue not empty: the flow’s, the batch importer’s and the publication queue’s', () => {
    for (const [name, queue] of [
      ['StartDeadLetters', stack.workflow.deadLetterQueue],
      ['BatchImportDeadLetters', stack.batchImport.deadLetterQueue],
      ['PublicationDeadLetters', stack.workflow.publication.deadLetterQueue],
    ] as const) {
      expect(props(name), name).toMatchObject({
        ...common(),
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(queue), 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
      });
    }
  });

  it('the API answering 5xx to 5% of its requests (once there are 20 in five minutes)', () => {
    const api = { Name: 'ApiId', Value: { Ref: id(stack.api.httpApi) } };
    expect(props('Api5xxRate')).toMatchObject({
      ...common(),
      Threshold: 5,
      Metrics: [
        {
          Id: 'expr_1',
          Expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
          Label: 'API 5xx (% of requests)',
        },
        {
          Id: 'errors',
          MetricStat: {
            Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [api] },
            Period: 300,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        {
          Id: 'requests',
          MetricStat: {
            Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [api] },
            Period: 300,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
      ],
    });
  });

  it('documents overdue and human tasks past due: the daily check’s counts, any at all', () => {
    for (const [name, metric] of [
      ['DocumentsOverdue', 'DocumentsOverdue'],
      ['HumanTasksPastDue', 'HumanTasksPastDue'],
    ]) {
      expect(props(name as string)).toMatchObject({
        ...common(),
        Namespace: 'Gongkai',
        MetricName: metric,
        Dimensions: [{ Name: 'service', Value: 'gongkai' }],
        Statistic: 'Maximum',
        Period: 86400,
        Threshold: 1,
      });
    }
  });

  it('the list is what docs/operations.md explains, alarm by alarm', () => {
    const names = Object.keys(alarmsOf().alarms);
    // Executions failed and timed out; errors and throttles of 12 functions (the API's scan function too); 3
    // dead-letter queues (the flow's, the batch importer's, the publication queue's); API 5xx; the daily two.
    expect(names).toHaveLength(2 + 2 * 12 + 3 + 1 + 2);
    const runbook = readFileSync(fromRoot('docs/operations.md'), 'utf8');
    for (const name of names) expect(runbook, name).toContain(`\`${name}\``);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(names.length);
  });

  it('the dashboard shows every alarm and the pipeline’s own figures', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]);
    for (const name of Object.keys(alarmsOf().alarms)) expect(body, name).toContain(alarm(name));
    for (const metric of [
      'DocumentsReceived',
      'DocumentsPublished',
      'DocumentsFailed',
      'DocumentsReturned',
      'Findings',
      'PublicationWorkingDays',
      'DocumentsOverdue',
      'HumanTasksPastDue',
      'OldestHumanTaskAgeHours',
      'DocumentsSwept',
    ]) {
      expect(body, metric).toContain(`\\"${metric}\\"`);
    }
  });

  it('outputs what `gongkai ops` reads a deployment by', () => {
    const outputs = template.toJSON().Outputs;
    expect(outputs.StateMachineArn.Value).toEqual({ Ref: id(stack.workflow.stateMachine) });
    expect(outputs.IntakeBucketName.Value).toEqual({ Ref: id(stack.storage.intakeBucket) });
    expect(outputs.DeadLetterQueueUrl.Value).toEqual({ Ref: id(stack.workflow.deadLetterQueue) });
    expect(outputs.AlarmTopicArn.Value).toEqual({ Ref: id(alarmsOf().topic) });
  });

  it('fails when the ops e-mail is not an address, saying how to give one', () => {
    const app = templateApp();
    expect(() => new GongkaiStack(app, 'Bad', { opsEmail: 'ops at district' })).toThrow(
      /opsEmail "ops at district" is not an e-mail address \(e\.g\. -c opsEmail=/,
    );
  });
});
