import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import type { WorkflowCallbacks } from '../../shared/ports';
import type { PublishOutcome } from './publish';
import type { StepHandler } from './types';

/**
 * The Publication state sends its document to a FIFO queue whose message group is the publisher
 * (infra/constructs/publication-queue.ts) and waits for the task token: one publication per
 * agency at a time, in order, so an index number is never fought over. Lambda (and the local
 * twin, infra/local/fifo-queue.ts) hands this consumer a batch of one group's messages in order.
 */
export const PublicationMessageSchema = z.object({
  documentId: z.string().min(1),
  taskToken: z.string().min(1),
  executionId: z.string().min(1),
});

/** SendTaskSuccess and SendTaskFailure: how the consumer answers the waiting Publication state. */
export interface TaskTokenCallbacks extends WorkflowCallbacks {
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/** Step Functions' answers for a token nobody waits on any more: its attempt ended (timeout, abort). */
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/**
 * Publishes a batch of one publisher's messages in one call of the publish step (its checks and
 * public copies side by side, the numbers in the queue's order) and answers each task token: the
 * result on success, the step's error by name on failure (the state's Retry and Catch decide what
 * then, exactly as for a Lambda task). Only an answer that could not be delivered leaves a message
 * on the queue, and with it every later message of its group (FIFO order): SQS delivers them
 * again, and the step, idempotent, answers with what it published.
 */
export function publicationQueueConsumer(publish: StepHandler, callbacks: TaskTokenCallbacks) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const messages = event.Records.flatMap((record) => {
      const parsed = PublicationMessageSchema.safeParse(safeJson(record.body));
      // A message nobody can answer (no token) would only come back: it is dropped, and said so.
      if (!parsed.success) console.error('publication message without a document and a task token dropped');
      return parsed.success ? [{ messageId: record.messageId, ...parsed.data }] : [];
    });
    if (messages.length === 0) return { batchItemFailures: [] };
    let outcomes: readonly PublishOutcome[];
    try {
      const result = (await publish({ documents: messages.map((m) => ({ documentId: m.documentId })) })) as {
        outcomes: PublishOutcome[];
      };
      outcomes = result.outcomes;
    } catch (err) {
      // The step failed as a whole (it did not answer): each document's state decides, by the error.
      const failure = { ok: false, error: errorName(err), cause: err instanceof Error ? err.message : String(err) };
      outcomes = messages.map(() => failure as PublishOutcome);
    }
    for (const [i, message] of messages.entries()) {
      try {
        await answer(callbacks, message.taskToken, outcomes[i]);
      } catch (err) {
        console.error('publication answer not delivered; the queue delivers it again', errorName(err));
        return { batchItemFailures: messages.slice(i).map((m) => ({ itemIdentifier: m.messageId })) };
      }
    }
    return { batchItemFailures: [] };
  };
}

async function answer(callbacks: TaskTokenCallbacks, taskToken: string, outcome: PublishOutcome | undefined) {
  try {
    if (outcome?.ok) await callbacks.succeed(taskToken, outcome.output);
    else {
      const { error, cause } = outcome ?? { error: 'Error', cause: 'the publish step gave no outcome' };
      await callbacks.fail(taskToken, error, cause.slice(0, 32_000));
    }
  } catch (err) {
    if (GONE.has(errorName(err))) return;
    throw err;
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
