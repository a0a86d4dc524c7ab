import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueBinding } from './asl-queues';

/** What the consuming Lambda's handler is: an SQS batch in, the messages it failed out. */
export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

interface Message {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
}

/** SQS keeps a deduplication id five minutes. */
const DEDUPLICATION_MS = 5 * 60_000;

/**
 * SQS FIFO and Lambda's event source mapping on it, locally, as the template configures them
 * (./asl-queues.ts): a message group's messages go to the consumer in order, one batch of the
 * group at a time (groups side by side); a message the consumer failed — or every one of a batch
 * whose invocation threw — comes back after the visibility timeout, with the rest of its group
 * behind it, until it was received maxReceiveCount times: then it goes to the dead-letter queue.
 * At least once, as SQS: a consumer must be idempotent. Held in memory like the executions that
 * wait on it (a restart resumes those, and they send again).
 */
export class LocalFifoQueue {
  private readonly groups = new Map<string, Message[]>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly deduplication = new Map<string, number>();
  /** Messages moved to the dead-letter queue (an alarm on AWS; the log here). */
  readonly deadLetters: Array<{ readonly messageId: string; readonly body: string; readonly groupId: string }> = [];
  private stopped = false;

  constructor(
    private readonly binding: QueueBinding,
    private readonly consumer: QueueConsumer,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** SendMessage: the new message's id, or the first one's when it is a duplicate within five minutes. */
  send(message: { body: string; groupId?: string; deduplicationId?: string }): string {
    if (this.stopped) throw Object.assign(new Error('the local queue is stopped'), { name: 'QueueDoesNotExist' });
    const groupId = this.binding.fifo ? message.groupId : randomUUID();
    if (!groupId)
      throw Object.assign(new Error('MessageGroupId is required for a FIFO queue'), { name: 'MissingParameter' });
    const now = Date.now();
    const dedupId = this.binding.fifo
      ? (message.deduplicationId ??
        (this.binding.contentBasedDeduplication ? createHash('sha256').update(message.body).digest('hex') : undefined))
      : undefined;
    if (this.binding.fifo && !dedupId) {
      throw Object.assign(new Error('a FIFO queue without content-based deduplication needs a deduplication id'), {
        name: 'InvalidParameterValue',
      });
    }
    for (const [id, at] of this.deduplication) if (at <= now - DEDUPLICATION_MS) this.deduplication.delete(id);
    const messageId = randomUUID();
    if (dedupId) {
      if (this.deduplication.has(dedupId)) return messageId; // accepted, not delivered again
      this.deduplication.set(dedupId, now);
    }
    const list = this.groups.get(groupId) ?? [];
    list.push({ messageId, body: message.body, groupId, sentAt: now, receiveCount: 0, visibleAt: now });
    this.groups.set(groupId, list);
    queueMicrotask(() => this.pump(groupId));
    return messageId;
  }

  /** Messages not yet deleted (waiting, in flight or to be delivered again). */
  get depth(): number {
    let n = 0;
    for (const list of this.groups.values()) n += list.length;
    return n;
  }

  /** Stops delivering; a batch in flight finishes. What is left is dropped with the process. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private pump(groupId: string): void {
    if (this.stopped || this.inFlight.has(groupId)) return;
    const list = this.groups.get(groupId);
    if (!list?.length) {
      this.groups.delete(groupId);
      return;
    }
    const now = Date.now();
    const head = list[0] as Message;
    // FIFO: nothing of a group is delivered while its first message is invisible.
    if (head.visibleAt > now) {
      if (!this.timers.has(groupId)) {
        const timer = setTimeout(() => {
          this.timers.delete(groupId);
          this.pump(groupId);
        }, head.visibleAt - now);
        this.timers.set(groupId, timer);
      }
      return;
    }
    const batch: Message[] = [];
    for (const m of list) {
      if (batch.length >= this.binding.batchSize || m.visibleAt > now) break;
      batch.push(m);
    }
    for (const m of batch) m.receiveCount += 1;
    const run = this.deliver(groupId, batch).finally(() => {
      this.inFlight.delete(groupId);
      this.pump(groupId);
    });
    this.inFlight.set(groupId, run);
  }

  private async deliver(groupId: string, batch: readonly Message[]): Promise<void> {
    let failed: Set<string>;
    try {
      const response = await this.consumer({ Records: batch.map((m) => record(m, this.binding.queue)) });
      failed = new Set(
        this.binding.reportBatchItemFailures ? (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier) : [],
      );
    } catch (err) {
      this.log(
        `queue ${this.binding.queue}: the consumer failed (${err instanceof Error ? err.message : String(err)})`,
      );
      failed = new Set(batch.map((m) => m.messageId));
    }
    const list = this.groups.get(groupId) ?? [];
    const visibleAt = Date.now() + this.binding.visibilityTimeoutSeconds * 1000;
    for (const m of batch) {
      const at = list.indexOf(m);
      if (at < 0) continue;
      if (!failed.has(m.messageId)) list.splice(at, 1);
      else if (this.binding.maxReceiveCount !== undefined && m.receiveCount >= this.binding.maxReceiveCount) {
        list.splice(at, 1);
        this.deadLetters.push({ messageId: m.messageId, body: m.body, groupId });
        this.log(`queue ${this.binding.queue}: message ${m.messageId} moved to the dead-letter queue`);
      } else m.visibleAt = visibleAt;
    }
  }
}

function record(m: Message, queue: string): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle: m.messageId,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      MessageGroupId: m.groupId,
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(m.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queue}`,
    awsRegion: 'us-east-1',
  };
}
