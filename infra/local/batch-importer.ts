import { batchImportHandler } from '../../functions/batch/import-handler';
import type { DropOutcome } from '../../shared/pipeline/batch/import';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { type EventBridgeEvent, matchesPattern } from './events';

/** Locally as on AWS (BatchImport's reserved concurrency): at most two imports at once. */
const CONCURRENCY = 2;

export interface LocalBatchImporter {
  /** The importer's rule: an event matching its synthesized pattern is queued for the handler. */
  deliver(event: EventBridgeEvent): boolean;
  /** Resolves once every queued event has been handled, or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  /** What each event came to, in the order handled (tests, the bench). */
  readonly outcomes: Array<DropOutcome & { readonly key: string }>;
}

/**
 * The batch importer in the local runtime: the same handler as its Lambda, invoked for the events
 * its rule (synthesized by CDK, ./asl.ts) matches, two at a time, in the order they came.
 */
export function localBatchImporter(
  deps: PipelineDeps,
  pattern: Record<string, never> | undefined,
  log: (message: string) => void,
  startsPerSecond = 10,
): LocalBatchImporter {
  if (!pattern) throw new Error('the stack has no batch importer rule (GONGKAI_EVENT_HANDLER=batchImport)');
  const handle = batchImportHandler(deps, { startsPerSecond });
  const queue: EventBridgeEvent[] = [];
  const outcomes: Array<DropOutcome & { key: string }> = [];
  let running = 0;
  let waiters: Array<() => void> = [];
  const pump = () => {
    while (running < CONCURRENCY && queue.length > 0) {
      const event = queue.shift() as EventBridgeEvent;
      running++;
      const key = String((event.detail.object as { key?: unknown } | undefined)?.key ?? '');
      handle(event, { awsRequestId: `local-${event.id}-${Date.now().toString(36)}` })
        .then((outcome) => {
          outcomes.push({ ...outcome, key });
          if (outcome.outcome === 'skipped' && !/report|not in a drop folder/.test(outcome.reason)) {
            log(`batch importer: ${key}: ${outcome.reason}`);
          }
        })
        .catch((err: unknown) =>
          log(`batch importer: ${key} failed: ${err instanceof Error ? err.stack : String(err)}`),
        )
        .finally(() => {
          running--;
          pump();
          if (running === 0 && queue.length === 0) {
            for (const resolve of waiters) resolve();
            waiters = [];
          }
        });
    }
  };
  return {
    outcomes,
    deliver(event) {
      if (!matchesPattern(event, pattern)) return false;
      queue.push(event);
      pump();
      return true;
    },
    idle(timeoutMs = Number.POSITIVE_INFINITY) {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        waiters.push(resolve);
        if (Number.isFinite(timeoutMs)) setTimeout(resolve, timeoutMs).unref();
      });
    },
  };
}
