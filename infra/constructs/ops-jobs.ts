import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LambdaEntry } from '../bundling';
import { BundledFunction } from './bundled-function';

export interface OpsJobsProps {
  readonly table: Table;
  readonly intakeBucket: Bucket;
  readonly publicBucket: Bucket;
  readonly stateMachine: StateMachine;
  /**
   * How often the sweeper looks for uploads that never started the flow.
   * @default Duration.minutes(5)
   */
  readonly sweepEvery?: Duration;
  /**
   * How long a registration's file may sit in the intake bucket, unclaimed, before the sweeper
   * starts it (its S3 event is taken as lost; a late one finds it claimed).
   * @default Duration.minutes(5)
   */
  readonly sweepAfter?: Duration;
}

/**
 * The scheduled jobs ops rely on: the sweeper (shared/pipeline/ops.ts `sweepUnstarted`: the same
 * code the local runtime runs on a timer) and the daily deadline check behind the "documents
 * overdue" and "human tasks past due" alarms (shared/pipeline/deadline-check.ts).
 */
export class OpsJobs extends Construct {
  readonly sweeper: BundledFunction;
  readonly sweepSchedule: Rule;
  readonly deadlineCheck: BundledFunction;
  readonly deadlineCheckSchedule: Rule;

  constructor(scope: Construct, id: string, props: OpsJobsProps) {
    super(scope, id);
    const environment = {
      TABLE_NAME: props.table.tableName,
      INTAKE_BUCKET: props.intakeBucket.bucketName,
      PUBLIC_BUCKET: props.publicBucket.bucketName,
    };
    const fn = (name: string, entry: LambdaEntry, extra: Record<string, string> = {}) =>
      new BundledFunction(this, name, {
        entry,
        memorySize: 512,
        timeout: Duration.minutes(5),
        logGroup: new LogGroup(this, `${name}Logs`, { retention: RetentionDays.ONE_YEAR }),
        environment: { ...environment, ...extra },
      });

    this.sweeper = fn('Sweeper', 'sweep', {
      STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
      SWEEP_AFTER_SECONDS: String((props.sweepAfter ?? Duration.minutes(5)).toSeconds()),
    });
    // It reads documents and whether their file is there, and starts executions: no writes of its own.
    props.table.grantReadData(this.sweeper);
    props.intakeBucket.grantRead(this.sweeper);
    props.stateMachine.grantStartExecution(this.sweeper);
    this.sweepSchedule = new Rule(this, 'SweepSchedule', {
      description: 'Starts registrations whose upload is in the intake bucket but never started the flow',
      schedule: Schedule.rate(props.sweepEvery ?? Duration.minutes(5)),
      targets: [new LambdaFunction(this.sweeper, { retryAttempts: 2 })],
    });

    this.deadlineCheck = fn('DeadlineCheck', 'overdueCheck');
    props.table.grantReadData(this.deadlineCheck);
    this.deadlineCheckSchedule = new Rule(this, 'DeadlineCheckSchedule', {
      description: 'Counts overdue documents and human tasks past due (the alarms read the counts)',
      // 09:00 in Beijing: the day's overdue documents are known, and someone is at work to act.
      schedule: Schedule.cron({ minute: '0', hour: '1' }),
      targets: [new LambdaFunction(this.deadlineCheck, { retryAttempts: 2 })],
    });
  }
}
