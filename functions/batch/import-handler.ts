import { randomUUID } from 'node:crypto';
import { handleDropEvent } from '../../shared/pipeline/batch/drop-event';
import type { DropOutcome } from '../../shared/pipeline/batch/import';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { ObjectCreatedEventSchema } from '../../shared/pipeline/events';

export interface BatchImportConfig {
  /** Files handed to the flow per second by this importer. */
  readonly startsPerSecond: number;
  /** Told what each event came to (the Lambda logs it). @default nothing */
  readonly log?: (entry: Record<string, unknown>) => void;
}

/**
 * The batch importer's handler: parse the Object Created event, let the domain decide, say what it
 * came to. The same handler runs in Lambda (functions/lambda/batchImport.ts) and in the local runtime.
 */
export function batchImportHandler(deps: PipelineDeps, config: BatchImportConfig) {
  return async (
    event: unknown,
    context?: { readonly awsRequestId?: string; getRemainingTimeInMillis?(): number },
  ): Promise<DropOutcome> => {
    const parsed = ObjectCreatedEventSchema.parse(event);
    const remaining = context?.getRemainingTimeInMillis?.();
    // A StartsLeftError fails the invocation: Lambda retries it, and the retry starts the rest.
    const outcome = await handleDropEvent(deps, parsed, {
      runner: context?.awsRequestId ?? randomUUID(),
      startsPerSecond: config.startsPerSecond,
      ...(remaining !== undefined ? { deadline: Date.now() + remaining } : {}),
    });
    config.log?.({ message: 'batch drop', key: parsed.detail.object.key, ...outcome });
    return outcome;
  };
}

/** BATCH_STARTS_PER_SECOND, read at cold start: a bad value fails loudly now. */
export function startsPerSecondOf(value: string | undefined): number {
  const rate = Number(value ?? 10);
  if (!(rate > 0 && rate <= 100)) throw new Error(`BATCH_STARTS_PER_SECOND must be in (0, 100], not ${value}`);
  return rate;
}
