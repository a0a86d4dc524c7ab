import { Duration, Validations } from 'aws-cdk-lib';
import { type IRole, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * How many of one agency's publications a consumer invocation takes (SQS FIFO's most): in order,
 * one after the other, so a burst costs a tenth of the invocations.
 */
export const PUBLICATION_BATCH_SIZE = 10;

/**
 * A message is delivered again when its answer could not be given (SendTaskSuccess failed, the
 * function died): after the visibility timeout, which covers the function's minute with room for
 * a batch; after five deliveries it goes to the dead-letter queue (an alarm), its Publication
 * state times out and the state's retries send the document again.
 */
const VISIBILITY_TIMEOUT = Duration.minutes(3);
const MAX_RECEIVE_COUNT = 5;

/** How long a document may wait behind its publisher's other publications and be published. */
export const PUBLICATION_TIMEOUT = Duration.minutes(15);

export interface PublicationQueueProps {
  /** The publish function: it consumes the queue and answers each message's task token. */
  readonly consumer: IFunction;
}

/**
 * One writer per publisher (issue 13): the Publication state sends each document to this FIFO
 * queue with its publisher agency as the message group. SQS hands a group's messages to one
 * consumer at a time, in order, so the agency's index numbers are taken one after the other: no
 * publication loses its number to another and retries, however many are approved at once.
 * Content-based deduplication: a message holds its task token, so only the very same send (a
 * retry of the SendMessage call itself) is dropped, never the next attempt of the state.
 */
export class PublicationQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PublicationQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: that of the publication queue.',
    });
    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      contentBasedDeduplication: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: VISIBILITY_TIMEOUT,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    props.consumer.addEventSource(
      new SqsEventSource(this.queue, { batchSize: PUBLICATION_BATCH_SIZE, reportBatchItemFailures: true }),
    );
  }

  /**
   * The consumer answers the Publication state's task tokens, and nothing else of the state
   * machine. A Policy of its own, not the role's default one: the function does not wait for it,
   * so the state machine (which names the function's queue) may name nothing that waits for it.
   */
  grantAnswers(consumer: IFunction, stateMachine: IStateMachine): void {
    new Policy(this, 'AnswerPolicy', {
      roles: [consumer.role as IRole],
      statements: [
        new PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: [stateMachine.stateMachineArn],
        }),
      ],
    });
  }
}
