import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, type SignalSink } from '../../shared/model/signals';

/** Powertools Metrics for one Lambda: the namespace and `service` dimension the alarms read. */
export function createMetrics(): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
}

/**
 * Signals as CloudWatch metrics in the embedded metric format (EMF, on stdout). A signal with a
 * dimension of its own (findings by kind) is a single metric, written at once; the rest are
 * buffered and written when the invocation ends (functions/lambda/observe.ts).
 */
export function metricsSink(metrics: Metrics): SignalSink {
  return (signal) => {
    const unit = signal.unit === 'Count' ? MetricUnit.Count : MetricUnit.NoUnit;
    if (!signal.dimension) {
      metrics.addMetric(signal.name, unit, signal.value);
      return;
    }
    const single = metrics.singleMetric();
    single.addDimension(signal.dimension.name, signal.dimension.value);
    single.addMetric(signal.name, unit, signal.value);
  };
}
