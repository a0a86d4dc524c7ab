import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFaults } from '../../../infra/local/faults';

/** GONGKAI_FAULTS (infra/local/faults.ts): what it accepts, and what an injected failure is. */

/** Draws from a fixed list: whether to fail, then before (< 0.5) or after. */
const draws = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('GONGKAI_FAULTS', () => {
  it('reads kind:rate pairs; unset or empty is no faults', () => {
    expect(parseFaults('steps:0.2,dynamo:0.05')).toEqual({ steps: 0.2, dynamo: 0.05, events: 0 });
    expect(parseFaults(' events:1 ')).toEqual({ steps: 0, dynamo: 0, events: 1 });
    expect(parseFaults(undefined)).toEqual({ steps: 0, dynamo: 0, events: 0 });
    expect(parseFaults('')).toEqual({ steps: 0, dynamo: 0, events: 0 });
  });

  it.each([
    ['steps=0.2', /"steps=0.2" is not kind:rate/],
    ['lambda:0.2', /"lambda:0.2" is not kind:rate with kind one of steps, dynamo, events/],
    ['steps:1.5', /rate of steps must be a number from 0 to 1, got "1.5"/],
    ['steps:', /rate of steps must be a number from 0 to 1, got ""/],
    ['steps:0.1:2', /is not kind:rate/],
  ])('refuses %s, saying why', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message);
  });
});

describe('an injected step failure', () => {
  const run = async (injector: FaultInjector) => {
    let ran = 0;
    const step = injector.step('review', async () => {
      ran++;
      return { decision: 'clear' };
    });
    const outcome = await step({}).then(
      (value) => ({ value }),
      (err: Error) => ({ error: err.name }),
    );
    return { ran, outcome };
  };

  it('before: the step does not run, and the error is named as Lambda names a refused invocation', async () => {
    const injector = new FaultInjector({ steps: 0.2, dynamo: 0, events: 0 }, draws(0.1, 0.3));
    injector.enabled = true;
    expect(await run(injector)).toEqual({ ran: 0, outcome: { error: 'Lambda.ServiceException' } });
    expect(injector.counts.stepsBefore).toBe(1);
  });

  it('after: the step ran, and its answer is lost as a timed-out function’s is', async () => {
    const injector = new FaultInjector({ steps: 0.2, dynamo: 0, events: 0 }, draws(0.1, 0.7));
    injector.enabled = true;
    expect(await run(injector)).toEqual({ ran: 1, outcome: { error: 'Sandbox.Timedout' } });
    expect(injector.counts.stepsAfter).toBe(1);
  });

  it('none above the rate, and none while the runtime starts (not enabled)', async () => {
    const over = new FaultInjector({ steps: 0.2, dynamo: 0, events: 0 }, draws(0.2));
    over.enabled = true;
    expect(await run(over)).toEqual({ ran: 1, outcome: { value: { decision: 'clear' } } });
    const starting = new FaultInjector({ steps: 1, dynamo: 0, events: 0 }, draws(0));
    expect(await run(starting)).toEqual({ ran: 1, outcome: { value: { decision: 'clear' } } });
  });
});

describe('an injected DynamoDB write failure', () => {
  /** A client whose requests never leave the process: the handler at the end of the stack answers. */
  function client(injector: FaultInjector) {
    const dynamo = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const sent: string[] = [];
    dynamo.middlewareStack.add(
      (_next, context) => async () => {
        sent.push(context.commandName ?? '');
        return { output: { $metadata: {} }, response: {} };
      },
      { step: 'finalizeRequest', priority: 'low', name: 'answerLocally' },
    );
    injector.attach(dynamo);
    return { dynamo, sent };
  }
  const put = new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } });

  it('before: refused and never sent; after: sent (written), then the answer is lost', async () => {
    const before = new FaultInjector({ steps: 0, dynamo: 0.05, events: 0 }, draws(0.01, 0.2));
    before.enabled = true;
    const a = client(before);
    await expect(a.dynamo.send(put)).rejects.toMatchObject({ name: 'InternalServerError' });
    expect(a.sent).toEqual([]);

    const after = new FaultInjector({ steps: 0, dynamo: 0.05, events: 0 }, draws(0.01, 0.9));
    after.enabled = true;
    const b = client(after);
    await expect(b.dynamo.send(put)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(b.sent).toEqual(['PutItemCommand']);
  });
});
