import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DIGEST_PREFIX } from '../../functions/adapters/s3-audit-digests';
import { BundledFunction } from './bundled-function';

export interface AuditDigestProps {
  readonly table: Table;
  /** The Object Lock bucket (Storage.auditDigestsBucket). */
  readonly bucket: Bucket;
}

/**
 * Once a day, just after midnight in Beijing (16:05 UTC), a digest of every audit chain's head
 * goes to the Object Lock bucket. The function reads the table and may only put digests.
 */
export class AuditDigest extends Construct {
  readonly handler: BundledFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: AuditDigestProps) {
    super(scope, id);
    this.handler = new BundledFunction(this, 'Function', {
      entry: 'auditDigest',
      memorySize: 512,
      timeout: Duration.minutes(5),
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
      environment: {
        TABLE_NAME: props.table.tableName,
        DIGEST_BUCKET: props.bucket.bucketName,
      },
    });
    props.table.grantReadData(this.handler);
    // Put under digests/ and nothing else: no read, no delete, no retention or legal-hold change.
    this.handler.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [props.bucket.arnForObjects(`${DIGEST_PREFIX}*`)] }),
    );
    this.schedule = new Rule(this, 'Daily', {
      schedule: Schedule.cron({ minute: '5', hour: '16' }),
      targets: [new LambdaFunction(this.handler, { retryAttempts: 2 })],
    });
  }
}
