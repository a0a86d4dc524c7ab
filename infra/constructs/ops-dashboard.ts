import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IWidget,
  SingleValueWidget,
  Stats,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { SIGNALS } from '../../shared/model/signals';
import { TASK_KINDS } from '../../shared/model/task';
import { DETECTED_KINDS } from '../../shared/review/detectors';
import { signalMetric } from './signal-metric';

export interface OpsDashboardProps {
  readonly stateMachine: IStateMachine;
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly httpApi: IHttpApi;
  readonly alarms: readonly Alarm[];
}

const HOUR = Duration.hours(1);
const DAY = Duration.days(1);
const FIVE_MINUTES = Duration.minutes(5);

/** The ops dashboard: what the alarms watch, and the flow's figures around them. */
export function opsDashboard(scope: Construct, id: string, props: OpsDashboardProps): Dashboard {
  const sum = (name: Parameters<typeof signalMetric>[0], kind?: string) =>
    signalMetric(name, { statistic: 'Sum', period: HOUR, ...(kind ? { kind } : {}) });
  const fns = Object.entries(props.functions);
  const rows: IWidget[][] = [
    [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 4 })],
    [
      new GraphWidget({
        title: 'Documents (per hour)',
        left: [
          sum(SIGNALS.received).with({ label: 'received' }),
          sum(SIGNALS.published).with({ label: 'published' }),
          sum(SIGNALS.failed).with({ label: 'failed' }),
          sum(SIGNALS.returned).with({ label: 'returned' }),
          sum(SIGNALS.swept).with({ label: 'started by the sweeper' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Working days from formation to publication (art. 26: 20)',
        left: [Stats.AVERAGE, Stats.p(90), Stats.MAXIMUM].map((statistic) =>
          signalMetric(SIGNALS.publicationWorkingDays, { statistic, period: DAY }).with({ label: statistic }),
        ),
        width: 8,
      }),
      new SingleValueWidget({
        title: 'Daily check',
        metrics: [
          signalMetric(SIGNALS.overdue, { statistic: 'Maximum', period: DAY }).with({ label: 'documents overdue' }),
          signalMetric(SIGNALS.tasksPastDue, { statistic: 'Maximum', period: DAY }).with({ label: 'tasks past due' }),
        ],
        width: 4,
      }),
    ],
    [
      new GraphWidget({
        title: 'Executions (per 5 minutes)',
        left: [
          props.stateMachine.metricStarted({ period: FIVE_MINUTES, label: 'started' }),
          props.stateMachine.metricSucceeded({ period: FIVE_MINUTES, label: 'succeeded' }),
          props.stateMachine.metricFailed({ period: FIVE_MINUTES, label: 'failed' }),
          props.stateMachine.metricTimedOut({ period: FIVE_MINUTES, label: 'timed out' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Findings sent to the pre-review group, by kind (per hour)',
        left: [...DETECTED_KINDS, 'unreadable'].map((kind) => sum(SIGNALS.findings, kind).with({ label: kind })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Human tasks: oldest open (hours) and past due, by kind (daily)',
        left: TASK_KINDS.map((kind) =>
          signalMetric(SIGNALS.oldestTaskAge, { statistic: 'Maximum', period: DAY, kind }).with({ label: kind }),
        ),
        right: TASK_KINDS.map((kind) =>
          signalMetric(SIGNALS.tasksPastDue, { statistic: 'Maximum', period: DAY, kind }).with({
            label: `${kind} past due`,
          }),
        ),
        width: 8,
      }),
    ],
    [
      new GraphWidget({
        title: 'Lambda errors (per 5 minutes)',
        left: fns.map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, label: name })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda throttles (per 5 minutes)',
        left: fns.map(([name, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, label: name })),
        width: 8,
      }),
      new GraphWidget({
        title: 'API requests and 5xx; dead-letter queues',
        left: [
          props.httpApi.metricCount({ period: FIVE_MINUTES, label: 'requests' }),
          props.httpApi.metricServerError({ period: FIVE_MINUTES, label: '5xx' }),
        ],
        right: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
            label: `dead letters (${name})`,
          }),
        ),
        width: 8,
      }),
    ],
  ];
  return new Dashboard(scope, id, { widgets: rows, defaultInterval: Duration.days(7) });
}
