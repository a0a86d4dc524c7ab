import { type CfnElement, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { definitionFromTemplate } from '../../infra/local/asl';
import { matchesPattern } from '../../infra/local/events';
import { GongkaiStack } from '../../infra/stack';
import { templateApp } from '../../infra/template-app';

/** The stack with two agencies' drop policies, without bundling (the template is what is tested). */
function build() {
  const app = templateApp();
  const stack = new GongkaiStack(app, 'Test', {
    env: { account: '111111111111', region: 'us-east-1' },
    dropAgencies: ['edu', 'health'],
  });
  return { app, stack };
}

type Statement = { Action: string | string[]; Effect: string; Resource: unknown; Condition?: unknown };
const arnJoin = (bucket: string, key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, key]] });

describe('the batch importer (infra/constructs/batch-import.ts)', () => {
  let stack: GongkaiStack;
  let template: Template;
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);

  beforeAll(() => {
    ({ stack } = build());
    template = Template.fromStack(stack);
  });

  it('runs on Object Created in drop folders, not on a registered document’s upload', () => {
    const local = definitionFromTemplate(template.toJSON() as never, { [id(stack.storage.intakeBucket)]: 'intake' });
    const pattern = local.eventHandlerPatterns.batchImport;
    expect(pattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: ['intake'] },
        object: { key: [{ prefix: 'batches/' }, { wildcard: 'uploads/*/*/*' }] },
      },
    });
    const event = (key: string) => ({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: 'intake' }, object: { key } },
    });
    const keys = [
      'batches/edu/b1/manifest.csv',
      'uploads/edu/b1/通知.docx',
      'uploads/4f6c0e7a-0000-4000-8000-000000000000',
    ];
    expect(keys.map((k) => matchesPattern(event(k), pattern as never))).toEqual([true, true, false]);
    expect(keys.map((k) => matchesPattern(event(k), local.startPattern))).toEqual([false, true, true]);
  });

  it('is started by its rule with retries and a dead-letter queue, two at a time at most, at the configured rate', () => {
    const fn = id(stack.batchImport.handler);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fn, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(stack.batchImport.deadLetterQueue), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 },
        }),
      ],
    });
    const props = template.toJSON().Resources[fn].Properties;
    expect(props.ReservedConcurrentExecutions).toBe(2);
    expect(props.Timeout).toBe(900);
    expect(props.Environment.Variables).toMatchObject({
      BATCH_STARTS_PER_SECOND: '10',
      GONGKAI_EVENT_HANDLER: 'batchImport',
    });
  });

  it('may read drops, put upload keys and reports, and nothing else of the intake bucket', () => {
    const intake = id(stack.storage.intakeBucket);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^BatchImportFunctionServiceRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
    const onIntake = statements.filter((s) => JSON.stringify(s.Resource).includes(intake));
    const writes = onIntake.filter((s) => [s.Action].flat().some((a) => /Put|Delete|Abort/.test(a)));
    expect(writes.flatMap((s) => [s.Resource].flat())).toEqual([
      arnJoin(intake, '/uploads/*'),
      arnJoin(intake, '/batches/*/report.json'),
    ]);
    expect(writes.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
    const reads = onIntake.filter((s) => [s.Action].flat().includes('s3:GetObject*'));
    expect(
      reads.flatMap((s) => [s.Resource].flat()).filter((r) => typeof r !== 'object' || 'Fn::Join' in (r as object)),
    ).toEqual([arnJoin(intake, '/batches/*'), arnJoin(intake, '/uploads/*/*/*')]);
    // Nothing on the public bucket: it is only named in the environment.
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes(id(stack.storage.publicBucket)))).toEqual([]);
  });

  it('gives each agency a drop policy for its own prefixes only', () => {
    const intake = id(stack.storage.intakeBucket);
    const edu = template.toJSON().Resources[id(stack.batchImport.dropPolicies.edu as never)].Properties;
    expect(edu.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: [arnJoin(intake, '/batches/edu/*'), arnJoin(intake, '/uploads/edu/*')],
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [intake, 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['batches/edu/*', 'uploads/edu/*'] } },
      },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: arnJoin(intake, '/batches/edu/*/report.json') },
    ]);
    expect(Object.keys(stack.batchImport.dropPolicies)).toEqual(['edu', 'health']);
  });

  it('fails when a drop agency is not an id', () => {
    const app = templateApp();
    expect(() => new GongkaiStack(app, 'Bad', { dropAgencies: ['edu/../health'] })).toThrow(
      'dropAgencies: "edu/../health" is not an agency id',
    );
  });

  it('passes cdk-nag AwsSolutions with the drop policies, each wildcard acknowledged', () => {
    const { app } = build();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let report = '';
    const log = console.error;
    console.error = (...args: unknown[]) => {
      report += `${args.join(' ')}\n`;
    };
    try {
      app.synth();
    } finally {
      console.error = log;
    }
    expect(report).not.toMatch(/AwsSolutions-/);
  });
});
