import { CfnOutput, type Duration, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { AuditDigest } from './constructs/audit';
import { DashboardHosting } from './constructs/hosting';
import { Storage } from './constructs/storage';
import { Workflow } from './constructs/workflow';
import { acknowledgeNagFindings } from './nag';
import { fromRoot } from './paths';

export interface GongkaiStackProps extends StackProps {
  /** @default RemovalPolicy.RETAIN for data */
  readonly dataRemovalPolicy?: RemovalPolicy;
  /**
   * How long a leader has before a sign-off is escalated.
   * @default Duration.days(7)
   */
  readonly signOffTimeout?: Duration;
  /**
   * How long each daily audit digest stays locked (Object Lock, compliance mode).
   * @default Duration.days(3650)
   */
  readonly auditDigestRetention?: Duration;
}

export class GongkaiStack extends Stack {
  readonly storage: Storage;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly hosting: DashboardHosting;
  readonly auditDigest: AuditDigest;

  constructor(scope: Construct, id: string, props: GongkaiStackProps = {}) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage', {
      removalPolicy: props.dataRemovalPolicy,
      ...(props.auditDigestRetention ? { auditDigestRetention: props.auditDigestRetention } : {}),
    });
    this.workflow = new Workflow(this, 'Workflow', {
      table: this.storage.table,
      intakeBucket: this.storage.intakeBucket,
      publicBucket: this.storage.publicBucket,
      ...(props.signOffTimeout ? { signOffTimeout: props.signOffTimeout } : {}),
    });
    this.api = new Api(this, 'Api', {
      table: this.storage.table,
      intakeBucket: this.storage.intakeBucket,
      publicBucket: this.storage.publicBucket,
      stateMachine: this.workflow.stateMachine,
    });
    const hosting = new DashboardHosting(this, 'Hosting', {
      httpApi: this.api.httpApi,
      publicBucket: this.storage.publicBucket,
      logBucket: this.storage.accessLogsBucket,
      uploadBucket: this.storage.intakeBucket,
      siteDirectory: fromRoot('dashboard/dist'),
    });
    this.hosting = hosting;
    this.auditDigest = new AuditDigest(this, 'AuditDigest', {
      table: this.storage.table,
      bucket: this.storage.auditDigestsBucket,
    });
    new CfnOutput(this, 'DashboardUrl', { value: `https://${hosting.distribution.distributionDomainName}` });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    // What `gongkai audit verify` reads a deployment by (--table, --digest-bucket).
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'AuditDigestBucket', { value: this.storage.auditDigestsBucket.bucketName });
    acknowledgeNagFindings(this);
  }
}
