import { describe, expect, it } from 'vitest';
import { publicationQueueConsumer, type TaskTokenCallbacks } from '../../../functions/steps/publication-queue';
import { publishStep } from '../../../functions/steps/publish';
import type { QueueBinding } from '../../../infra/local/asl-queues';
import { LocalFifoQueue, type QueueConsumer } from '../../../infra/local/fifo-queue';
import { docOf, routed, watchConflicts, world } from '../pipeline/drive';

const BINDING: QueueBinding = {
  queue: 'PublicationQueue',
  fifo: true,
  contentBasedDeduplication: true,
  step: 'publish',
  batchSize: 3,
  reportBatchItemFailures: true,
  // Short, so that a message the consumer failed comes back within the test.
  visibilityTimeoutSeconds: 0.01,
  maxReceiveCount: 3,
};

/** Resolves once the queue holds nothing more (delivered and deleted, or dead-lettered). */
async function drained(queue: LocalFifoQueue) {
  while (queue.depth > 0) await new Promise((r) => setTimeout(r, 2));
}

/** Answers kept as Step Functions would receive them; `gone` tokens answer TaskDoesNotExist, `broken` fail. */
class Answers implements TaskTokenCallbacks {
  readonly succeeded = new Map<string, Record<string, unknown>>();
  readonly failed = new Map<string, { error: string; cause: string }>();
  constructor(
    private readonly gone: ReadonlySet<string> = new Set(),
    readonly broken = new Map<string, number>(),
  ) {}
  private check(token: string) {
    if (this.gone.has(token)) throw Object.assign(new Error('gone'), { name: 'TaskDoesNotExist' });
    const left = this.broken.get(token) ?? 0;
    if (left > 0) {
      this.broken.set(token, left - 1);
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    }
  }
  async succeed(token: string, output: Record<string, unknown>) {
    this.check(token);
    this.succeeded.set(token, output);
  }
  async fail(token: string, error: string, cause: string) {
    this.check(token);
    this.failed.set(token, { error, cause });
  }
}

const message = (documentId: string, taskToken = `token-${documentId}`) =>
  JSON.stringify({ documentId, taskToken, executionId: `exec-${documentId}` });

describe('the local FIFO queue (the twin of SQS FIFO and its Lambda event source)', () => {
  it('delivers each group in order, one batch of a group at a time, groups side by side', async () => {
    const delivered: Array<{ group: string; bodies: string[] }> = [];
    const busy = new Set<string>();
    let overlappedWithinGroup = 0;
    let groupsAtOnce = 0;
    const consumer: QueueConsumer = async (event) => {
      const group = event.Records[0]?.attributes.MessageGroupId ?? '';
      if (busy.has(group)) overlappedWithinGroup++;
      busy.add(group);
      groupsAtOnce = Math.max(groupsAtOnce, busy.size);
      await new Promise((r) => setTimeout(r, 1));
      delivered.push({ group, bodies: event.Records.map((r) => r.body) });
      busy.delete(group);
      return { batchItemFailures: [] };
    };
    const queue = new LocalFifoQueue(BINDING, consumer);
    for (let i = 0; i < 10; i++)
      for (const group of ['edu', 'health']) queue.send({ body: `${group}-${i}`, groupId: group });
    await drained(queue);
    for (const group of ['edu', 'health']) {
      const batches = delivered.filter((d) => d.group === group);
      expect(batches.flatMap((b) => b.bodies)).toEqual(Array.from({ length: 10 }, (_, i) => `${group}-${i}`));
      expect(Math.max(...batches.map((b) => b.bodies.length))).toBe(3);
    }
    expect(overlappedWithinGroup).toBe(0);
    expect(groupsAtOnce).toBe(2);
  });

  it('delivers a failed message again with the rest of its group behind it, then dead-letters it', async () => {
    const seen: string[] = [];
    const consumer: QueueConsumer = async (event) => {
      const failures = [];
      for (const [i, r] of event.Records.entries()) {
        seen.push(r.body);
        // "b" never succeeds: it and what follows it in the batch are reported failed (FIFO).
        if (r.body === 'b') {
          failures.push(...event.Records.slice(i).map((x) => ({ itemIdentifier: x.messageId })));
          break;
        }
      }
      return { batchItemFailures: failures };
    };
    // One a batch: a message received in a batch with a failing one counts a receive too, as in SQS.
    const queue = new LocalFifoQueue({ ...BINDING, batchSize: 1 }, consumer);
    for (const body of ['a', 'b', 'c']) queue.send({ body, groupId: 'edu' });
    await drained(queue);
    // a once; b three times (maxReceiveCount), c only after b left the group.
    expect(seen).toEqual(['a', 'b', 'b', 'b', 'c']);
    expect(queue.deadLetters.map((d) => d.body)).toEqual(['b']);
  });

  it('delivers every message of a batch again when the invocation throws (at least once)', async () => {
    let calls = 0;
    const bodies: string[] = [];
    const queue = new LocalFifoQueue(BINDING, async (event) => {
      calls++;
      if (calls === 1) throw new Error('the function died');
      bodies.push(...event.Records.map((r) => r.body));
      return { batchItemFailures: [] };
    });
    queue.send({ body: 'x', groupId: 'edu' });
    queue.send({ body: 'y', groupId: 'edu' });
    await drained(queue);
    expect(bodies).toEqual(['x', 'y']);
    expect(calls).toBe(2);
  });

  it('drops the very same message sent twice (content-based deduplication) and refuses one without a group', async () => {
    const bodies: string[] = [];
    const queue = new LocalFifoQueue(BINDING, async (event) => {
      bodies.push(...event.Records.map((r) => r.body));
      return { batchItemFailures: [] };
    });
    queue.send({ body: 'same', groupId: 'edu' });
    queue.send({ body: 'same', groupId: 'edu' });
    queue.send({ body: 'other', groupId: 'edu' });
    expect(() => queue.send({ body: 'no group' })).toThrow(/MessageGroupId/);
    await drained(queue);
    expect(bodies).toEqual(['same', 'other']);
  });
});

describe('the publication queue consumer (functions/lambda/publish.ts)', () => {
  /** A publish step answering each document of a batch: "moved-on" was decided already (a domain error). */
  const fakePublish =
    (published: string[] = []) =>
    async (event: unknown) => {
      const { documents } = event as { documents: Array<{ documentId: string }> };
      return {
        outcomes: documents.map(({ documentId }) => {
          published.push(documentId);
          return documentId === 'moved-on'
            ? { ok: false, error: 'ConflictError', cause: 'document moved-on is REJECTED, not ROUTED' }
            : { ok: true, output: { indexNumber: `0201-02-2026-00000${documentId}`, status: 'PUBLISHED' } };
        }),
      };
    };

  it('publishes a batch in one call and answers each token: the result on success, the error by name on failure', async () => {
    const answers = new Answers();
    const published: string[] = [];
    const consumer = publicationQueueConsumer(fakePublish(published), answers);
    const records = ['1', 'moved-on', '2'].map((id) => ({ messageId: id, body: message(id) }));
    const response = await consumer({ Records: records } as never);
    expect(response.batchItemFailures).toEqual([]);
    expect(published).toEqual(['1', 'moved-on', '2']);
    expect(answers.succeeded.get('token-1')).toEqual({ indexNumber: '0201-02-2026-000001', status: 'PUBLISHED' });
    expect(answers.succeeded.get('token-2')).toEqual({ indexNumber: '0201-02-2026-000002', status: 'PUBLISHED' });
    expect(answers.failed.get('token-moved-on')).toEqual({
      error: 'ConflictError',
      cause: 'document moved-on is REJECTED, not ROUTED',
    });
  });

  it('a step that fails as a whole fails each document by its error (the states retry)', async () => {
    const answers = new Answers();
    const consumer = publicationQueueConsumer(async () => {
      throw Object.assign(new Error('DynamoDB did not answer'), { name: 'TimeoutError' });
    }, answers);
    const records = ['1', '2'].map((id) => ({ messageId: id, body: message(id) }));
    expect((await consumer({ Records: records } as never)).batchItemFailures).toEqual([]);
    expect([...answers.failed.values()]).toEqual([
      { error: 'TimeoutError', cause: 'DynamoDB did not answer' },
      { error: 'TimeoutError', cause: 'DynamoDB did not answer' },
    ]);
  });

  it('leaves a message whose answer was not delivered, and every later one of the batch, on the queue', async () => {
    const answers = new Answers(new Set(['token-gone']), new Map([['token-2', 1]]));
    const published: string[] = [];
    const consumer = publicationQueueConsumer(fakePublish(published), answers);
    const records = ['gone', '1', '2', '3'].map((id) => ({ messageId: id, body: message(id) }));
    const response = await consumer({ Records: [{ messageId: 'bad', body: '{"documentId":' }, ...records] } as never);
    // The unreadable message is dropped, a token nobody waits on is done with; "2" could not be answered.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '2' }, { itemIdentifier: '3' }]);
    expect(published).toEqual(['gone', '1', '2', '3']);
    expect([...answers.succeeded.keys()]).toEqual(['token-1']);
  });

  it('publishes an agency’s burst through its message group with index numbers 1..N and no lost claim', async () => {
    const deps = world();
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await routed(deps, `第${i}份通知。`));
    const conflicts = watchConflicts(deps);
    const answers = new Answers();
    const queue = new LocalFifoQueue(
      { ...BINDING, batchSize: 10 },
      publicationQueueConsumer(publishStep(deps), answers),
    );
    // Every approval at once: all of them are in the publisher's group before the first is published.
    for (const id of ids) queue.send({ body: message(id), groupId: 'edu' });
    await drained(queue);
    const numbers = await Promise.all(ids.map(async (id) => (await docOf(deps, id)).indexNumber));
    expect(numbers).toEqual(ids.map((_, i) => `0201-02-2026-${String(i + 1).padStart(6, '0')}`));
    expect(answers.succeeded.size).toBe(24);
    expect(conflicts).toEqual([]);
  });

  it('without the queue the same burst fights over the numbers (what the queue removes)', async () => {
    const deps = world();
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await routed(deps, `第${i}份通知。`));
    const conflicts = watchConflicts(deps);
    const publish = publishStep(deps);
    await Promise.all(ids.map((documentId) => publish({ documentId })));
    expect((await Promise.all(ids.map((id) => docOf(deps, id)))).every((d) => d.status === 'PUBLISHED')).toBe(true);
    expect(conflicts.filter((c) => c === 'sequence').length).toBeGreaterThan(0);
  });
});
