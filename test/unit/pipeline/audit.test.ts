import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../shared/model/document';
import { NotFoundError } from '../../../shared/model/errors';
import { verifyAudit, writeAuditDigest } from '../../../shared/pipeline/audit';
import { canonicalJson, chainEvent, eventHash, verifyChain } from '../../../shared/pipeline/audit-chain';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import { recordEvent, updateDocument } from '../../../shared/pipeline/write';
import type { MemoryDeps } from '../../support/memory';
import { docOf, throughFlow, world } from './drive';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Changes one stored event as someone with table access could (UpdateItem on its key). */
function editEvent(deps: MemoryDeps, id: string, seq: number, change: (e: AuditEvent) => AuditEvent) {
  const events = deps.state.events.get(id);
  const key = [...(events?.keys() ?? [])].find((k) => events?.get(k)?.seq === seq);
  if (!events || !key) throw new Error(`no event ${seq} of ${id}`);
  events.set(key, change(events.get(key) as AuditEvent));
}

function deleteEvent(deps: MemoryDeps, id: string, seq: number) {
  const events = deps.state.events.get(id);
  const key = [...(events?.keys() ?? [])].find((k) => events?.get(k)?.seq === seq);
  if (!events || !key) throw new Error(`no event ${seq} of ${id}`);
  events.delete(key);
}

/** Swaps the contents of two event items (their keys stay: items cannot be re-keyed). */
function swapEvents(deps: MemoryDeps, id: string, a: AuditEvent, b: AuditEvent) {
  const events = deps.state.events.get(id);
  const keyOf = (e: AuditEvent) => [...(events?.keys() ?? [])].find((k) => events?.get(k)?.seq === e.seq);
  const [ka, kb] = [keyOf(a), keyOf(b)];
  if (!events || !ka || !kb) throw new Error(`no events ${a.seq}, ${b.seq} of ${id}`);
  events.set(ka, b);
  events.set(kb, a);
}

/** A published document (its chain has about a dozen events) and its history. */
async function published(deps: MemoryDeps) {
  const doc = await throughFlow(deps);
  expect(doc.status).toBe('PUBLISHED');
  const history = await deps.documents.history(doc.id);
  expect(history.length).toBeGreaterThan(4);
  return { id: doc.id, history };
}

const verify = (deps: MemoryDeps, documentId?: string) =>
  verifyAudit(deps, documentId === undefined ? {} : { documentId });

describe('the canonical form an audit event is hashed over', () => {
  it('sorts keys, leaves out undefined, writes no whitespace and strings as JSON does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x"y'], c: undefined, d: { z: '供暖\u2028', y: -0.5 } })).toBe(
      '{"a":[true,null,"x\\"y"],"b":1,"d":{"y":-0.5,"z":"供暖\u2028"}}',
    );
    expect(canonicalJson({ é: 1, Z: 2, a: 3 })).toBe('{"Z":2,"a":3,"é":1}');
  });

  it('refuses what JSON cannot say exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('hashes every field but the hash: SHA-256 of the canonical JSON, as hex', () => {
    const entry = {
      documentId: 'd1',
      at: '2026-11-23T02:00:00.000Z',
      actor: 'zhang.wei',
      from: null,
      to: 'RECEIVED',
      rules: undefined,
      note: { code: 'received' },
    } as const;
    const first = chainEvent(undefined, entry, 1);
    expect(first).toEqual({ ...entry, seq: 1, prevSeq: null, prevHash: null, hash: first.hash });
    expect('rules' in first).toBe(false);
    expect(first.hash).toBe(
      sha256(
        '{"actor":"zhang.wei","at":"2026-11-23T02:00:00.000Z","documentId":"d1","from":null,' +
          '"note":{"code":"received"},"prevHash":null,"prevSeq":null,"seq":1,"to":"RECEIVED"}',
      ),
    );
    const second = chainEvent({ seq: 1, hash: first.hash }, { ...entry, from: 'RECEIVED', to: 'IN_REVIEW' }, 3);
    expect(second).toMatchObject({ seq: 3, prevSeq: 1, prevHash: first.hash });
    expect(eventHash(second)).toBe(second.hash);
    expect(verifyChain('d1', { lastEventSeq: 3, lastEventHash: second.hash } as never, [first, second])).toEqual({
      mismatches: [],
      last: { seq: 3, hash: second.hash },
    });
  });
});

describe('writeDocument chains every event of a document', () => {
  it('each event follows the document’s head and becomes it; writes without an event leave it', async () => {
    const deps = world();
    const { id, history } = await published(deps);
    history.forEach((event, i) => {
      expect(event.hash).toBe(eventHash(event));
      expect(event.prevSeq).toBe(history[i - 1]?.seq ?? null);
      expect(event.prevHash).toBe(history[i - 1]?.hash ?? null);
      if (i > 0) expect(event.seq).toBeGreaterThan(history[i - 1]?.seq ?? 0);
    });
    const doc = await docOf(deps, id);
    expect(doc).toMatchObject({ lastEventSeq: history.at(-1)?.seq, lastEventHash: history.at(-1)?.hash });

    // A write without an event takes a version (a gap in the sequences) and keeps the head.
    const patched = await updateDocument(deps.documents, id, 'PUBLISHED', { lastEventHash: 'forged' });
    expect(patched).toMatchObject({ version: (doc.version ?? 0) + 1, lastEventHash: doc.lastEventHash });
    const next = await recordEvent(deps.documents, id, { at: '2026-11-30T02:00:00.000Z', actor: SYSTEM_ACTOR });
    expect(await deps.documents.history(id)).toEqual([
      ...history,
      expect.objectContaining({ seq: (doc.version ?? 0) + 2, prevSeq: doc.lastEventSeq, prevHash: doc.lastEventHash }),
    ]);
    expect(next.lastEventSeq).toBe((doc.version ?? 0) + 2);
    expect(await verify(deps)).toMatchObject({ documents: 1, events: history.length + 1, mismatches: [] });
  });
});

describe('audit verify finds what was changed behind the pipeline’s back', () => {
  it('an untouched district verifies: every document, every event, the latest digest', async () => {
    const deps = world();
    await published(deps);
    await published(deps);
    await writeAuditDigest(deps);
    const report = await verify(deps);
    expect(report).toMatchObject({ documents: 2, mismatches: [], digest: '2026-11-23' });
    expect(report.events).toBeGreaterThan(8);
  });

  it('an edited field: the event no longer hashes to its hash', async () => {
    const deps = world();
    const { id, history } = await published(deps);
    const other = await published(deps);
    const target = history[3] as AuditEvent;
    editEvent(deps, id, target.seq, (e) => ({ ...e, actor: 'someone.else' }));
    expect((await verify(deps)).mismatches).toEqual([{ documentId: id, seq: target.seq, problem: 'edited' }]);
    expect((await verify(deps, other.id)).mismatches).toEqual([]);
  });

  it('a deleted event: the one after it names it as missing; a deleted last event, the document does', async () => {
    const deps = world();
    const { id, history } = await published(deps);
    const middle = history[2] as AuditEvent;
    deleteEvent(deps, id, middle.seq);
    expect((await verify(deps, id)).mismatches).toEqual([{ documentId: id, seq: middle.seq, problem: 'missing' }]);

    const last = history.at(-1) as AuditEvent;
    deleteEvent(deps, id, last.seq);
    expect((await verify(deps, id)).mismatches).toEqual([
      { documentId: id, seq: middle.seq, problem: 'missing' },
      { documentId: id, seq: last.seq, problem: 'missing' },
    ]);
  });

  it('reordered events: each one out of its place', async () => {
    const deps = world();
    const { id, history } = await published(deps);
    const [a, b] = [history[2] as AuditEvent, history[3] as AuditEvent];
    swapEvents(deps, id, a, b);
    // Read back by key: b's content comes first, then a's.
    const { mismatches } = await verify(deps, id);
    expect(mismatches).toEqual([
      { documentId: id, seq: b.seq, problem: 'out-of-order' },
      { documentId: id, seq: a.seq, problem: 'out-of-order' },
    ]);
  });

  it('a replaced head: the document no longer ends where its chain does', async () => {
    const deps = world();
    const { id, history } = await published(deps);
    const doc = await docOf(deps, id);
    deps.state.documents.set(id, { ...doc, lastEventHash: sha256('forged') });
    const last = history.at(-1) as AuditEvent;
    expect((await verify(deps)).mismatches).toEqual([{ documentId: id, seq: last.seq, problem: 'head-mismatch' }]);
  });

  it('an event replaced with its hash recomputed breaks the link from the next one', async () => {
    const deps = world();
    const { id, history } = await published(deps);
    const target = history[1] as AuditEvent;
    const { hash: _h, ...content } = { ...target, actor: 'someone.else' };
    editEvent(deps, id, target.seq, () => ({ ...content, hash: eventHash(content) }));
    expect((await verify(deps, id)).mismatches).toEqual([
      { documentId: id, seq: (history[2] as AuditEvent).seq, problem: 'broken-link' },
    ]);
  });

  it('a chain rewritten consistently up to its head: only the digest written before shows it', async () => {
    const deps = world();
    const { id, history } = await published(deps);
    await writeAuditDigest(deps);
    // Rewrite the last event (content, hash) and the document's head to match: the chain holds.
    const last = history.at(-1) as AuditEvent;
    const { hash: _h, ...content } = { ...last, actor: 'someone.else' };
    const forged = { ...content, hash: eventHash(content) };
    editEvent(deps, id, last.seq, () => forged);
    deps.state.documents.set(id, { ...(await docOf(deps, id)), lastEventHash: forged.hash });
    expect(verifyChain(id, await docOf(deps, id), await deps.documents.history(id)).mismatches).toEqual([]);
    expect(await verify(deps)).toMatchObject({
      mismatches: [{ documentId: id, seq: last.seq, problem: 'digest-mismatch' }],
      digest: '2026-11-23',
    });
  });

  it('a deleted document is named from the digest; an altered digest is reported and not trusted', async () => {
    const deps = world();
    const { id } = await published(deps);
    await writeAuditDigest(deps);
    deps.state.documents.delete(id);
    expect((await verify(deps)).mismatches).toEqual([{ documentId: id, seq: null, problem: 'document-missing' }]);

    const digest = await deps.digests.get('2026-11-23');
    if (!digest) throw new Error('no digest');
    deps.digests.stored.set('2026-11-23', JSON.stringify({ ...digest, heads: {}, documents: 0 }));
    expect(await verify(deps)).toEqual({
      documents: 0,
      events: 0,
      mismatches: [{ documentId: null, seq: null, problem: 'digest-altered' }],
      digest: '2026-11-23',
    });
  });

  it('one document on its own; of a document nothing is known about, NotFoundError', async () => {
    const deps = world();
    const a = await published(deps);
    await published(deps);
    expect(await verify(deps, a.id)).toEqual({
      documents: 1,
      events: a.history.length,
      mismatches: [],
      digest: null,
    });
    await expect(verify(deps, 'no-such-document')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the daily digest', () => {
  it('records every chain’s head once a day, hashed over its content; a second one that day is not written', async () => {
    const deps = world();
    const a = await published(deps);
    const b = await published(deps);
    expect(await writeAuditDigest(deps)).toEqual({ date: '2026-11-23', documents: 2, written: true });
    const digest = await deps.digests.get('2026-11-23');
    expect(digest).toMatchObject({
      format: 1,
      date: '2026-11-23',
      documents: 2,
      heads: {
        [a.id]: { seq: a.history.at(-1)?.seq, hash: a.history.at(-1)?.hash },
        [b.id]: { seq: b.history.at(-1)?.seq, hash: b.history.at(-1)?.hash },
      },
    });
    const { hash, ...content } = digest ?? ({} as never);
    expect(hash).toBe(sha256(canonicalJson(content)));

    await published(deps);
    expect(await writeAuditDigest(deps)).toEqual({ date: '2026-11-23', documents: 3, written: false });
    expect((await deps.digests.get('2026-11-23'))?.documents).toBe(2);
    // The next Beijing day (from 16:00 UTC) has its own.
    deps.clock.set('2026-11-23T16:00:00.000Z');
    expect(await writeAuditDigest(deps)).toMatchObject({ date: '2026-11-24', documents: 3, written: true });
    expect(await deps.digests.list()).toEqual(['2026-11-23', '2026-11-24']);
  });
});
