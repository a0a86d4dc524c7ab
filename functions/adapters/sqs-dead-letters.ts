import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetters } from '../../shared/ports';

/**
 * The EventBridge rule's dead-letter queue (SQS). A letter received stays invisible for five
 * minutes: one replay run sees each once, and one it leaves (unreadable) comes back for the next.
 */
export class SqsDeadLetters implements DeadLetters {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async receive(max: number): Promise<DeadLetter[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: Math.max(1, Math.min(10, max)),
        WaitTimeSeconds: 1,
        VisibilityTimeout: 300,
      }),
    );
    return Messages.flatMap((m) =>
      m.MessageId && m.ReceiptHandle && m.Body !== undefined
        ? [{ id: m.MessageId, receipt: m.ReceiptHandle, body: m.Body }]
        : [],
    );
  }

  async remove(letter: DeadLetter): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: letter.receipt }));
  }
}
