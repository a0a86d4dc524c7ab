import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_INDEXES } from '../../shared/storage-keys';

export interface StorageProps {
  /**
   * What happens to documents and their history when the stack is deleted.
   * @default RemovalPolicy.RETAIN — government records outlive a stack.
   */
  readonly removalPolicy?: RemovalPolicy;
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

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }
}
