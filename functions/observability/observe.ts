import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { METRICS_SERVICE } from '../../shared/model/signals';
import { createMetrics, metricsSink } from '../adapters/metrics';
import { logKeysOfApiEvent, logKeysOfStep, outcomeOf, safeError } from './log-keys';

/**
 * What every Lambda tells ops: structured logs (Powertools Logger: the document id, the step and
 * the execution id as keys) and metrics (Powertools Metrics, EMF). Made once per cold start.
 * Logs say what ran, for which document, and how it ended: never a title, a file's text, a finding
 * or anybody's name (./log-keys.ts picks what goes in).
 */
export const logger = new Logger({ serviceName: METRICS_SERVICE });
const metrics = createMetrics();
/** Where the functions' document writes tell what they meant (buildDeps' `signals`). */
export const signals = metricsSink(metrics);

function flush(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  logger.resetKeys();
}

type Handler<E, R> = (event: E, context?: Context) => Promise<R>;

async function observe<R>(context: Context | undefined, keys: Record<string, string>, run: () => Promise<R>) {
  if (context) logger.addContext(context);
  logger.appendKeys(keys);
  const started = Date.now();
  try {
    const result = await run();
    return { result, durationMs: Date.now() - started };
  } catch (err) {
    logger.error('failed', { error: safeError(err), durationMs: Date.now() - started });
    throw err;
  } finally {
    flush();
  }
}

/** A step of the state machine (functions/steps). */
export function observedStep(step: string, handler: (event: unknown) => Promise<unknown>): Handler<unknown, unknown> {
  return async (event, context) => {
    const { result } = await observe(context, logKeysOfStep(step, event), async () => {
      const result = await handler(event);
      logger.info('step finished', { outcome: outcomeOf(result) });
      return result;
    });
    return result;
  };
}

/** The API: one line per request with its route and status, never its query string or body. */
export function observedApi<E, R>(handler: (event: E, context: Context) => Promise<R>): Handler<E, R> {
  return async (event, context) => {
    const { result } = await observe(context, logKeysOfApiEvent(event), async () => {
      const started = Date.now();
      const response = await handler(event, context as Context);
      const status = (response as { statusCode?: unknown } | undefined)?.statusCode;
      const level = typeof status === 'number' && status >= 500 ? 'error' : 'info';
      logger[level]('request', { status, durationMs: Date.now() - started });
      return response;
    });
    return result;
  };
}

/** A scheduled job: its summary (counts and document ids) is logged. */
export function observedJob<R>(
  job: string,
  run: () => Promise<R>,
  summary: (result: R) => object,
): Handler<unknown, R> {
  return async (_event, context) => {
    const { result } = await observe(context, { job }, async () => {
      const result = await run();
      logger.info('job finished', { summary: summary(result) });
      return result;
    });
    return result;
  };
}
