import { CfnOutput, type Duration, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { AuditDigest } from './constructs/audit';
import { DashboardHosting } from './constructs/hosting';
import {
  CognitoIdentity,
  cognitoOrigins,
  defaultCognitoDomainPrefix,
  externalIdentity,
  type IdentityProviderConfig,
} from './constructs/identity';
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
}

export class GongkaiStack extends Stack {
  readonly storage: Storage;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly hosting: DashboardHosting;
  readonly auditDigest: AuditDigest;
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
    acknowledgeNagFindings(this);
  }
}
