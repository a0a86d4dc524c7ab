import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_TTL_ATTRIBUTE, type TableIndex } from '../../shared/storage-keys';

export interface StorageProps {
  /**
   * What happens to documents and their history when the stack is deleted.
   * @default RemovalPolicy.RETAIN — government records outlive a stack.
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long each daily audit digest is locked (Object Lock, compliance mode: nobody, not even the
   * account's root user, can delete or overwrite it before then).
   * @default 10 years
   */
  readonly auditDigestRetention?: Duration;
  /**
   * How many of TABLE_INDEXES the table has, in their order. CloudFormation creates one index per
   * update of a table: a stack deployed before the catalogue's two indexes upgrades in two deploys,
   * the first with one index fewer (`cdk deploy -c tableIndexes=3`, docs/operations.md).
   * @default all of them
   */
  readonly indexCount?: number;
}

/** Where documents, their published copies and their history live. */
export class Storage extends Construct {
  /** Uploads from agencies; emits EventBridge "Object Created" events that start the flow. */
  readonly intakeBucket: Bucket;
  /** Published public copies, served to the public through the dashboard's CDN. */
  readonly publicBucket: Bucket;
  /** Single table: documents, audit events, tasks, catalogue, directory, counters. */
  readonly table: Table;
  /** S3 server access logs and CDN logs: who fetched which record, kept as evidence. */
  readonly accessLogsBucket: Bucket;
  /**
   * The daily digests of every audit chain's head (docs/architecture.md), append-only: Object Lock
   * in compliance mode, and a put only where no digest is (If-None-Match).
   */
  readonly auditDigestsBucket: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(3 * 365) }],
      removalPolicy,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'The access-logs bucket is itself the destination of server access logs.',
    });
    const bucketDefaults = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Originals are evidence (accuracy compares public bytes with the signed-off version).
      versioned: true,
      removalPolicy,
      serverAccessLogsBucket: this.accessLogsBucket,
    };

    this.intakeBucket = new Bucket(this, 'IntakeBucket', {
      ...bucketDefaults,
      serverAccessLogsPrefix: 'intake/',
      eventBridgeEnabled: true,
      // Browsers upload straight to S3 with a presigned PUT.
      cors: [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'], allowedHeaders: ['*'], maxAge: 3000 }],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    this.publicBucket = new Bucket(this, 'PublicBucket', { ...bucketDefaults, serverAccessLogsPrefix: 'public/' });
    this.auditDigestsBucket = new Bucket(this, 'AuditDigestsBucket', {
      ...bucketDefaults,
      serverAccessLogsPrefix: 'audit-digests/',
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(props.auditDigestRetention ?? Duration.days(3650)),
    });
    // A digest is written once: a put that could replace one (no If-None-Match) is refused.
    this.auditDigestsBucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.auditDigestsBucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // READ-5(6): the query counter's daily salts and visit markers expire (shared/pipeline/catalog-queries.ts).
      timeToLiveAttribute: TABLE_TTL_ATTRIBUTE,
      removalPolicy,
    });
    const count = props.indexCount ?? TABLE_INDEXES.length;
    if (!Number.isInteger(count) || count < 2 || count > TABLE_INDEXES.length) {
      throw new Error(
        `tableIndexes ${count}: the table has 2 … ${TABLE_INDEXES.length} of its indexes (${TABLE_INDEXES.map((i) => i.name).join(', ')})`,
      );
    }
    for (const index of TABLE_INDEXES.slice(0, count) as readonly TableIndex[]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...(index.projection?.length === 0
          ? { projectionType: ProjectionType.KEYS_ONLY }
          : index.projection
            ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }
            : {}),
      });
    }
  }
}
