import { type App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { STEP_NAMES } from '../../functions/steps/names';
import { definitionFromTemplate } from '../../infra/local/asl';
import { GongkaiStack } from '../../infra/stack';
import { templateApp } from '../../infra/template-app';
import { TABLE_TTL_ATTRIBUTE } from '../../shared/storage-keys';

/** Builds the app without bundling: these tests look at the template, not the Lambda code. */
function build(configure?: (stack: GongkaiStack) => void) {
  const app = templateApp();
  const stack = new GongkaiStack(app, 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
  configure?.(stack);
  return { app, stack };
}

/** Synthesizes with cdk-nag's AwsSolutions pack and returns what it reported. */
function synthWithNag(app: App): { threw: boolean; report: string } {
  // Added before the first synth: Template.fromStack would synthesize (and cache) without it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let report = '';
  const log = console.error;
  console.error = (...args: unknown[]) => {
    report += `${args.join(' ')}\n`;
  };
  try {
    app.synth();
    return { threw: false, report };
  } catch (err) {
    return { threw: true, report: `${report}${String(err)}` };
  } finally {
    console.error = log;
  }
}

type Statement = { Action: string | string[]; Effect: string; Resource: unknown };

describe('the CDK stack', () => {
  let stack: GongkaiStack;
  let template: Template;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
  const statementsOf = (fnLogicalIdPrefix: string): Statement[] => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${fnLogicalIdPrefix}`) }] },
    });
    return Object.values(policies).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
  };
  const actionsOn = (statements: Statement[], resourceLogicalId: string) =>
    statements
      .filter((s) => JSON.stringify(s.Resource).includes(resourceLogicalId))
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

  beforeAll(() => {
    ({ stack } = build());
    template = Template.fromStack(stack);
  });

  it('renders the leader sign-off state exactly: waitForTaskToken, explicit timeout, escalation, failure path', () => {
    const { definition } = definitionFromTemplate(template.toJSON() as never, {
      [logicalId(stack.storage.intakeBucket)]: 'intake',
    });
    const openTaskFn = logicalId(stack.workflow.stepFunctions.openTask);
    // Retry is the steps' policy, pinned in test/infra/ops.test.ts.
    const { Retry, ...signOff } = definition.States['Leader sign-off'] ?? { Type: 'missing' };
    expect(Array.isArray(Retry), 'Retry is a list').toBe(true);
    expect(signOff).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${openTaskFn}`,
        Payload: {
          'documentId.$': '$.intake.documentId',
          kind: 'signoff',
          'taskToken.$': '$$.Task.Token',
          'executionId.$': '$$.Execution.Id',
        },
      },
      TimeoutSeconds: 7 * 24 * 60 * 60,
      ResultPath: '$.signoff',
      // Approved goes on; a rejection comes back as the task's failure Decided.reject (no Choice state).
      Next: 'Routing',
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.signoffTimeout', Next: 'Escalated sign-off' },
        { ErrorEquals: ['Decided.reject'], ResultPath: '$.decided', Next: 'Stopped by a decision' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Leader sign-off failed' },
      ],
    });
    expect(definition.States['Escalated sign-off']?.Parameters).toMatchObject({
      Payload: { kind: 'signoff', escalated: true },
    });
    expect(definition.States['Leader sign-off failed']).toEqual({
      Type: 'Pass',
      Result: 'Leader sign-off',
      ResultPath: '$.failedStep',
      Next: 'Record failure',
    });
    expect(definition.States['Record failure']?.Next).toBe('Failed');
    expect(definition.States.Failed?.Type).toBe('Fail');
  });

  it('Routing answers through its task token: on to Publication, or caught where its result leads (no Choice after it)', () => {
    const { definition } = definitionFromTemplate(template.toJSON() as never, {
      [logicalId(stack.storage.intakeBucket)]: 'intake',
    });
    const routeFn = logicalId(stack.workflow.stepFunctions.route);
    const { Retry, ...routing } = definition.States.Routing ?? { Type: 'missing' };
    expect(Array.isArray(Retry), 'Retry is a list').toBe(true);
    expect(routing).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${routeFn}`,
        Payload: {
          'documentId.$': '$.intake.documentId',
          'taskToken.$': '$$.Task.Token',
          'executionId.$': '$$.Execution.Id',
        },
      },
      TimeoutSeconds: 300,
      ResultPath: '$.route',
      Next: 'Publication',
      // The branches before the catch-all: Catchers are tried in order.
      Catch: [
        { ErrorEquals: ['Route.consultation'], ResultPath: '$.branched', Next: 'Consultation' },
        { ErrorEquals: ['Route.escalation'], ResultPath: '$.branched', Next: 'Escalation to the disclosure office' },
        { ErrorEquals: ['Route.approval'], ResultPath: '$.branched', Next: 'Competent department approval' },
        { ErrorEquals: ['Route.refused'], ResultPath: '$.branched', Next: 'Stopped by a decision' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Routing failed' },
      ],
    });
    // Each branch comes back to Routing, which answers from what it recorded.
    for (const branch of ['Consultation', 'Escalation to the disclosure office', 'Competent department approval']) {
      expect(definition.States[branch]?.Next, branch).toBe('Routing');
    }
    expect(Object.values(definition.States).filter((s) => s.Type === 'Choice')).toEqual([]);
  });

  it('the review answers through its task token: on to the sign-off, or caught where the document stands (no Choice after it)', () => {
    const { definition } = definitionFromTemplate(template.toJSON() as never, {
      [logicalId(stack.storage.intakeBucket)]: 'intake',
    });
    const reviewFn = logicalId(stack.workflow.stepFunctions.review);
    const { Retry, ...review } = definition.States['Confidentiality review'] ?? { Type: 'missing' };
    expect(Array.isArray(Retry), 'Retry is a list').toBe(true);
    const branch = (stage: string, next: string) => ({
      ErrorEquals: [`Stage.${stage}`],
      ResultPath: '$.branched',
      Next: next,
    });
    expect(review).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${reviewFn}`,
        Payload: {
          'documentId.$': '$.intake.documentId',
          'resumeAt.$': '$.intake.next',
          'taskToken.$': '$$.Task.Token',
          'executionId.$': '$$.Execution.Id',
        },
      },
      // The function's whole time: OCR of a long scan.
      TimeoutSeconds: 900,
      ResultPath: '$.review',
      Next: 'Leader sign-off',
      Catch: [
        branch('human-review', 'Pre-review decision'),
        // A resumed document goes where Intake found it; Routing answers from what it recorded.
        branch('route', 'Routing'),
        branch('approval', 'Routing'),
        branch('publish', 'Routing'),
        branch('done', 'Nothing to do'),
        branch('duplicate', 'Nothing to do'),
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Confidentiality review failed' },
      ],
    });
  });

  it('every Lambda task of the flow has a catch into the failure path', () => {
    const { definition, taskSteps } = definitionFromTemplate(template.toJSON() as never, {
      [logicalId(stack.storage.intakeBucket)]: 'intake',
    });
    for (const name of Object.keys(taskSteps)) {
      if (name === 'Record failure') continue;
      const catches = (definition.States[name]?.Catch ?? []) as Array<{ ErrorEquals: string[]; Next: string }>;
      expect(catches.find((c) => c.ErrorEquals.includes('States.ALL'))?.Next, name).toBe(`${name} failed`);
    }
  });

  it('is a Standard state machine with tracing and full logging without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  it('starts the flow from an EventBridge rule on "Object Created" in the intake bucket under uploads/', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: logicalId(stack.storage.intakeBucket) }] },
          object: { key: [{ prefix: 'uploads/' }] },
        },
      },
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { Ref: logicalId(stack.workflow.stateMachine) } })],
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(stack.storage.intakeBucket) },
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  it('grants least privilege: only the API answers tasks; only publication and corrections write public copies', () => {
    const machine = logicalId(stack.workflow.stateMachine);
    const apiActions = actionsOn(statementsOf('ApiHandlerServiceRole'), machine);
    // It answers tasks, and starts re-runs (重新处理) of this state machine only.
    expect(apiActions.sort()).toEqual([
      'states:SendTaskFailure',
      'states:SendTaskHeartbeat',
      'states:SendTaskSuccess',
      'states:StartExecution',
    ]);
    const starts = statementsOf('ApiHandlerServiceRole').filter((st) =>
      (Array.isArray(st.Action) ? st.Action : [st.Action]).includes('states:StartExecution'),
    );
    expect(starts.map((st) => st.Resource)).toEqual([{ Ref: machine }]);

    const publicBucket = logicalId(stack.storage.publicBucket);
    const intakeBucket = logicalId(stack.storage.intakeBucket);
    expect(actionsOn(statementsOf('WorkflowpublishFunctionServiceRole'), publicBucket)).toContain('s3:PutObject');
    expect(actionsOn(statementsOf('ApiHandlerServiceRole'), publicBucket).some((a) => a.startsWith('s3:Get'))).toBe(
      false,
    );
    for (const step of ['intake', 'review', 'openTask', 'route', 'recordFailure']) {
      expect(actionsOn(statementsOf(`Workflow${step}FunctionServiceRole`), publicBucket), step).toEqual([]);
      // The callback step hands on a decision that came before its retry (success, or the decision's
      // failure), nothing else.
      expect(actionsOn(statementsOf(`Workflow${step}FunctionServiceRole`), machine), step).toEqual(
        // The callback step hands on a decision; Routing and the review answer their own states.
        ['openTask', 'route', 'review'].includes(step) ? ['states:SendTaskSuccess', 'states:SendTaskFailure'] : [],
      );
    }
    for (const step of ['openTask', 'route', 'recordFailure']) {
      expect(actionsOn(statementsOf(`Workflow${step}FunctionServiceRole`), intakeBucket), step).toEqual([]);
    }
    // The API presigns uploads: put on the intake bucket, never delete; it reads the reviewers'
    // excerpts (excerpts/*) and nothing else of it.
    const apiStatements = statementsOf('ApiHandlerServiceRole');
    const apiOnIntake = actionsOn(apiStatements, intakeBucket);
    expect(apiOnIntake).toContain('s3:PutObject');
    expect(apiOnIntake.some((a) => a.startsWith('s3:Delete'))).toBe(false);
    const apiReads = apiStatements.filter(
      (s) =>
        JSON.stringify(s.Resource).includes(intakeBucket) &&
        (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) => a.startsWith('s3:Get')),
    );
    expect(apiReads.map((s) => s.Action)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(apiReads[0]?.Resource)).toContain('/excerpts/*');

    const everyStatement = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
    expect(
      everyStatement.filter((s) => s.Action === '*' || (Array.isArray(s.Action) && s.Action.includes('*'))),
    ).toEqual([]);
  });

  it('runs every function of ours on Node.js 22 with its step named for the local runtime', () => {
    type Fn = { Runtime: string; Environment: { Variables: Record<string, string> } };
    // Ours read the table; CDK's own helpers (bucket notifications, auto-delete, deployment) do not.
    const ours = Object.entries(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) } },
      }),
    ).map(([id, f]) => ({ id, ...(f as { Properties: Fn }).Properties }));
    const exposed = [...Object.values(stack.workflow.stepFunctions), stack.api.handler].map(logicalId);
    expect(ours.map((f) => f.id)).toEqual(expect.arrayContaining(exposed));

    for (const step of STEP_NAMES) {
      const bound = ours.filter((f) => f.Environment.Variables.GONGKAI_STEP === step).map((f) => f.id);
      expect(bound, step).toEqual([logicalId(stack.workflow.stepFunctions[step])]);
    }
    const api = ours.filter((f) => f.id === logicalId(stack.api.handler));
    expect(api).toHaveLength(1);
    expect(api[0]?.Environment.Variables.GONGKAI_STEP).toBeUndefined();
    // 重新处理 starts executions of the state machine.
    expect(api[0]?.Environment.Variables.STATE_MACHINE_ARN).toEqual({ Ref: logicalId(stack.workflow.stateMachine) });
    // The local runtime binds task states through GONGKAI_STEP: every value must be a known step.
    const steps = ours.flatMap((f) => f.Environment.Variables.GONGKAI_STEP ?? []);
    expect(steps.filter((step) => !(STEP_NAMES as readonly string[]).includes(step))).toEqual([]);

    for (const f of ours) expect(f.Runtime, f.id).toBe('nodejs22.x');
  });

  it('lets a browser on another origin send the headers the dashboard sends (CORS preflight)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowHeaders: ['authorization', 'content-type', 'idempotency-key'] }),
    });
  });

  it('names no physical resources, so a second deployment of the stack can coexist', () => {
    const named = [
      'AWS::S3::Bucket',
      'AWS::DynamoDB::Table',
      'AWS::StepFunctions::StateMachine',
      'AWS::Lambda::Function',
    ].flatMap((type) =>
      Object.entries(template.findResources(type))
        .filter(([, r]) => {
          const p = (r as { Properties?: Record<string, unknown> }).Properties ?? {};
          return p.BucketName || p.TableName || p.StateMachineName || p.FunctionName;
        })
        .map(([id]) => id),
    );
    expect(named).toEqual([]);
  });

  it('keeps documents: versioned, encrypted, private buckets; a retained table with point-in-time recovery', () => {
    for (const bucket of [stack.storage.intakeBucket, stack.storage.publicBucket]) {
      const resource = template.toJSON().Resources[logicalId(bucket)];
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
    }
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    });
  });

  it('lets DynamoDB delete what is kept only for a while (READ-5(6) salts and visit markers): TTL on expiresAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TABLE_TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('keeps the daily audit digests append-only: Object Lock in compliance mode, versioned, encrypted, TLS, logged', () => {
    const bucket = logicalId(stack.storage.auditDigestsBucket);
    const resource = template.toJSON().Resources[bucket];
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties).toEqual({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(stack.storage.accessLogsBucket) },
        LogFilePrefix: 'audit-digests/',
      },
    });
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Resource: objects,
            Condition: { Null: { 's3:if-none-match': 'true' } },
          },
        ],
        Version: '2012-10-17',
      },
    });
  });

  it('writes the digest daily at 00:05 Beijing from a function that reads the table and only puts digests', () => {
    const fn = logicalId(stack.auditDigest.handler);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(5 16 * * ? *)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
    const fnProps = template.toJSON().Resources[fn].Properties;
    expect(fnProps.Environment.Variables).toEqual({
      TABLE_NAME: { Ref: logicalId(stack.storage.table) },
      DIGEST_BUCKET: { Ref: logicalId(stack.storage.auditDigestsBucket) },
    });
    const statements = statementsOf('AuditDigestFunctionServiceRole');
    const table = logicalId(stack.storage.table);
    expect(actionsOn(statements, table).every((a) => !/Put|Update|Delete|Write/.test(a))).toBe(true);
    expect(actionsOn(statements, table)).toContain('dynamodb:Query');
    const digests = logicalId(stack.storage.auditDigestsBucket);
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes(digests))).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [digests, 'Arn'] }, '/digests/*']] },
      },
    ]);
    // Nothing else of ours may write to the digest bucket.
    for (const role of ['ApiHandlerServiceRole', ...STEP_NAMES.map((s) => `Workflow${s}FunctionServiceRole`)]) {
      expect(actionsOn(statementsOf(role), digests), role).toEqual([]);
    }
  });

  it('passes cdk-nag AwsSolutions with only the acknowledged findings', () => {
    const result = synthWithNag(build().app);
    expect(result.report).not.toMatch(/AwsSolutions-/);
    expect(result.threw).toBe(false);
  });

  it('fails cdk-nag when someone adds an unacknowledged wildcard grant', () => {
    const { app } = build((s) => {
      const extra = new LambdaFunction(s, 'Careless', {
        runtime: Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: Code.fromInline('exports.handler = async () => {}'),
      });
      new Bucket(s, 'Scratch', { enforceSSL: true, serverAccessLogsBucket: s.storage.accessLogsBucket }).grantReadWrite(
        extra,
      );
    });
    const result = synthWithNag(app);
    expect(result.threw).toBe(true);
    expect(result.report).toMatch(/AwsSolutions-IAM5\[Resource::<Scratch[0-9A-F]+\.Arn>\/\*\]/);
  });
});
