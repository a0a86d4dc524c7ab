import { describe, expect, it } from 'vitest';
import { publishStep } from '../../../functions/steps/publish';
import { ConflictError } from '../../../shared/model/errors';
import { publishDocument, publishInOrder } from '../../../shared/pipeline/publish';
import { docOf, routed, signedOff, watchConflicts, world } from './drive';

const number = (n: number) => `0201-02-2026-${String(n).padStart(6, '0')}`;

describe('issue 13: one publisher’s batch, published in its queue’s order', () => {
  it('numbers the documents in the order given, each outcome its own: a document not routed fails alone', async () => {
    const deps = world();
    const a = await routed(deps, '第一份通知。');
    const notRouted = await signedOff(deps, '尚未分办的通知。');
    const b = await routed(deps, '第二份通知。');
    const c = await routed(deps, '第三份通知。');
    const conflicts = watchConflicts(deps);
    const outcomes = await publishInOrder(deps, [c, notRouted, a, b]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.indexNumber : 'refused'))).toEqual([
      number(1),
      'refused',
      number(2),
      number(3),
    ]);
    const refused = outcomes[1];
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(ConflictError);
    expect((await docOf(deps, notRouted)).status).toBe('SIGNED_OFF');
    // The catalogue's time order is the numbers' order.
    const times = await Promise.all([c, a, b].map(async (id) => (await docOf(deps, id)).publishedAt ?? ''));
    expect([...times].sort()).toEqual(times);
    expect(conflicts).toEqual([]);
  });

  it('a document published already answers with its number (a message delivered twice), taking none', async () => {
    const deps = world();
    const a = await routed(deps, '第一份通知。');
    const b = await routed(deps, '第二份通知。');
    expect((await publishDocument(deps, a)).indexNumber).toBe(number(1));
    const outcomes = await publishInOrder(deps, [a, b, a]);
    expect(outcomes.map((o) => o.status === 'fulfilled' && o.value.indexNumber)).toEqual([
      number(1),
      number(2),
      number(1),
    ]);
    expect(await deps.publications.lastSequence('0201', 2026)).toBe(2);
  });

  it('the same routed document twice in one batch is published once, both answered with its number', async () => {
    const deps = world();
    const a = await routed(deps, '第一份通知。');
    const outcomes = await publishInOrder(deps, [a, a]);
    expect(outcomes.map((o) => o.status === 'fulfilled' && o.value)).toEqual([
      { indexNumber: number(1), status: 'PUBLISHED' },
      { indexNumber: number(1), status: 'PUBLISHED' },
    ]);
    expect(await deps.publications.lastSequence('0201', 2026)).toBe(1);
    expect((await deps.documents.history(a)).filter((e) => e.to === 'PUBLISHED')).toHaveLength(1);
  });

  it('the publish step takes a batch and reports each outcome, errors by the names the state machine knows', async () => {
    const deps = world();
    const a = await routed(deps, '第一份通知。');
    const result = (await publishStep(deps)({
      documents: [{ documentId: a }, { documentId: 'no-such-document' }],
    })) as {
      outcomes: unknown[];
    };
    expect(result.outcomes).toEqual([
      { ok: true, output: { indexNumber: number(1), status: 'PUBLISHED' } },
      { ok: false, error: 'NotFoundError', cause: 'no document no-such-document' },
    ]);
  });
});
