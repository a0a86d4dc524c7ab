import { Duration, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REPORT_NAME } from '../../shared/model/batch';
import { BATCH_PREFIX, UPLOAD_PREFIX } from '../../shared/model/object-keys';
import { isWellFormedId } from '../../shared/model/text';
import { BundledFunction } from './bundled-function';

export interface BatchImportProps {
  readonly table: Table;
  readonly intakeBucket: Bucket;
  /** Named in the function's environment only (the deps it builds); nothing is granted on it. */
  readonly publicBucket: Bucket;
  /**
   * Files one importer hands to the flow per second (each is one Step Functions start). Two
   * importers run at most at once, so the flow is started at most twice this rate.
   * @default 10
   */
  readonly startsPerSecond?: number;
  /**
   * Agencies whose staff role may drop folders and single uploads: one managed policy each
   * (`dropPolicies`), to attach to that agency's IAM role. It allows writing under the agency's own
   * prefixes only — that is what makes the prefix name the uploading agency (drop authority `prefix`).
   * @default none
   */
  readonly dropAgencies?: readonly string[];
}

/** Importers running at once: a 5,000-row batch is not started faster than twice `startsPerSecond`. */
const IMPORTER_CONCURRENCY = 2;

/**
 * The batch importer: a Lambda on the intake bucket's Object Created events in drop folders — a
 * manifest (`batches/<agency>/<batch>/manifest.csv|xlsx`) starts its batch, a file arriving after
 * it is picked up, a single upload with metadata (`uploads/<agency>/<batch>/<file>`) is registered
 * from it (shared/pipeline/batch/). It registers rows, copies files to their documents' upload keys
 * (whose events start the flow) and writes report.json: it may read drops, put upload keys and
 * reports, and nothing else of the bucket.
 */
export class BatchImport extends Construct {
  readonly handler: BundledFunction;
  readonly rule: Rule;
  /** Events the rule could not deliver to the importer, kept for `gongkai ops replay-dlq`-style redelivery. */
  readonly deadLetterQueue: Queue;
  /** The drop policy of each agency in `dropAgencies`, by agency id. */
  readonly dropPolicies: Readonly<Record<string, ManagedPolicy>>;

  constructor(scope: Construct, id: string, props: BatchImportProps) {
    super(scope, id);
    const startsPerSecond = props.startsPerSecond ?? 10;
    if (!(startsPerSecond > 0 && startsPerSecond <= 100)) {
      throw new Error(`startsPerSecond must be in (0, 100], not ${startsPerSecond}`);
    }
    const bucket = props.intakeBucket;
    this.handler = new BundledFunction(this, 'Function', {
      entry: 'batchImport',
      memorySize: 1024,
      // A 5,000-row manifest: registered, then started at the controlled rate (about 8 minutes at 10 a second).
      timeout: Duration.minutes(15),
      reservedConcurrentExecutions: IMPORTER_CONCURRENCY,
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
      environment: {
        TABLE_NAME: props.table.tableName,
        INTAKE_BUCKET: bucket.bucketName,
        PUBLIC_BUCKET: props.publicBucket.bucketName,
        BATCH_STARTS_PER_SECOND: String(startsPerSecond),
        // The local runtime finds the rule that invokes this handler by it (infra/local/asl.ts).
        GONGKAI_EVENT_HANDLER: 'batchImport',
      },
    });
    props.table.grantReadWriteData(this.handler);
    // Drops: listed, headed and read (the copy's source). Upload keys: the copies. Reports: put.
    bucket.grantRead(this.handler, `${BATCH_PREFIX}*`);
    bucket.grantRead(this.handler, `${UPLOAD_PREFIX}*/*/*`);
    bucket.grantPut(this.handler, `${UPLOAD_PREFIX}*`);
    bucket.grantPut(this.handler, `${BATCH_PREFIX}*/${REPORT_NAME}`);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: that of the EventBridge rule that invokes the batch importer.',
    });
    this.rule = new Rule(this, 'DropRule', {
      description: 'A manifest, a file or a single upload with metadata in a drop folder: the batch importer',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          // uploads/<agency>/<batch>/<file>, not a registered document's uploads/<id>.
          object: { key: [{ prefix: BATCH_PREFIX }, { wildcard: `${UPLOAD_PREFIX}*/*/*` }] },
        },
      },
      targets: [
        new LambdaFunction(this.handler, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 20,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });

    const policies: Record<string, ManagedPolicy> = {};
    for (const agency of props.dropAgencies ?? []) {
      if (!isWellFormedId(agency)) throw new Error(`dropAgencies: "${agency}" is not an agency id`);
      policies[agency] = new ManagedPolicy(this, `Drop-${agency}`, {
        description: `Gongkai: ${agency} may drop batch folders and single uploads under its own prefixes, nothing else`,
        statements: [
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
            resources: [
              bucket.arnForObjects(`${BATCH_PREFIX}${agency}/*`),
              bucket.arnForObjects(`${UPLOAD_PREFIX}${agency}/*`),
            ],
          }),
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['s3:ListBucket'],
            resources: [bucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${BATCH_PREFIX}${agency}/*`, `${UPLOAD_PREFIX}${agency}/*`] } },
          }),
          // Reading its own reports back: report.json is the importer's answer to the drop.
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['s3:GetObject'],
            resources: [bucket.arnForObjects(`${BATCH_PREFIX}${agency}/*/${REPORT_NAME}`)],
          }),
        ],
      });
    }
    this.dropPolicies = policies;
  }
}
