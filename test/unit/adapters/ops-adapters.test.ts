import type { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { replayExecutionName, rerunExecutionName, SfnStarter } from '../../../functions/adapters/sfn';
import { SqsDeadLetters } from '../../../functions/adapters/sqs-dead-letters';

/** The AWS side of `gongkai ops`: StartExecution of a dead-lettered event and of a sweep; the SQS queue. */

const ARN = 'arn:aws:states:cn-north-1:000000000000:stateMachine:gongkai';
const EVENT_ID = '3f0c6d0e-9d3c-4b8a-a1a4-4b8b8c1f1e11';

function client<C>(answer: (command: unknown) => unknown = () => ({})) {
  const sent: unknown[] = [];
  const send = async (command: unknown) => {
    sent.push(command);
    return answer(command);
  };
  return { client: { send } as unknown as C, sent };
}

describe('SfnStarter.redeliver', () => {
  it('starts the state machine with the event itself as input, named by the event: twice is once', async () => {
    const taken = new Set<string>();
    const { client: sfn, sent } = client<SFNClient>((command) => {
      const { name } = (command as StartExecutionCommand).input;
      if (taken.has(name ?? '')) throw Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' });
      taken.add(name ?? '');
      return {};
    });
    const starter = new SfnStarter(sfn, ARN);
    const event = { id: EVENT_ID, 'detail-type': 'Object Created', source: 'aws.s3', detail: {} };
    expect(await starter.redeliver(EVENT_ID, event)).toBe(true);
    expect(await starter.redeliver(EVENT_ID, event)).toBe(false);
    const [first] = sent as StartExecutionCommand[];
    expect(first?.input).toEqual({ stateMachineArn: ARN, name: `replay-${EVENT_ID}`, input: JSON.stringify(event) });
    expect(replayExecutionName(EVENT_ID)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('any other refusal is an error', async () => {
    const { client: sfn } = client<SFNClient>(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });
    await expect(new SfnStarter(sfn, ARN).redeliver(EVENT_ID, {})).rejects.toThrow('Rate exceeded');
  });

  it('a sweep is named as one', async () => {
    const { client: sfn, sent } = client<SFNClient>();
    await new SfnStarter(sfn, ARN).resume(EVENT_ID, undefined, 'sweep');
    expect((sent[0] as StartExecutionCommand).input.name).toMatch(new RegExp(`^sweep-${EVENT_ID}-`));
    expect(rerunExecutionName(EVENT_ID)).toMatch(/^rerun-/);
  });
});

describe('SqsDeadLetters', () => {
  it('receives up to ten at a time, hidden for five minutes, and deletes by receipt handle', async () => {
    const { client: sqs, sent } = client<SQSClient>((command) =>
      command instanceof ReceiveMessageCommand
        ? { Messages: [{ MessageId: 'm1', ReceiptHandle: 'h1', Body: '{}' }, { MessageId: 'm2' }] }
        : {},
    );
    const letters = new SqsDeadLetters(sqs, 'https://sqs.cn-north-1.amazonaws.com.cn/000000000000/dlq');
    const received = await letters.receive(50);
    expect(received).toEqual([{ id: 'm1', receipt: 'h1', body: '{}' }]);
    await letters.remove(received[0] as never);
    expect((sent[0] as ReceiveMessageCommand).input).toMatchObject({ MaxNumberOfMessages: 10, VisibilityTimeout: 300 });
    expect(sent[1]).toBeInstanceOf(DeleteMessageCommand);
    expect((sent[1] as DeleteMessageCommand).input.ReceiptHandle).toBe('h1');
  });
});
