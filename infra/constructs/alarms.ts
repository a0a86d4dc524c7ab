import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import isEmail from 'validator/lib/isEmail';
import { SIGNALS } from '../../shared/model/signals';
import { opsDashboard } from './ops-dashboard';
import { signalMetric } from './signal-metric';

export interface AlarmsProps {
  readonly stateMachine: IStateMachine;
  /** Every function of the stack, by a name the alarms are called after. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Every dead-letter queue, by a name its alarm is called after. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly httpApi: IHttpApi;
  /**
   * Where alarms are e-mailed (the address confirms the subscription from SNS's first mail).
   * @default no subscription: subscribe to the topic (output AlarmTopicArn) yourself
   */
  readonly opsEmail?: string;
  /**
   * The share of API requests answered 5xx, in percent, over five minutes, that raises the alarm
   * (measured once there are at least 20 requests in the five minutes).
   * @default 5
   */
  readonly api5xxPercent?: number;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The ops alarms (docs/operations.md, "Alarms"), each to one SNS topic, and the ops dashboard.
 * Every alarm fires on the first bad value (one evaluation period) and says so again when it is
 * over (an OK action); periods without data are not bad.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Readonly<Record<string, Alarm>>;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    if (props.opsEmail !== undefined && !isEmail(props.opsEmail)) {
      throw new Error(`opsEmail "${props.opsEmail}" is not an e-mail address (e.g. -c opsEmail=ops@district.gov.cn)`);
    }
    const percent = props.api5xxPercent ?? 5;
    if (!(percent > 0 && percent <= 100)) throw new Error(`api5xxPercent must be in (0, 100], got ${percent}`);

    // Alarm notifications are encrypted at rest with a key CloudWatch may use (the AWS-managed SNS
    // key cannot be used by CloudWatch alarms).
    const key = new Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the gongkai ops alarm topic',
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true, displayName: 'gongkai alarms' });
    if (props.opsEmail) this.topic.addSubscription(new EmailSubscription(props.opsEmail));

    const alarms: Record<string, Alarm> = {};
    const alarm = (name: string, metric: IMetric, description: string, threshold = 1) => {
      const created = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${description} Runbook: docs/operations.md, "Alarms", ${name}.`,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      created.addOkAction(new SnsAction(this.topic));
      alarms[name] = created;
    };

    const { stateMachine } = props;
    alarm(
      'ExecutionsFailed',
      stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
      'A step of the disclosure flow failed for good (after its retries): the document is FAILED, re-runnable.',
    );
    alarm(
      'ExecutionsTimedOut',
      stateMachine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
      'An execution of the disclosure flow timed out.',
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `The ${name} function ended with an error (a step error is retried; see its logs by documentId).`,
      );
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `Invocations of the ${name} function were throttled (the account's concurrency is used up).`,
      );
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        `Events are in the ${name} dead-letter queue: they could not be delivered (for the flow: gongkai ops replay-dlq).`,
      );
    }
    alarm(
      'Api5xxRate',
      new MathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
          requests: props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        label: 'API 5xx (% of requests)',
        period: FIVE_MINUTES,
      }),
      `At least ${percent}% of API requests were answered with a server error over five minutes.`,
      percent,
    );
    const daily = { statistic: 'Maximum', period: Duration.days(1) };
    alarm(
      'DocumentsOverdue',
      signalMetric(SIGNALS.overdue, daily),
      'Proactive documents are past their art. 26 deadline (20 working days) and not published (the daily check).',
    );
    alarm(
      'HumanTasksPastDue',
      signalMetric(SIGNALS.tasksPastDue, daily),
      'Sign-offs, reviews, approvals or consultations are past their due date (the daily check).',
    );
    this.alarms = alarms;

    opsDashboard(this, 'Dashboard', {
      stateMachine,
      functions: props.functions,
      deadLetterQueues: props.deadLetterQueues,
      httpApi: props.httpApi,
      alarms: Object.values(alarms),
    });
  }
}
