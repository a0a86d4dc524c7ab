import type { StepName } from '../../functions/steps/names';
import type { AslState } from './asl';

/** A task state that sends to an SQS queue a Lambda consumes, as the template configures both. */
export interface QueueBinding {
  /** The queue's logical id. */
  readonly queue: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  /** The step whose handler the consuming Lambda runs (its GONGKAI_STEP). */
  readonly step: StepName;
  /** The event source mapping's batch size (SQS's default 10). */
  readonly batchSize: number;
  readonly reportBatchItemFailures: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message goes to the dead-letter queue (undefined: it never does). */
  readonly maxReceiveCount?: number;
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

const LOCAL_QUEUE = 'https://sqs.local/000000000000/';

/** The URL a queue's Ref resolves to in the local definition (only the local twin reads it). */
export const localQueueUrl = (logicalId: string) => `${LOCAL_QUEUE}${logicalId}`;

/**
 * The queue a `sqs:sendMessage` task state sends to, and the Lambda that consumes it (its event
 * source mapping): what the local twin needs to deliver messages as SQS and Lambda would.
 */
export function queueBindingOf(
  state: AslState,
  resources: Readonly<Record<string, Resource>>,
  stepOfFunction: ReadonlyMap<string, StepName>,
): QueueBinding | undefined {
  if (!String(state.Resource ?? '').startsWith('arn:aws:states:::sqs:sendMessage')) return undefined;
  const url = String(state.Parameters?.QueueUrl ?? '');
  const queue = url.startsWith(LOCAL_QUEUE) ? url.slice(LOCAL_QUEUE.length) : '';
  const props = resources[queue]?.Properties;
  if (!props) throw new Error(`the queue of a sendMessage state is not in the template (${url})`);
  const mappings = Object.values(resources).filter(
    (r) =>
      r.Type === 'AWS::Lambda::EventSourceMapping' &&
      JSON.stringify(r.Properties?.EventSourceArn) === JSON.stringify({ 'Fn::GetAtt': [queue, 'Arn'] }),
  );
  if (mappings.length !== 1) throw new Error(`expected one consumer of queue ${queue}, found ${mappings.length}`);
  const mapping = mappings[0]?.Properties ?? {};
  const fn = (mapping.FunctionName as { Ref?: string } | undefined)?.Ref ?? '';
  const step = stepOfFunction.get(fn);
  if (!step) throw new Error(`queue ${queue} is consumed by no known step (${fn})`);
  const redrive = props.RedrivePolicy as { maxReceiveCount?: number } | undefined;
  return {
    queue,
    fifo: props.FifoQueue === true,
    contentBasedDeduplication: props.ContentBasedDeduplication === true,
    step,
    batchSize: Number(mapping.BatchSize ?? 10),
    reportBatchItemFailures: ((mapping.FunctionResponseTypes as string[] | undefined) ?? []).includes(
      'ReportBatchItemFailures',
    ),
    // SQS's default visibility timeout is 30 s.
    visibilityTimeoutSeconds: Number(props.VisibilityTimeout ?? 30),
    ...(redrive?.maxReceiveCount ? { maxReceiveCount: Number(redrive.maxReceiveCount) } : {}),
  };
}
