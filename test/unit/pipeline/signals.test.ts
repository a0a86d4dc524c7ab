import { describe, expect, it } from 'vitest';
import { SIGNALS, type Signal } from '../../../shared/model/signals';
import { failDocument } from '../../../shared/pipeline/failure';
import { commitSignals, observedDocuments } from '../../../shared/pipeline/signals';
import type { MemoryDeps } from '../../support/memory';
import { advance, CLEAN, decide, docOf, openTasksOf, PERSONAL, submit, throughFlow, world } from './drive';

/**
 * What each document write tells ops (shared/pipeline/signals.ts): counted at the port every use
 * case commits through, from the commit alone.
 */

function observed(): { deps: MemoryDeps; signals: Signal[] } {
  const base = world();
  const signals: Signal[] = [];
  const deps = { ...base, documents: observedDocuments(base.documents, (s) => signals.push(s), base.calendar) };
  return { deps, signals };
}

describe('signals of document writes', () => {
  it('a published document: received once, published once, and its working days from formation (OGI-26)', async () => {
    const { deps, signals } = observed();
    const doc = await throughFlow(deps, CLEAN);
    expect(doc.status).toBe('PUBLISHED');
    // Formed Friday 20 November 2026, published Monday the 23rd: one working day.
    expect(signals).toEqual([
      { name: SIGNALS.received, value: 1, unit: 'Count' },
      { name: SIGNALS.published, value: 1, unit: 'Count' },
      { name: SIGNALS.publicationWorkingDays, value: 1, unit: 'Count' },
    ]);
  });

  it('a scan sent to the pre-review group: its findings by kind; a return: one returned', async () => {
    const { deps, signals } = observed();
    const { id } = await submit(deps, PERSONAL);
    const inReview = await advance(deps, id);
    expect(inReview.status).toBe('IN_REVIEW');
    const kinds = (inReview.findings ?? []).map((f) => f.kind).sort();
    expect(kinds).toEqual(['id-number', 'mobile']);
    expect(signals.filter((s) => s.name === SIGNALS.findings)).toEqual([
      { name: SIGNALS.findings, value: 1, unit: 'Count', dimension: { name: 'kind', value: 'id-number' } },
      { name: SIGNALS.findings, value: 1, unit: 'Count', dimension: { name: 'kind', value: 'mobile' } },
    ]);
    const [task] = await openTasksOf(deps, id);
    await decide(deps, task?.id ?? '', 'return', { comment: '请删去申请人的身份证号和电话后重新上传' });
    expect((await docOf(deps, id)).status).toBe('RETURNED');
    expect(signals.filter((s) => s.name === SIGNALS.returned)).toEqual([
      { name: SIGNALS.returned, value: 1, unit: 'Count' },
    ]);
  });

  it('a failure counts once: a late failure of a document already FAILED writes nothing and tells nothing', async () => {
    const { deps, signals } = observed();
    const { id } = await submit(deps, CLEAN);
    await failDocument(deps, id, { step: 'Confidentiality review', error: 'Lambda.Unknown', kind: 'system' });
    await failDocument(deps, id, { step: 'Confidentiality review', error: 'Lambda.Unknown', kind: 'system' });
    expect(signals.filter((s) => s.name === SIGNALS.failed)).toHaveLength(1);
  });

  it('nothing is told of a write that did not happen', async () => {
    const { deps, signals } = observed();
    const { id } = await submit(deps, CLEAN);
    const doc = await docOf(deps, id);
    const before = signals.length;
    // A commit on a version that is not the document's: the store refuses it.
    const stale = {
      document: { ...doc, status: 'FAILED' as const },
      expectedVersion: (doc.version ?? 0) - 1,
      scores: {},
    };
    await expect(deps.documents.commit(stale as never)).rejects.toThrow();
    expect(signals.length).toBe(before);
    // Everything else of the store is the store's own.
    expect(await deps.documents.get(id)).toEqual(doc);
  });

  it('a sink that throws does not fail the write: it happened', async () => {
    const base = world();
    const { id } = await submit(base, CLEAN);
    let told = 0;
    const sink = () => {
      told++;
      throw new Error('metrics are down');
    };
    const deps = { ...base, documents: observedDocuments(base.documents, sink, base.calendar) };
    await failDocument(deps, id, { step: 'Routing', error: 'Lambda.Unknown', kind: 'system' });
    expect((await docOf(base, id)).status).toBe('FAILED');
    expect(told).toBe(1);
  });

  it('a commit without an event (a patch) tells nothing', () => {
    const deps = world();
    expect(commitSignals({ document: {} as never, expectedVersion: 1, scores: {} as never }, deps.calendar)).toEqual(
      [],
    );
  });
});
