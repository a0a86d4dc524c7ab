import { CfnOutput, type Duration, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms';
import { Api, type Throttle } from './constructs/api';
import { AuditDigest } from './constructs/audit';
import { BatchImport } from './constructs/batch-import';
import { EdgeFirewall } from './constructs/firewall';
import { DashboardHosting } from './constructs/hosting';
import {
  CognitoIdentity,
  cognitoOrigins,
  defaultCognitoDomainPrefix,
  externalIdentity,
  type IdentityProviderConfig,
} from './constructs/identity';
import { OpsJobs } from './constructs/ops-jobs';
import { Storage } from './constructs/storage';
import { Workflow } from './constructs/workflow';
import { acknowledgeNagFindings } from './nag';
import { fromRoot } from './paths';
import { type IdentityChoice, isChinaRegion, type SiteDomain } from './variant';

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
  /**
   * Who signs staff in: a Cognito user pool with managed login (global regions), or the district's
   * own OpenID provider (required in the China regions, which have no Cognito user pools).
   * @default Cognito
   */
  readonly identity?: IdentityChoice;
  /**
   * The dashboard's own domain and certificate; required in the China regions (an ICP-filed domain,
   * an IAM server certificate).
   * @default the distribution's domain
   */
  readonly site?: SiteDomain;
  /**
   * Where the ops alarms are e-mailed (context key `opsEmail`: `cdk deploy -c opsEmail=…`); the
   * address confirms the subscription from the first mail SNS sends it.
   * @default no subscription: subscribe to the AlarmTopicArn output yourself
   */
  readonly opsEmail?: string;
  /**
   * The alarms, their topic and the ops dashboard. The local runtime synthesizes the stack for its
   * flow alone and leaves them out (they change nothing of it, and cost seconds of every start).
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * Agencies whose staff role may drop batch folders and single uploads into the intake bucket:
   * one managed policy each (BatchImport.dropPolicies) to attach to that agency's role (README,
   * "Bulk intake").
   * @default none
   */
  readonly dropAgencies?: readonly string[];
  /**
   * A WAF rate rule in front of the distribution: created here (`requestsPerFiveMinutes`) when the
   * stack is in us-east-1, where CloudFront web ACLs live; otherwise a CloudFront web ACL's ARN
   * (`webAclArn`: infra/app.ts makes one in a us-east-1 stack of its own for `-c wafRateLimit`).
   * Not in the China regions, whose WAF is regional only.
   * @default none
   */
  readonly firewall?: { readonly requestsPerFiveMinutes: number } | { readonly webAclArn: string };
  /** Upgrading a table an index at a time (StorageProps.indexCount). @default every index */
  readonly tableIndexes?: number;
  /** Each public route's API Gateway throttle. @default PUBLIC_THROTTLE (infra/constructs/api.ts) */
  readonly publicThrottle?: Throttle;
  /** The signed-in routes' throttle. @default STAFF_THROTTLE */
  readonly staffThrottle?: Throttle;
}

export class GongkaiStack extends Stack {
  readonly storage: Storage;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly hosting: DashboardHosting;
  readonly auditDigest: AuditDigest;
  /** Bulk intake: the importer of drop folders (manifests, late files, single uploads with metadata). */
  readonly batchImport: BatchImport;
  /** The sweeper and the daily deadline check. */
  readonly opsJobs: OpsJobs;
  /** Absent when built with `alarms: false` (the local runtime's synthesis). */
  readonly alarms?: Alarms;
  /** Who signs staff in, as the API, its authorizer and the dashboard see it. */
  readonly identity: IdentityProviderConfig;
  /** The Cognito user pool and its client; absent with another provider (China regions). */
  readonly cognito?: CognitoIdentity;
  /** The China variant (partition aws-cn): no Cognito, an ICP-filed domain on CloudFront. */
  readonly china: boolean;

  constructor(scope: Construct, id: string, props: GongkaiStackProps = {}) {
    super(scope, id, props);
    const china = isChinaRegion(props.env?.region);
    this.china = china;
    const choice = props.identity ?? { kind: 'cognito' };
    if (china && choice.kind === 'cognito') {
      throw new Error(
        `${props.env?.region} has no Cognito user pools: give GongkaiStack an OpenID provider (identity)`,
      );
    }
    if (china && !props.site) {
      throw new Error(
        `CloudFront in ${props.env?.region} needs the district's ICP-filed domain and certificate (site)`,
      );
    }
    this.storage = new Storage(this, 'Storage', {
      removalPolicy: props.dataRemovalPolicy,
      ...(props.auditDigestRetention ? { auditDigestRetention: props.auditDigestRetention } : {}),
      ...(props.tableIndexes !== undefined ? { indexCount: props.tableIndexes } : {}),
    });
    this.workflow = new Workflow(this, 'Workflow', {
      table: this.storage.table,
      intakeBucket: this.storage.intakeBucket,
      publicBucket: this.storage.publicBucket,
      ...(props.signOffTimeout ? { signOffTimeout: props.signOffTimeout } : {}),
    });
    this.batchImport = new BatchImport(this, 'BatchImport', {
      table: this.storage.table,
      intakeBucket: this.storage.intakeBucket,
      publicBucket: this.storage.publicBucket,
      ...(props.dropAgencies ? { dropAgencies: props.dropAgencies } : {}),
    });
    this.api = new Api(this, 'Api', {
      table: this.storage.table,
      intakeBucket: this.storage.intakeBucket,
      publicBucket: this.storage.publicBucket,
      stateMachine: this.workflow.stateMachine,
      ocr: this.workflow.ocr,
      ...(props.publicThrottle ? { publicThrottle: props.publicThrottle } : {}),
      ...(props.staffThrottle ? { staffThrottle: props.staffThrottle } : {}),
    });
    const webAclArn = this.firewallArn(props.firewall, china);
    const domainPrefix =
      choice.kind === 'cognito' ? (choice.domainPrefix ?? defaultCognitoDomainPrefix(this)) : undefined;
    const external = choice.kind === 'oidc' ? externalIdentity(choice) : undefined;
    const hosting = new DashboardHosting(this, 'Hosting', {
      httpApi: this.api.httpApi,
      publicBucket: this.storage.publicBucket,
      logBucket: this.storage.accessLogsBucket,
      uploadBucket: this.storage.intakeBucket,
      siteDirectory: fromRoot('dashboard/dist'),
      signInOrigins: external?.connectOrigins ?? cognitoOrigins(this, domainPrefix ?? ''),
      ...(props.site ? { site: props.site } : {}),
      china,
      ...(webAclArn ? { webAclArn } : {}),
    });
    this.hosting = hosting;
    if (domainPrefix !== undefined) {
      // Created after the distribution: managed login returns to the dashboard's domain.
      this.cognito = new CognitoIdentity(this, 'Identity', { siteUrl: hosting.siteUrl, domainPrefix });
    }
    this.identity = this.cognito?.config ?? (external as IdentityProviderConfig);
    this.api.authorize(this.identity);
    hosting.deploySite({ auth: this.identity.dashboard });
    this.auditDigest = new AuditDigest(this, 'AuditDigest', {
      table: this.storage.table,
      bucket: this.storage.auditDigestsBucket,
    });
    this.opsJobs = new OpsJobs(this, 'OpsJobs', {
      table: this.storage.table,
      intakeBucket: this.storage.intakeBucket,
      publicBucket: this.storage.publicBucket,
      stateMachine: this.workflow.stateMachine,
    });
    const steps = this.workflow.stepFunctions;
    this.alarms =
      props.alarms === false
        ? undefined
        : new Alarms(this, 'Alarms', {
            stateMachine: this.workflow.stateMachine,
            functions: {
              Intake: steps.intake,
              Review: steps.review,
              OpenTask: steps.openTask,
              Route: steps.route,
              Publish: steps.publish,
              RecordFailure: steps.recordFailure,
              Api: this.api.handler,
              Scan: this.api.scanFunction,
              AuditDigest: this.auditDigest.handler,
              Sweeper: this.opsJobs.sweeper,
              DeadlineCheck: this.opsJobs.deadlineCheck,
              BatchImport: this.batchImport.handler,
            },
            deadLetterQueues: {
              Start: this.workflow.deadLetterQueue,
              BatchImport: this.batchImport.deadLetterQueue,
              Publication: this.workflow.publication.deadLetterQueue,
            },
            httpApi: this.api.httpApi,
            ...(props.opsEmail ? { opsEmail: props.opsEmail } : {}),
          });
    new CfnOutput(this, 'DashboardUrl', { value: hosting.siteUrl });
    // The alias's DNS record (CNAME) points here.
    new CfnOutput(this, 'DistributionDomainName', { value: hosting.distribution.distributionDomainName });
    new CfnOutput(this, 'OidcIssuer', { value: this.identity.issuer });
    new CfnOutput(this, 'OidcClientId', { value: this.identity.dashboard.clientId });
    if (this.cognito) {
      // Where ops create staff (README, "Deploying with CDK"); the sign-in pages' domain.
      new CfnOutput(this, 'UserPoolId', { value: this.cognito.userPool.userPoolId });
      new CfnOutput(this, 'ManagedLoginUrl', { value: this.cognito.domain.baseUrl() });
    }
    // What `gongkai audit verify` reads a deployment by (--table, --digest-bucket).
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'AuditDigestBucket', { value: this.storage.auditDigestsBucket.bucketName });
    // What `gongkai ops …` reads a deployment by (--state-machine, --intake-bucket, --dead-letter-queue).
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'IntakeBucketName', { value: this.storage.intakeBucket.bucketName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.workflow.deadLetterQueue.queueUrl });
    if (this.alarms) new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    acknowledgeNagFindings(this);
  }

  /** The web ACL in front of the distribution: made here in us-east-1, or the one given. */
  private firewallArn(firewall: GongkaiStackProps['firewall'], china: boolean): string | undefined {
    if (!firewall) return undefined;
    if (china) throw new Error('AWS WAF in the China regions is regional only: no web ACL for CloudFront (firewall)');
    if ('webAclArn' in firewall) return firewall.webAclArn;
    if (this.region !== 'us-east-1') {
      throw new Error(
        `a CloudFront web ACL is made in us-east-1, not ${this.region}: give firewall.webAclArn (infra/app.ts makes one in a us-east-1 stack)`,
      );
    }
    return new EdgeFirewall(this, 'Firewall', firewall).webAcl.attrArn;
  }
}
