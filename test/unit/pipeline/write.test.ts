import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentRecord } from '../../../shared/model/document';
import { CommitConflictError, ConflictError, DomainError } from '../../../shared/model/errors';
import { NO_SCORE_CHANGE } from '../../../shared/model/scores';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import {
  applyPatch,
  claimDocument,
  createDocument,
  Skip,
  takeOverDocument,
  transitionDocument,
  updateDocument,
  writeDocument,
} from '../../../shared/pipeline/write';
import type { DocumentCommit } from '../../../shared/ports';
import { scoreChange } from '../../../shared/scores/delta';
import { docOf, path, register, watchConflicts, world } from './drive';

type World = ReturnType<typeof world>;

const event = (at = '2026-11-23T05:00:00.000Z') => ({ at, actor: SYSTEM_ACTOR });

/** A build that sets attributes on the document as read, keeping its status. */
const patch = (doc: DocumentRecord | undefined, attributes: Partial<DocumentRecord>) => {
  if (!doc) throw new Error('no document');
  return { document: applyPatch(doc, attributes, doc.status, doc.updatedAt) };
};

/** Every commit the store is asked to write from now on. */
function recordCommits(deps: World): DocumentCommit[] {
  const commits: DocumentCommit[] = [];
  const commit = deps.documents.commit.bind(deps.documents);
  deps.documents.commit = (c) => {
    commits.push(c);
    return commit(c);
  };
  return commits;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeDocument: the optimistic write core', () => {
  it('two writers on one document: one wins, the other retries on a fresh read and builds on the new version', async () => {
    const deps = world();
    const { id } = await register(deps, { title: '通知' });
    const conflicts = watchConflicts(deps);
    const seen: Record<'a' | 'b', number[]> = { a: [], b: [] };
    let release = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writer = (name: 'a' | 'b') =>
      writeDocument(deps.documents, id, async (doc) => {
        seen[name].push(doc?.version ?? 0);
        if (seen[name].length === 1) {
          if (seen.a.length + seen.b.length === 2) release();
          await bothRead; // both have read version 1 before either writes
        }
        return patch(doc, { title: `${doc?.title}+${name}` });
      });
    const [a, b] = await Promise.all([writer('a'), writer('b')]);
    expect(conflicts).toEqual(['document']);
    expect([seen.a, seen.b].sort()).toEqual([[1], [1, 2]]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
    const winner = seen.a.length === 1 ? 'a' : 'b';
    const loser = winner === 'a' ? 'b' : 'a';
    const stored = await docOf(deps, id);
    expect(stored.version).toBe(3);
    // The retried write saw the winner's change and kept it.
    expect(stored.title).toBe(`通知+${winner}+${loser}`);
  });

  it('Skip: the build decides not to write and its value is returned', async () => {
    const deps = world();
    const doc = await register(deps);
    const commits = recordCommits(deps);
    expect(await writeDocument(deps.documents, doc.id, () => new Skip('nothing to do'))).toBe('nothing to do');
    expect(commits).toEqual([]);
    expect((await docOf(deps, doc.id)).version).toBe(1);
  });

  it('commits the next version conditional on the one read, with what the change does to the scores', async () => {
    const deps = world();
    const doc = await register(deps);
    const before = await docOf(deps, doc.id);
    const commits = recordCommits(deps);
    const next = await writeDocument(deps.documents, doc.id, (d) => patch(d, { title: '新标题' }));
    expect(next).toMatchObject({ version: 2, title: '新标题' });
    expect(commits).toHaveLength(1);
    expect(commits[0]?.expectedVersion).toBe(1);
    expect(commits[0]?.scores).toEqual(scoreChange(before, next));
    // Registration opened the document's counter entry in its agency and deadline year.
    expect(commits[0]?.scores.counters).toEqual([]);
    expect((await deps.scores.scoreCounters(2026))[0]?.open).toEqual([
      { documentId: doc.id, dueAt: '2026-12-18', inTimeliness: true },
    ]);
  });

  it('a linked condition that fails is not retried: ConflictError with the write’s message, nothing written', async () => {
    const deps = world();
    const doc = await register(deps);
    let builds = 0;
    const closeMissing = (conflictMessage?: string) =>
      writeDocument(deps.documents, doc.id, (d) => {
        builds++;
        return {
          ...patch(d, { title: '不会写入' }),
          closeTask: { id: 'no-such-task', status: 'closed', decidedAt: '2026-11-23', decidedBy: 'li.na' },
          ...(conflictMessage ? { conflictMessage } : {}),
        };
      });
    const decided = closeMissing('task no-such-task was already decided');
    await expect(decided).rejects.toBeInstanceOf(ConflictError);
    await expect(decided).rejects.not.toBeInstanceOf(CommitConflictError);
    await expect(decided).rejects.toThrow('task no-such-task was already decided');
    builds = 0;
    await expect(closeMissing()).rejects.toThrow(`document ${doc.id} changed while writing (task-closed)`);
    expect(builds).toBe(1);
    expect(await docOf(deps, doc.id)).toMatchObject({ version: 1, title: doc.title });
  });

  it('retryOn: a linked condition worth another try is retried with a fresh read (another took the number)', async () => {
    const deps = world();
    const [mine, other] = [await register(deps), await register(deps)];
    const claim = (last: number) => ({ agencyCode: '9999', year: 2026, expected: last, next: last + 1 });
    let attempts = 0;
    const written = await writeDocument(deps.documents, mine.id, async (doc) => {
      attempts++;
      const last = await deps.publications.lastSequence('9999', 2026);
      if (attempts === 1) {
        // Between the read and the write, another document takes the same number.
        await writeDocument(deps.documents, other.id, (o) => ({ ...patch(o, {}), sequence: claim(last) }));
      }
      return { ...patch(doc, { documentNumber: `No.${last + 1}` }), sequence: claim(last), retryOn: ['sequence'] };
    });
    expect(attempts).toBe(2);
    expect(written.documentNumber).toBe('No.2');
    expect(await deps.publications.lastSequence('9999', 2026)).toBe(2);
  });

  it('without retryOn the same lost number is a conflict', async () => {
    const deps = world();
    const [mine, other] = [await register(deps), await register(deps)];
    const claim = { agencyCode: '9999', year: 2026, expected: 0, next: 1 };
    await writeDocument(deps.documents, other.id, (o) => ({ ...patch(o, {}), sequence: claim }));
    const attempt = writeDocument(deps.documents, mine.id, (doc) => ({
      ...patch(doc, {}),
      sequence: claim,
      conflictMessage: 'index number taken',
    }));
    await expect(attempt).rejects.toThrow('index number taken');
  });

  it('gives up with a ConflictError when the document keeps moving under it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // no back-off wait between attempts
    const deps = world();
    const doc = await register(deps);
    let builds = 0;
    const attempt = writeDocument(deps.documents, doc.id, async (d) => {
      builds++;
      if (!d) throw new Error('no document');
      // Someone else writes a new version after every read.
      await deps.documents.commit({
        document: { ...d, version: (d.version ?? 0) + 1 },
        expectedVersion: d.version ?? 0,
        scores: NO_SCORE_CHANGE,
      });
      return patch(d, { title: '永远写不进去' });
    });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(`document ${doc.id}: too much contention, gave up after 50 attempts`);
    expect(builds).toBe(50);
  });

  it('an error that is no commit conflict passes through unchanged, and is not retried', async () => {
    const deps = world();
    const doc = await register(deps);
    let builds = 0;
    // DynamoDB refuses an item over 400 KB: a malformed request, not a lost race.
    const tooBig = writeDocument(deps.documents, doc.id, (d) => {
      builds++;
      return patch(d, { legalReason: 'x'.repeat(500_000) });
    });
    await expect(tooBig).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(tooBig).rejects.not.toBeInstanceOf(DomainError);
    expect(builds).toBe(1);
    const failing = writeDocument(deps.documents, doc.id, () => {
      throw new TypeError('build failed');
    });
    await expect(failing).rejects.toBeInstanceOf(TypeError);
  });
});

describe('status changes only move forward, conditional on the status read', () => {
  it('moves the document and records the event with from/to in the same write', async () => {
    const deps = world();
    const doc = await register(deps);
    const moved = await transitionDocument(deps.documents, doc.id, {
      from: 'DRAFT',
      to: 'RECEIVED',
      event: { ...event('2026-11-23T03:00:00.000Z'), note: { code: 'received' } },
      patch: { objectVersion: 'v1' },
    });
    expect(moved).toMatchObject({ status: 'RECEIVED', objectVersion: 'v1', updatedAt: '2026-11-23T03:00:00.000Z' });
    expect((await deps.documents.history(doc.id)).at(-1)).toEqual({
      documentId: doc.id,
      at: '2026-11-23T03:00:00.000Z',
      actor: SYSTEM_ACTOR,
      from: 'DRAFT',
      to: 'RECEIVED',
      note: { code: 'received' },
      // Chained after the registration: the document's new version is its sequence, and its head.
      seq: 2,
      prevSeq: 1,
      prevHash: (await deps.documents.history(doc.id))[0]?.hash,
      hash: moved.lastEventHash,
    });
  });

  it('a document no longer in `from` is a conflict and is not moved', async () => {
    const deps = world();
    const doc = await register(deps);
    const attempt = transitionDocument(deps.documents, doc.id, { from: 'RECEIVED', to: 'CLEARED', event: event() });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(`document ${doc.id} is DRAFT, not RECEIVED; not moved to CLEARED`);
    await expect(
      transitionDocument(deps.documents, 'no-such-document', { from: 'DRAFT', to: 'RECEIVED', event: event() }),
    ).rejects.toThrow('document no-such-document is missing, not DRAFT');
    expect(path(await deps.documents.history(doc.id))).toEqual(['null→DRAFT']);
  });

  it.each([
    ['DRAFT', 'PUBLISHED'],
    ['DRAFT', 'SIGNED_OFF'],
  ] as const)('an illegal status change %s → %s throws, and is no conflict to retry', async (from, to) => {
    const deps = world();
    const doc = await register(deps);
    const attempt = transitionDocument(deps.documents, doc.id, { from, to, event: event() });
    await expect(attempt).rejects.toThrow(`illegal status change ${from} → ${to} for document ${doc.id}`);
    await expect(attempt).rejects.not.toBeInstanceOf(ConflictError);
    expect((await docOf(deps, doc.id)).status).toBe('DRAFT');
  });

  it('a status never moves back', async () => {
    const deps = world();
    const doc = await register(deps);
    await transitionDocument(deps.documents, doc.id, { from: 'DRAFT', to: 'RECEIVED', event: event() });
    await expect(
      transitionDocument(deps.documents, doc.id, { from: 'RECEIVED', to: 'DRAFT', event: event() }),
    ).rejects.toThrow('illegal status change RECEIVED → DRAFT');
  });

  it('staying in a status is recorded (a task reopened), and a patch function sees the document as written', async () => {
    const deps = world();
    const doc = await register(deps);
    const seen: number[] = [];
    await transitionDocument(deps.documents, doc.id, {
      from: 'DRAFT',
      to: 'DRAFT',
      event: event(),
      patch: (current) => {
        seen.push(current.version ?? 0);
        return { title: `${current.title}（修订）` };
      },
    });
    expect(seen).toEqual([1]);
    expect((await docOf(deps, doc.id)).title).toBe(`${doc.title}（修订）`);
    expect(path(await deps.documents.history(doc.id))).toEqual(['null→DRAFT', 'DRAFT→DRAFT']);
  });

  it('applyPatch removes what the patch sets to undefined and sets status and time', () => {
    const doc = { id: 'd', status: 'IN_REVIEW', redactionPending: true, title: 't' } as unknown as DocumentRecord;
    expect(applyPatch(doc, { redactionPending: undefined, findings: [] }, 'CLEARED', 'now')).toEqual({
      id: 'd',
      title: 't',
      findings: [],
      status: 'CLEARED',
      updatedAt: 'now',
    });
  });
});

describe('create, update, claim and take over', () => {
  it('a document is created once', async () => {
    const deps = world();
    const doc = await register(deps);
    const again = createDocument(
      deps.documents,
      { ...doc, version: undefined },
      { at: doc.createdAt, actor: 'zhang.wei' },
    );
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow(`document ${doc.id} exists`);
  });

  it('updateDocument sets attributes without a status change or an event, only in the expected status', async () => {
    const deps = world();
    const doc = await register(deps);
    const updated = await updateDocument(deps.documents, doc.id, 'DRAFT', { size: 42 });
    expect(updated).toMatchObject({ status: 'DRAFT', size: 42, updatedAt: doc.updatedAt, version: 2 });
    expect(path(await deps.documents.history(doc.id))).toEqual(['null→DRAFT']);
    await expect(updateDocument(deps.documents, doc.id, 'RECEIVED', { size: 1 })).rejects.toThrow(
      `document ${doc.id} is no longer RECEIVED`,
    );
  });

  it('claimDocument: one execution claims; another, or a document moved on, is refused without a write', async () => {
    const deps = world();
    const doc = await register(deps);
    const transition = { from: 'DRAFT', to: 'RECEIVED', event: { ...event(), note: { code: 'received' } } } as const;
    expect(await claimDocument(deps.documents, doc.id, 'exec-1', transition)).toMatchObject({
      id: doc.id,
      executionId: 'exec-1',
      status: transition.to,
    });
    expect(await claimDocument(deps.documents, doc.id, 'exec-2', transition)).toBeUndefined();
    expect(await claimDocument(deps.documents, 'no-such-document', 'exec-2', transition)).toBeUndefined();
    expect(await docOf(deps, doc.id)).toMatchObject({ executionId: 'exec-1', status: 'RECEIVED', version: 2 });
  });

  it('takeOverDocument: only from the execution that holds it', async () => {
    const deps = world();
    const doc = await register(deps);
    const transition = { from: 'DRAFT', to: 'RECEIVED', event: event() } as const;
    await claimDocument(deps.documents, doc.id, 'exec-1', transition);
    expect(await takeOverDocument(deps.documents, doc.id, 'exec-9', 'exec-2')).toBeUndefined();
    expect(await takeOverDocument(deps.documents, doc.id, 'exec-1', 'exec-2')).toMatchObject({ executionId: 'exec-2' });
    expect(await docOf(deps, doc.id)).toMatchObject({ executionId: 'exec-2', status: 'RECEIVED' });
    expect(await takeOverDocument(deps.documents, doc.id, 'exec-1', 'exec-3')).toBeUndefined();
  });
});
