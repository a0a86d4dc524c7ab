import type { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, METRICS_SERVICE, type SignalName } from '../../shared/model/signals';

/** A Gongkai metric (shared/model/signals.ts), with the `service` dimension Powertools gives it. */
export function signalMetric(name: SignalName, options: { statistic: string; period: Duration; kind?: string }) {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, ...(options.kind ? { kind: options.kind } : {}) },
    statistic: options.statistic,
    period: options.period,
  });
}
