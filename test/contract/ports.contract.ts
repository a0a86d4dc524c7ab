/**
 * The ports' contract (shared/ports.ts), one suite for every adapter set: the DynamoDB/S3 adapters
 * (ports.dynamo.test.ts) and the in-memory ones (ports.memory.test.ts) must pass the same tests,
 * so a test written against the memory adapters says something about the real store.
 *
 * Every test makes fresh ids (documents, agencies, tasks, years), so tests may share one store and
 * run in any order. The conflict tests build DocumentCommits by hand: the contract is the port's.
 */

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CATALOG_READ, type QueryVisit } from '../../shared/model/catalog';
import { type DocumentRecord, STATUSES, type Status, TERMINAL_STATUSES } from '../../shared/model/document';
import { CommitConflictError, ConflictError } from '../../shared/model/errors';
import type { Agency, Department, Identity } from '../../shared/model/identity';
import { NO_SCORE_CHANGE, type ScoreCounterItem, zeroCounters } from '../../shared/model/scores';
import type { HumanTask } from '../../shared/model/task';
import { verifyChain } from '../../shared/pipeline/audit-chain';
import { lookUpCatalogEntry, queryDataExpiry, type Visitor } from '../../shared/pipeline/catalog-queries';
import { sha256Of } from '../../shared/pipeline/content';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { createDocument, recordEvent, transitionDocument } from '../../shared/pipeline/write';
import type { DocumentCommit } from '../../shared/ports';
import { describeDirectoryWrites } from './directory.contract';
import {
  auditEvent,
  catalogItem,
  closure,
  counterChange,
  create,
  documentRecord,
  evidenceItem,
  humanTask,
  newAgency,
  newAgencyCode,
  nextVersion,
  openDue,
  sequenceClaim,
  short,
  uniqueYear,
} from './fixtures';
import { describeListReads } from './lists.contract';

/** What a contract run needs from an adapter set. */
export interface PortContractContext {
  readonly deps: PipelineDeps;
  /** Puts an object in the intake bucket as a browser's upload would. */
  putUpload(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** PUTs bytes to a URL presignUpload returned, with the content type it was signed for. */
  uploadTo(url: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Reads a public copy back (undefined when there is none). */
  /** A public copy as served, with the name it downloads under. */
  readPublic(key: string): Promise<{ bytes: Uint8Array; contentType?: string; downloadName?: string } | undefined>;
  teardown(): Promise<void>;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

async function conflictPart(promise: Promise<unknown>): Promise<string> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(CommitConflictError);
  return (err as CommitConflictError).part;
}

const ids = (items: ReadonlyArray<{ id: string }>) => items.map((i) => i.id);
/** Code-unit order, which is DynamoDB's byte order for the ASCII keys these tests use. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedOpen = (c: ScoreCounterItem | undefined) =>
  [...(c?.open ?? [])].sort((a, b) => cmp(a.documentId, b.documentId));

export function describePortContract(name: string, setup: () => Promise<PortContractContext>) {
  describe(`ports contract: ${name}`, () => {
    let ctx: PortContractContext;
    const deps = () => ctx.deps;

    beforeAll(async () => {
      ctx = await setup();
    }, 180_000);

    afterAll(async () => {
      await ctx?.teardown();
    }, 60_000);

    /** Everything a commit linked to a document could have written, read through the ports. */
    async function observe(w: World, fresh: Fresh) {
      const d = deps();
      const counters = async (year: number) =>
        (await d.scores.scoreCounters(year)).filter((c) => c.agency === w.agency);
      return {
        document: await d.documents.get(w.doc.id),
        history: await d.documents.history(w.doc.id),
        tasks: await Promise.all([w.openTask, w.closedTask, fresh.task].map((t) => d.tasks.getTask(t.id))),
        open: await d.tasks.listOpen([w.assignee]),
        sequence: await d.publications.lastSequence(w.code, w.year),
        catalog: (await d.publications.catalogPage({ year: w.year, agency: w.agency, limit: 100 })).entries,
        counters: await counters(w.year),
        freshCounters: await counters(fresh.year),
        evidence: await d.scores.evidence(w.agency, w.year),
        freshEvidence: await d.scores.evidence(w.agency, fresh.year),
        freshYearListed: (await d.scores.scoreYears()).includes(fresh.year),
      };
    }

    interface World {
      readonly doc: DocumentRecord;
      readonly agency: string;
      readonly year: number;
      readonly code: string;
      readonly assignee: string;
      readonly openTask: HumanTask;
      readonly closedTask: HumanTask;
      readonly catalog: ReturnType<typeof catalogItem>;
    }

    interface Fresh {
      readonly task: HumanTask;
      readonly year: number;
    }

    /**
     * A document at version 1 with everything a later commit can touch: an open task and a
     * decided one, the first index sequence of its code and year, its catalogue entry, its counters,
     * open entry and evidence line.
     */
    async function linkedWorld(): Promise<World> {
      const agency = newAgency();
      const year = uniqueYear();
      const code = newAgencyCode();
      const assignee = `leader-${short()}`;
      const doc = documentRecord({ agency });
      const openTask = humanTask(doc.id, { assignee, dueAt: '2026-11-28T02:00:00.000Z' });
      const closedTask = humanTask(doc.id, { assignee, dueAt: '2026-11-29T02:00:00.000Z' });
      const catalog = catalogItem(doc, year);
      await create(deps(), doc, {
        openTasks: [openTask, closedTask],
        sequence: sequenceClaim(code, year, 0),
        catalogPut: catalog,
        scores: {
          counters: [
            counterChange(agency, year, {
              add: { timelinessDue: 1, completenessDue: 1 },
              openAdded: openDue(doc.id, year),
              entersYear: true,
            }),
          ],
          evidence: evidenceItem(doc.id, agency, year),
        },
      });
      await deps().tasks.close(closure(closedTask));
      return { doc, agency, year, code, assignee, openTask, closedTask, catalog };
    }

    const freshParts = (w: World): Fresh => ({
      task: humanTask(w.doc.id, { assignee: w.assignee, dueAt: '2026-11-30T02:00:00.000Z' }),
      year: uniqueYear(),
    });

    /** Version 2, touching every part: valid as it stands; each conflict test breaks one part. */
    function linkedCommit(w: World, fresh: Fresh): DocumentCommit {
      const next = nextVersion(w.doc, { status: 'IN_REVIEW', updatedAt: '2026-11-22T02:00:00.000Z' });
      return {
        document: next,
        expectedVersion: 1,
        event: auditEvent(next, '2026-11-22T02:00:00.000Z', 'RECEIVED'),
        scores: {
          counters: [
            counterChange(w.agency, w.year, { add: { timelinessDue: -1 }, openRemoved: openDue(w.doc.id, w.year) }),
            counterChange(w.agency, fresh.year, {
              add: { timelinessDue: 1, completenessDue: 1 },
              openAdded: openDue(w.doc.id, fresh.year),
              entersYear: true,
            }),
          ],
          evidence: evidenceItem(w.doc.id, w.agency, fresh.year),
          evidenceRemoved: { agency: w.agency, year: w.year, documentId: w.doc.id },
        },
        openTasks: [fresh.task],
        closeTask: closure(w.openTask),
        sequence: sequenceClaim(w.code, w.year, 1),
        catalogUpdate: { key: w.catalog.key, patch: { title: '关于做好冬季供暖保障工作的通知（修订）' } },
      };
    }

    describe('documents: the commit and its version', () => {
      it('creates a document, with its event, and reads it back', async () => {
        const doc = documentRecord();
        await create(deps(), doc);
        expect(await deps().documents.get(doc.id)).toEqual(doc);
        expect(await deps().documents.history(doc.id)).toEqual([auditEvent(doc, doc.createdAt)]);
      });

      it('gives back its id, pins and chain head as committed, from the item and from every index read', async () => {
        const hash = (s: string) => sha256Of(enc.encode(s));
        const doc = documentRecord({
          sha256: hash('content'),
          signedOffSha256: hash('content'),
          publicSha256: hash('public copy'),
          // Not a lower-case SHA-256: a store keeps it as it came.
          originalSha256: hash('upload').toUpperCase(),
          lastEventHash: 'not-a-hash',
        });
        await create(deps(), doc);
        expect(await deps().documents.get(doc.id)).toEqual(doc);
        expect((await deps().documents.listByAgency(doc.agency)).find((d) => d.id === doc.id)).toEqual(doc);
        expect((await deps().documents.agencyPage({ agency: doc.agency, limit: 10 })).documents).toEqual([doc]);
        expect((await deps().documents.listInFlight()).find((d) => d.id === doc.id)).toEqual(doc);
        const pipeline = await deps().documents.pipelinePage({ agency: doc.agency, limit: 10 });
        expect(pipeline.entries.map((e) => e.id)).toEqual([doc.id]);
      });

      it('refuses to create a document that exists (part document), writing nothing', async () => {
        const doc = documentRecord();
        await create(deps(), doc);
        const again = { ...doc, title: '另一份文件' };
        expect(await conflictPart(create(deps(), again))).toBe('document');
        expect(await deps().documents.get(doc.id)).toEqual(doc);
        expect(await deps().documents.history(doc.id)).toHaveLength(1);
      });

      it('writes the next version on the version read, and refuses a stale one (part document)', async () => {
        const doc = documentRecord();
        await create(deps(), doc);
        const v2 = nextVersion(doc, { status: 'IN_REVIEW' });
        await deps().documents.commit({ document: v2, expectedVersion: 1, scores: NO_SCORE_CHANGE });
        expect(await deps().documents.get(doc.id)).toEqual(v2);

        const stale = nextVersion(doc, { status: 'CLEARED' });
        const commit = { document: stale, expectedVersion: 1, event: auditEvent(stale, '2026-11-23T00:00:00.000Z') };
        expect(await conflictPart(deps().documents.commit({ ...commit, scores: NO_SCORE_CHANGE }))).toBe('document');
        expect(await deps().documents.get(doc.id)).toEqual(v2);
        expect(await deps().documents.history(doc.id)).toHaveLength(1);
      });

      it('refuses a version ahead of the stored one, and an expected version of a missing document', async () => {
        const doc = documentRecord();
        await create(deps(), doc);
        const ahead = { document: nextVersion(doc, { version: 4 }), expectedVersion: 3, scores: NO_SCORE_CHANGE };
        expect(await conflictPart(deps().documents.commit(ahead))).toBe('document');
        const missing = documentRecord();
        const update = { document: nextVersion(missing), expectedVersion: 1, scores: NO_SCORE_CHANGE };
        expect(await conflictPart(deps().documents.commit(update))).toBe('document');
        expect(await deps().documents.get(missing.id)).toBeUndefined();
      });

      it('stores copies: neither the committed object nor a read one reaches into the store', async () => {
        const doc = documentRecord({ findings: [{ kind: 'id-card', text: 'x', start: 0, end: 1, rule: 'REVIEW-2' }] });
        const input = structuredClone(doc) as any;
        await create(deps(), input);
        input.title = 'changed after the commit';
        input.findings[0].text = 'changed';
        const read = (await deps().documents.get(doc.id)) as any;
        read.status = 'PUBLISHED';
        read.findings.push({ kind: 'phone', text: 'y', start: 1, end: 2, rule: 'REVIEW-2' });
        expect(await deps().documents.get(doc.id)).toEqual(doc);
      });

      it('does not store attributes set to undefined', async () => {
        const doc = documentRecord({ publisher: undefined, legalReason: 'text' });
        await create(deps(), doc);
        const read = await deps().documents.get(doc.id);
        expect(read && 'publisher' in read).toBe(false);
        expect(read?.legalReason).toBe('text');
      });

      it('refuses an item over 400 KB before writing anything', async () => {
        const doc = documentRecord({ legalReason: 'x'.repeat(410 * 1024) });
        const err = await rejection(create(deps(), doc));
        expect(err).not.toBeInstanceOf(CommitConflictError);
        expect(err).toMatchObject({ name: 'ValidationException' });
        expect(await deps().documents.get(doc.id)).toBeUndefined();
        expect(await deps().documents.history(doc.id)).toEqual([]);
      });

      // DynamoDB refuses it as a ValidationException; DynamoDB Local only when neither write has a
      // condition (here it reports the second task as existing). Either way nothing is written.
      it('refuses a commit with two writes of one item, writing nothing', async () => {
        const doc = documentRecord();
        const task = humanTask(doc.id);
        await rejection(create(deps(), doc, { openTasks: [task, { ...task, kind: 'review' }] }));
        expect(await deps().documents.get(doc.id)).toBeUndefined();
        expect(await deps().tasks.getTask(task.id)).toBeUndefined();
      });

      it('refuses a commit of more than 100 items, writing nothing', async () => {
        const doc = documentRecord();
        const tasks = Array.from({ length: 100 }, () => humanTask(doc.id));
        const err = await rejection(create(deps(), doc, { openTasks: tasks }));
        expect(err).not.toBeInstanceOf(CommitConflictError);
        expect(err).toMatchObject({ name: 'ValidationException' });
        expect(await deps().documents.get(doc.id)).toBeUndefined();
        expect(await deps().tasks.getTask(tasks[0]?.id ?? '')).toBeUndefined();
      });

      it('refuses an empty catalogue patch (nothing to set or remove), writing nothing', async () => {
        const doc = documentRecord();
        const item = catalogItem(doc, uniqueYear());
        await create(deps(), doc, { catalogPut: item });
        const commit = { document: nextVersion(doc), expectedVersion: 1, scores: NO_SCORE_CHANGE };
        const err = await rejection(
          deps().documents.commit({ ...commit, catalogUpdate: { key: item.key, patch: {} } }),
        );
        expect(err).not.toBeInstanceOf(CommitConflictError);
        expect(err).toMatchObject({ name: 'ValidationException' });
        expect((await deps().documents.get(doc.id))?.version).toBe(1);
      });

      it('keeps two events of one instant', async () => {
        const doc = documentRecord();
        await create(deps(), doc);
        const next = nextVersion(doc, { status: 'IN_REVIEW' });
        const event = auditEvent(next, doc.createdAt, 'RECEIVED');
        await deps().documents.commit({ document: next, expectedVersion: 1, event, scores: NO_SCORE_CHANGE });
        const history = await deps().documents.history(doc.id);
        expect(history).toHaveLength(2);
        expect(history).toContainEqual(event);
      });

      it('never writes an event over another of its sequence (part event-exists), writing nothing', async () => {
        const doc = documentRecord();
        await create(deps(), doc);
        const next = nextVersion(doc, { status: 'IN_REVIEW' });
        const over = { ...auditEvent(doc, '2026-11-24T00:00:00.000Z'), actor: 'someone.else' };
        const commit = { document: next, expectedVersion: 1, event: over, scores: NO_SCORE_CHANGE };
        expect(await conflictPart(deps().documents.commit(commit))).toBe('event-exists');
        expect(await deps().documents.get(doc.id)).toEqual(doc);
        expect(await deps().documents.history(doc.id)).toEqual([auditEvent(doc, doc.createdAt)]);
      });
    });

    describe('documents: linked conditions', () => {
      it('writes every part of a successful commit', async () => {
        const w = await linkedWorld();
        const fresh = freshParts(w);
        const commit = linkedCommit(w, fresh);
        await deps().documents.commit(commit);

        expect(await deps().documents.get(w.doc.id)).toEqual(commit.document);
        const history = await deps().documents.history(w.doc.id);
        expect(history.map((e) => e.to)).toEqual(['RECEIVED', 'IN_REVIEW']);
        expect(history[1]).toEqual(commit.event);

        expect(await deps().tasks.getTask(fresh.task.id)).toEqual(fresh.task);
        expect(await deps().tasks.getTask(w.openTask.id)).toEqual({ ...w.openTask, ...closure(w.openTask) });
        expect(ids(await deps().tasks.listOpen([w.assignee]))).toEqual([fresh.task.id]);

        expect(await deps().publications.lastSequence(w.code, w.year)).toBe(2);
        expect((await deps().publications.catalogPage({ year: w.year, agency: w.agency, limit: 100 })).entries).toEqual(
          [{ ...w.catalog.entry, title: '关于做好冬季供暖保障工作的通知（修订）' }],
        );

        const [old] = (await deps().scores.scoreCounters(w.year)).filter((c) => c.agency === w.agency);
        expect(old).toEqual({ ...zeroCounters(), completenessDue: 1, agency: w.agency, year: w.year, open: [] });
        const [moved] = (await deps().scores.scoreCounters(fresh.year)).filter((c) => c.agency === w.agency);
        expect(moved).toEqual({
          ...zeroCounters(),
          timelinessDue: 1,
          completenessDue: 1,
          agency: w.agency,
          year: fresh.year,
          open: [openDue(w.doc.id, fresh.year)],
        });
        expect(await deps().scores.evidence(w.agency, w.year)).toEqual([]);
        expect(await deps().scores.evidence(w.agency, fresh.year)).toEqual([
          evidenceItem(w.doc.id, w.agency, fresh.year),
        ]);
        expect(await deps().scores.scoreYears()).toEqual(expect.arrayContaining([w.year, fresh.year]));
      });

      const cases: Array<[string, string, (w: World, fresh: Fresh) => Partial<DocumentCommit>]> = [
        ['the document moved on', 'document', () => ({ expectedVersion: 0 })],
        ['the document is created again', 'document', () => ({ expectedVersion: null })],
        [
          'a new task has the id of a decided one',
          'task-exists',
          (w, fresh) => ({ openTasks: [fresh.task, humanTask(w.doc.id, { id: w.closedTask.id })] }),
        ],
        [
          'a new task has the id of an open one',
          'task-exists',
          (w) => ({ closeTask: undefined, openTasks: [humanTask(w.doc.id, { id: w.openTask.id })] }),
        ],
        ['the task to close was decided', 'task-closed', (w) => ({ closeTask: closure(w.closedTask) })],
        ['the task to close does not exist', 'task-closed', () => ({ closeTask: closure({ id: randomUUID() }) })],
        ['the first sequence was taken', 'sequence', (w) => ({ sequence: sequenceClaim(w.code, w.year, 0) })],
        ['the sequence read is behind', 'sequence', (w) => ({ sequence: sequenceClaim(w.code, w.year, 2) })],
        [
          'a sequence is expected where none was taken',
          'sequence',
          (w) => ({ sequence: sequenceClaim(newAgencyCode(), w.year, 3) }),
        ],
        ['the catalogue entry exists', 'catalog-exists', (w) => ({ catalogUpdate: undefined, catalogPut: w.catalog })],
        [
          'the catalogue entry to update is missing',
          'catalog-missing',
          (w) => ({ catalogUpdate: { key: { ...w.catalog.key, documentId: randomUUID() }, patch: { title: 't' } } }),
        ],
        // Several conditions fail: the first in commit order is reported.
        [
          'the document moved on and a task exists',
          'document',
          (w, fresh) => ({ expectedVersion: 0, openTasks: [fresh.task, humanTask(w.doc.id, { id: w.closedTask.id })] }),
        ],
        [
          'a task exists and the task to close was decided',
          'task-exists',
          (w) => ({ openTasks: [humanTask(w.doc.id, { id: w.openTask.id })], closeTask: closure(w.closedTask) }),
        ],
        [
          'the task was decided and the sequence taken',
          'task-closed',
          (w) => ({ closeTask: closure(w.closedTask), sequence: sequenceClaim(w.code, w.year, 0) }),
        ],
        [
          'the sequence was taken and the catalogue entry exists',
          'sequence',
          (w) => ({ sequence: sequenceClaim(w.code, w.year, 0), catalogUpdate: undefined, catalogPut: w.catalog }),
        ],
      ];

      for (const [when, part, change] of cases) {
        it(`fails on ${part} when ${when}, writing nothing at all`, async () => {
          const w = await linkedWorld();
          const fresh = freshParts(w);
          const before = await observe(w, fresh);
          expect(before.freshYearListed).toBe(false);
          const commit = { ...linkedCommit(w, fresh), ...change(w, fresh) } as DocumentCommit;
          expect(await conflictPart(deps().documents.commit(commit))).toBe(part);
          expect(await observe(w, fresh)).toEqual(before);
        });
      }

      it('removes catalogue attributes a patch sets to undefined, sets the others, keeps the rest', async () => {
        const doc = documentRecord();
        const year = uniqueYear();
        const item = catalogItem(doc, year, undefined, { withdrawnAt: 'x', withdrawalReason: '内容有误' });
        await create(deps(), doc, { catalogPut: item });
        const patch = { status: 'PUBLISHED' as const, withdrawnAt: undefined, withdrawalReason: undefined };
        const next = nextVersion(doc);
        await deps().documents.commit({
          document: next,
          expectedVersion: 1,
          scores: NO_SCORE_CHANGE,
          catalogUpdate: { key: item.key, patch: { ...patch, corrections: [{ at: 'y', note: '更正' }] } },
        });
        const [entry] = (await deps().publications.catalogPage({ year, agency: doc.agency, limit: 100 })).entries;
        const { withdrawnAt: _w, withdrawalReason: _r, ...kept } = item.entry;
        expect(entry).toEqual({ ...kept, status: 'PUBLISHED', corrections: [{ at: 'y', note: '更正' }] });
        expect(entry && 'withdrawnAt' in entry).toBe(false);
      });
    });

    describe('documents: reads', () => {
      it('lists a document’s history in commit order (its sequence), whatever the timestamps say', async () => {
        const doc = documentRecord();
        await create(deps(), doc, { event: auditEvent(doc, '2026-11-23T00:00:00.000Z') });
        let current = doc;
        for (const at of ['2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z']) {
          const next = nextVersion(current);
          await deps().documents.commit({
            document: next,
            expectedVersion: current.version ?? 0,
            event: auditEvent(next, at),
            scores: NO_SCORE_CHANGE,
          });
          current = next;
        }
        const history = await deps().documents.history(doc.id);
        expect(history.map((e) => e.at)).toEqual([
          '2026-11-23T00:00:00.000Z',
          '2026-11-21T00:00:00.000Z',
          '2026-11-22T00:00:00.000Z',
        ]);
        expect(history.map((e) => e.seq)).toEqual([1, 2, 3]);
        expect(await deps().documents.history(randomUUID())).toEqual([]);
      });

      it('gives back events written with one timestamp in commit order, past nine of them', async () => {
        const doc = documentRecord({ version: undefined });
        const at = '2026-11-23T02:00:00.000Z';
        await createDocument(deps().documents, doc, { at, actor: 'zhang.wei', note: { code: 'received' } });
        const notes = Array.from({ length: 11 }, (_, i) => `第${i + 1}次更正`);
        for (const note of notes) {
          await recordEvent(deps().documents, doc.id, { at, actor: 'zhang.wei', note: { code: 'corrected', note } });
        }
        const history = await deps().documents.history(doc.id);
        expect(history.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect(history.slice(1).map((e) => (e.note?.code === 'corrected' ? e.note.note : undefined))).toEqual(notes);
      });

      it('lists an agency’s documents newest registered first (time, then id), up to a limit', async () => {
        const agency = newAgency();
        const at = (d: number) => `2026-11-${String(d).padStart(2, '0')}T02:00:00.000Z`;
        const docs = [
          documentRecord({ agency, createdAt: at(2) }),
          documentRecord({ agency, createdAt: at(4) }),
          documentRecord({ agency, createdAt: at(1) }),
          documentRecord({ agency, createdAt: at(4) }),
          documentRecord({ agency, createdAt: at(3) }),
        ];
        for (const d of docs) await create(deps(), d);
        await create(deps(), documentRecord({ createdAt: at(5) }));
        const expected = [...docs]
          .sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id))
          .reverse()
          .map((d) => d.id);
        expect(ids(await deps().documents.listByAgency(agency))).toEqual(expected);
        expect(ids(await deps().documents.listByAgency(agency, 2))).toEqual(expected.slice(0, 2));
        expect(ids(await deps().documents.listAllByAgency(agency))).toEqual([...expected].reverse());
        expect(await deps().documents.listByAgency(newAgency())).toEqual([]);
        expect(await rejection(deps().documents.listByAgency(agency, 0))).toMatchObject({
          name: 'ValidationException',
        });
      });

      it('lists the documents registered in [from, to), oldest first', async () => {
        const agency = newAgency();
        const make = (createdAt: string) => documentRecord({ agency, createdAt });
        const before = make('2026-03-31T23:59:59.999Z');
        const atFrom = make('2026-04-01T00:00:00.000Z');
        const inside = make('2026-05-15T08:00:00.000Z');
        const last = make('2026-06-30T23:59:59.999Z');
        const atTo = make('2026-07-01T00:00:00.000Z');
        const after = make('2026-08-01T00:00:00.000Z');
        for (const d of [inside, after, atTo, before, last, atFrom]) await create(deps(), d);
        const from = '2026-04-01T00:00:00.000Z';
        const to = '2026-07-01T00:00:00.000Z';
        expect(ids(await deps().documents.listRegisteredBetween(agency, from, to))).toEqual(
          ids([atFrom, inside, last]),
        );
        expect(await deps().documents.listRegisteredBetween(agency, to, to)).toEqual([]);
        expect(await deps().documents.listRegisteredBetween(newAgency(), from, to)).toEqual([]);
        expect(await rejection(deps().documents.listRegisteredBetween(agency, to, from))).toMatchObject({
          name: 'ValidationException',
        });
      });

      it('lists documents in flight: not the terminal ones, and again once one moves back', async () => {
        const agency = newAgency();
        const docs = STATUSES.map((status) => documentRecord({ agency, status }));
        for (const d of docs) await create(deps(), d);
        const mine = async () => {
          const ours = new Set(docs.map((d) => d.id));
          return (await deps().documents.listInFlight()).filter((d) => ours.has(d.id));
        };
        const inFlight = docs.filter((d) => !TERMINAL_STATUSES.has(d.status));
        const byId = (list: DocumentRecord[]) => [...list].sort((a, b) => cmp(a.id, b.id)).map((d) => d.id);
        expect(ids(await mine())).toEqual(byId(inFlight));

        const received = docs.find((d) => d.status === 'RECEIVED') as DocumentRecord;
        const move = async (doc: DocumentRecord, status: Status) => {
          const next = nextVersion(doc, { status });
          await deps().documents.commit({ document: next, expectedVersion: doc.version ?? 0, scores: NO_SCORE_CHANGE });
          return next;
        };
        const inReview = await move(received, 'IN_REVIEW');
        expect((await mine()).find((d) => d.id === received.id)?.status).toBe('IN_REVIEW');
        const failed = await move(inReview, 'FAILED');
        expect(ids(await mine())).not.toContain(received.id);
        // The store knows no rule: a document written in flight again is listed again.
        await move(failed, 'RECEIVED');
        expect((await mine()).find((d) => d.id === received.id)?.status).toBe('RECEIVED');
      });
    });

    describe('documents: more than one DynamoDB page (≈1 MB) of an agency', () => {
      const agency = newAgency();
      const count = 300;
      const padding = 'x'.repeat(4 * 1024);
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      let docs: DocumentRecord[] = [];

      beforeAll(async () => {
        docs = Array.from({ length: count }, (_, i) =>
          documentRecord({ agency, createdAt: at(i), legalReason: `${i} ${padding}` }),
        );
        const queue = [...docs].reverse();
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let d = queue.pop(); d; d = queue.pop()) await create(deps(), d);
          }),
        );
      }, 180_000);

      it('lists all of them, oldest first', async () => {
        expect(ids(await deps().documents.listAllByAgency(agency))).toEqual(ids(docs));
      });

      it('lists all of them registered in a range, and only those', async () => {
        expect(ids(await deps().documents.listRegisteredBetween(agency, at(0), at(count)))).toEqual(ids(docs));
        expect(ids(await deps().documents.listRegisteredBetween(agency, at(10), at(290)))).toEqual(
          ids(docs.slice(10, 290)),
        );
      });

      it('lists the newest 100 by default', async () => {
        expect(ids(await deps().documents.listByAgency(agency))).toEqual(ids([...docs].reverse().slice(0, 100)));
      });

      it('lists as many as a limit beyond one page asks for', async () => {
        expect(ids(await deps().documents.listByAgency(agency, count))).toEqual(ids([...docs].reverse()));
      });

      it('pages through all of them by `next`, newest first, each once (a page may stop at 1 MB, short of its limit)', async () => {
        const seen: string[] = [];
        let after: { createdAt: string; id: string } | undefined;
        for (let reads = 0; reads < 20; reads++) {
          const page = await deps().documents.agencyPage({ agency, limit: count, ...(after ? { after } : {}) });
          seen.push(...ids(page.documents));
          after = page.next;
          if (!after) break;
        }
        expect(after).toBeUndefined();
        expect(seen).toEqual(ids([...docs].reverse()));
      });
    });

    describeListReads(deps);

    describe('documents: writes through the domain (shared/pipeline/write.ts)', () => {
      it('creates and moves a document, with its events and score changes', async () => {
        const year = uniqueYear();
        const doc = documentRecord({ dueAt: `${year}-03-30`, version: undefined });
        const event = { at: doc.createdAt, actor: 'zhang.wei', note: { code: 'received' as const } };
        const created = await createDocument(deps().documents, doc, event);
        expect(created.version).toBe(1);
        const moved = await transitionDocument(deps().documents, doc.id, {
          from: 'RECEIVED',
          to: 'IN_REVIEW',
          event: { at: '2026-11-22T00:00:00.000Z', actor: 'system:pipeline' },
        });
        expect(moved.version).toBe(2);
        expect(await deps().documents.get(doc.id)).toEqual(moved);
        expect((await deps().documents.history(doc.id)).map((e) => [e.from, e.to])).toEqual([
          [null, 'RECEIVED'],
          ['RECEIVED', 'IN_REVIEW'],
        ]);
        expect(await deps().documents.history(doc.id)).toEqual([
          expect.objectContaining({ seq: 1, prevSeq: null, prevHash: null }),
          expect.objectContaining({ seq: 2, prevSeq: 1, prevHash: created.lastEventHash, hash: moved.lastEventHash }),
        ]);
        const [counters] = (await deps().scores.scoreCounters(year)).filter((c) => c.agency === doc.agency);
        expect(counters).toMatchObject({ timelinessDue: 1, completenessDue: 1, timelinessOnTime: 0 });
        expect(counters?.open).toEqual([openDue(doc.id, year)]);
        expect(await deps().scores.scoreYears()).toContain(year);
        expect((await deps().scores.evidence(doc.agency, year)).map((e) => [e.documentId, e.published])).toEqual([
          [doc.id, undefined],
        ]);
      });

      it('lets exactly one of two concurrent moves from one status win', async () => {
        const doc = documentRecord({ version: undefined });
        await createDocument(deps().documents, doc, { at: doc.createdAt, actor: 'zhang.wei' });
        const results = await Promise.allSettled(
          (['IN_REVIEW', 'CLEARED'] as const).map((to) =>
            transitionDocument(deps().documents, doc.id, {
              from: 'RECEIVED',
              to,
              event: { at: '2026-11-22T00:00:00.000Z', actor: 'system:pipeline' },
            }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
        expect((await deps().documents.get(doc.id))?.version).toBe(2);
        expect(await deps().documents.history(doc.id)).toHaveLength(2);
      });

      it('stores chained events exactly: their hashes recompute from what is read back', async () => {
        const doc = documentRecord({ version: undefined, title: '关于“供暖”\u2028保障的通知' });
        const at = '2026-11-23T02:00:00.000Z';
        await createDocument(deps().documents, doc, {
          at,
          actor: 'zhang.wei',
          rules: ['FIVE-1', 'OGI-26'],
          note: { code: 'task-opened', kind: 'signoff', assignees: ['li.na', '王 主任'], escalated: false },
        });
        await transitionDocument(deps().documents, doc.id, {
          from: 'RECEIVED',
          to: 'IN_REVIEW',
          event: {
            at,
            actor: 'system:pipeline',
            note: { code: 'decided', kind: 'review', decision: 'redact', comment: undefined },
          },
        });
        await recordEvent(deps().documents, doc.id, { at, actor: 'system:pipeline', note: { code: 'upload-ignored' } });
        const stored = await deps().documents.get(doc.id);
        const history = await deps().documents.history(doc.id);
        expect(stored).toMatchObject({ lastEventSeq: 3, lastEventHash: history.at(-1)?.hash });
        expect(verifyChain(doc.id, stored, history).mismatches).toEqual([]);
      });
    });

    describe('tasks', () => {
      it('lists open tasks of the assignees asked for, soonest due first, then by id', async () => {
        const doc = documentRecord();
        const [l, m] = [`leader-${short()}`, `leader-${short()}`];
        const due = (d: number) => `2026-12-0${d}T02:00:00.000Z`;
        const tasks = [
          humanTask(doc.id, { assignee: l, dueAt: due(3) }),
          humanTask(doc.id, { assignee: m, dueAt: due(2) }),
          humanTask(doc.id, { assignee: l, dueAt: due(1) }),
          humanTask(doc.id, { assignee: l, dueAt: due(2) }),
          humanTask(doc.id, { assignee: l, dueAt: due(2) }),
          humanTask(doc.id, { assignee: m, dueAt: due(4) }),
        ];
        await create(deps(), doc, { openTasks: tasks });
        const sorted = (list: HumanTask[]) =>
          [...list].sort((a, b) => cmp(a.dueAt, b.dueAt) || cmp(a.id, b.id)).map((t) => t.id);
        expect(ids(await deps().tasks.listOpen([l]))).toEqual(sorted(tasks.filter((t) => t.assignee === l)));
        expect(ids(await deps().tasks.listOpen([m, l]))).toEqual(sorted(tasks));
        expect(await deps().tasks.listOpen([`nobody-${short()}`])).toEqual([]);
        expect(await deps().tasks.listOpen([])).toEqual([]);
        expect(await deps().tasks.getTask(tasks[0]?.id ?? '')).toEqual(tasks[0]);
        expect(await deps().tasks.getTask(randomUUID())).toBeUndefined();
      });

      it('closes an open task (off its assignee’s list), and refuses to close it again', async () => {
        const doc = documentRecord();
        const task = humanTask(doc.id);
        await create(deps(), doc, { openTasks: [task] });
        const expired = closure(task, { status: 'expired', decision: undefined, comment: '超时' });
        await deps().tasks.close(expired);
        const { decision: _d, ...rest } = task;
        expect(await deps().tasks.getTask(task.id)).toEqual({
          ...rest,
          status: 'expired',
          decidedAt: expired.decidedAt,
          decidedBy: expired.decidedBy,
          comment: '超时',
        });
        expect(await deps().tasks.listOpen([task.assignee])).toEqual([]);

        const again = await rejection(deps().tasks.close(closure(task)));
        expect(again).toBeInstanceOf(ConflictError);
        expect(again).not.toBeInstanceOf(CommitConflictError);
        expect((await deps().tasks.getTask(task.id))?.status).toBe('expired');
        expect(await rejection(deps().tasks.close(closure({ id: randomUUID() })))).toBeInstanceOf(ConflictError);
      });

      it('refreshes the token of an open task only', async () => {
        const doc = documentRecord();
        const task = humanTask(doc.id);
        await create(deps(), doc, { openTasks: [task] });
        await deps().tasks.refreshToken(task.id, 'token-2');
        expect(await deps().tasks.getTask(task.id)).toEqual({ ...task, taskToken: 'token-2' });
        expect(ids(await deps().tasks.listOpen([task.assignee]))).toEqual([task.id]);

        await deps().tasks.close(closure(task));
        expect(await rejection(deps().tasks.refreshToken(task.id, 'token-3'))).toBeInstanceOf(ConflictError);
        expect((await deps().tasks.getTask(task.id))?.taskToken).toBe('token-2');
        expect(await rejection(deps().tasks.refreshToken(randomUUID(), 'token'))).toBeInstanceOf(ConflictError);
        expect(await deps().tasks.getTask(randomUUID())).toBeUndefined();
      });

      it('moves an open task’s due date with its document’s commit, and its place on the list', async () => {
        const doc = documentRecord();
        const assignee = `leader-${short()}`;
        const [early, later] = [
          humanTask(doc.id, { assignee, dueAt: '2027-02-10' }),
          humanTask(doc.id, { assignee, dueAt: '2027-02-12' }),
        ];
        await create(deps(), doc, { openTasks: [early, later] });
        const moved = nextVersion(doc);
        await deps().documents.commit({
          document: moved,
          expectedVersion: 1,
          event: auditEvent(moved, '2027-02-03T02:00:00.000Z', doc.status),
          scores: NO_SCORE_CHANGE,
          taskDueChanges: [{ id: early.id, from: '2027-02-10', to: '2027-02-15' }],
        });
        expect(await deps().tasks.getTask(early.id)).toEqual({ ...early, dueAt: '2027-02-15' });
        expect(ids(await deps().tasks.listOpen([assignee]))).toEqual([later.id, early.id]);
        expect((await deps().documents.get(doc.id))?.version).toBe(2);
      });

      it('refuses to move a due date that changed or a task no longer open (part task-due), writing nothing', async () => {
        const doc = documentRecord();
        const [open, decided] = [
          humanTask(doc.id, { dueAt: '2027-02-10' }),
          humanTask(doc.id, { dueAt: '2027-02-10' }),
        ];
        await create(deps(), doc, { openTasks: [open, decided] });
        await deps().tasks.close(closure(decided));
        const moved = nextVersion(doc);
        const commit = (change: { id: string; from: string; to: string }): DocumentCommit => ({
          document: moved,
          expectedVersion: 1,
          event: auditEvent(moved, '2027-02-03T02:00:00.000Z', doc.status),
          scores: NO_SCORE_CHANGE,
          taskDueChanges: [change],
        });
        for (const change of [
          { id: open.id, from: '2027-02-09', to: '2027-02-15' },
          { id: decided.id, from: '2027-02-10', to: '2027-02-15' },
          { id: randomUUID(), from: '2027-02-10', to: '2027-02-15' },
        ]) {
          expect(await conflictPart(deps().documents.commit(commit(change)))).toBe('task-due');
        }
        expect((await deps().tasks.getTask(open.id))?.dueAt).toBe('2027-02-10');
        expect((await deps().documents.get(doc.id))?.version).toBe(1);
        expect(await deps().documents.history(doc.id)).toHaveLength(1);
      });
    });

    describe('calendar', () => {
      /** A year of the store's own (the store does not check an arrangement: the domain did). */
      const arrangement = (year: number, version: number) => ({
        year,
        holidays: [`${year}-01-01`, `${year}-10-01`],
        workdays: [`${year}-10-09`],
        notice: '国办发明电〔2026〕7号',
        version,
        importedAt: '2026-12-10T02:00:00.000Z',
        importedBy: 'ops',
      });

      it('stores a year’s arrangement, then its next version on the version read; lists them by year', async () => {
        const [a, b] = [uniqueYear(), uniqueYear()];
        await deps().calendars.putYear(arrangement(b, 1), 0);
        await deps().calendars.putYear(arrangement(a, 1), 0);
        await deps().calendars.putYear({ ...arrangement(a, 2), holidays: [`${a}-01-01`] }, 1);
        const mine = (await deps().calendars.listYears()).filter((y) => y.year === a || y.year === b);
        expect(mine).toEqual([{ ...arrangement(a, 2), holidays: [`${a}-01-01`] }, arrangement(b, 1)]);
      });

      it('refuses a year stored meanwhile, or a stale version (ConflictError), keeping what is stored', async () => {
        const year = uniqueYear();
        await deps().calendars.putYear(arrangement(year, 1), 0);
        expect(await rejection(deps().calendars.putYear(arrangement(year, 1), 0))).toBeInstanceOf(ConflictError);
        await deps().calendars.putYear(arrangement(year, 2), 1);
        expect(await rejection(deps().calendars.putYear(arrangement(year, 2), 1))).toBeInstanceOf(ConflictError);
        expect((await deps().calendars.listYears()).find((y) => y.year === year)?.version).toBe(2);
      });
    });

    describe('publications', () => {
      it('takes index sequences one after the other', async () => {
        const code = newAgencyCode();
        const year = uniqueYear();
        expect(await deps().publications.lastSequence(code, year)).toBe(0);
        for (const expected of [0, 1, 2]) {
          const doc = documentRecord();
          await create(deps(), doc, { sequence: sequenceClaim(code, year, expected) });
        }
        expect(await deps().publications.lastSequence(code, year)).toBe(3);
        expect(await deps().publications.lastSequence(code, year + 1)).toBe(0);
      });

      it('reads a year’s catalogue newest first (published, then document id): all, by agency, category or both', async () => {
        const agency = newAgency();
        const year = uniqueYear();
        const at = (d: number) => `${year}-0${d}-10T02:00:00.000Z`;
        const items = [
          { day: 2, title: '关于供暖的通知', category: '02' },
          { day: 4, title: '年度工作报告', category: '08' },
          { day: 1, title: '关于供暖费用的说明', category: '02' },
          { day: 3, title: '人事任免', category: '02' },
          { day: 3, title: '人事任免（二）', category: '08' },
        ].map(({ day, title, category }) => {
          const doc = documentRecord({ agency, title, category });
          return catalogItem(doc, year, at(day));
        });
        for (const item of items) {
          await create(deps(), documentRecord({ id: item.key.documentId, agency }), { catalogPut: item });
        }
        const elsewhere = documentRecord({ category: '08' });
        await create(deps(), elsewhere, { catalogPut: catalogItem(elsewhere, year, at(5)) });
        const newestFirst = [...items]
          .sort((a, b) => cmp(a.key.publishedAt, b.key.publishedAt) || cmp(a.key.documentId, b.key.documentId))
          .reverse()
          .map((i) => i.entry);
        const read = async (filters: { agency?: string; category?: string }) =>
          (await deps().publications.catalogPage({ year, ...filters, limit: 100 })).entries;
        expect(await read({ agency })).toEqual(newestFirst);
        expect(await read({ agency, category: '08' })).toEqual(newestFirst.filter((e) => e.category === '08'));
        expect((await read({ category: '08' })).map((e) => e.documentId)).toEqual([
          elsewhere.id,
          ...newestFirst.filter((e) => e.category === '08').map((e) => e.documentId),
        ]);
        const all = await read({});
        expect(all.map((e) => e.documentId)).toEqual([elsewhere.id, ...newestFirst.map((e) => e.documentId)]);
        expect(await read({ agency: newAgency() })).toEqual([]);
        expect(await read({ agency, category: '05' })).toEqual([]);
        expect((await deps().publications.catalogPage({ year: year + 1, agency, limit: 100 })).entries).toEqual([]);
      });

      it('reads a catalogue page by page: at most `limit`, after the position given, `next` while more may follow', async () => {
        const agency = newAgency();
        const year = uniqueYear();
        const items = Array.from({ length: 7 }, (_, i) => {
          const doc = documentRecord({ agency, category: i % 2 === 0 ? '02' : '05' });
          // Two entries share a publication time: the document id orders them.
          return catalogItem(doc, year, `${year}-04-${String(10 + Math.min(i, 5)).padStart(2, '0')}T02:00:00.000Z`);
        });
        for (const item of items)
          await create(deps(), documentRecord({ id: item.key.documentId, agency }), { catalogPut: item });
        const expected = [...items]
          .sort((a, b) => cmp(a.key.publishedAt, b.key.publishedAt) || cmp(a.key.documentId, b.key.documentId))
          .reverse()
          .map((i) => i.entry.documentId);

        for (const filters of [{ agency }, { agency, category: '02' }]) {
          const wanted = expected.filter(
            (id) =>
              filters.category === undefined ||
              items.find((i) => i.key.documentId === id)?.entry.category === filters.category,
          );
          const seen: string[] = [];
          let after: { publishedAt: string; documentId: string } | undefined;
          for (let pages = 0; pages < 10; pages++) {
            const slice = await deps().publications.catalogPage({
              year,
              ...filters,
              limit: 3,
              ...(after ? { after } : {}),
            });
            expect(slice.entries.length).toBeLessThanOrEqual(3);
            seen.push(...slice.entries.map((e) => e.documentId));
            // A full read always says more may follow; a short one has reached the end.
            if (slice.entries.length === 3)
              expect(slice.next).toEqual({
                publishedAt: slice.entries[2]?.publishedAt,
                documentId: slice.entries[2]?.documentId,
              });
            else expect(slice.next).toBeUndefined();
            if (!slice.next) break;
            after = slice.next;
          }
          expect(seen).toEqual(wanted);
        }
      });

      it('refuses a catalogue read of no entries or of more than MAX_CATALOG_READ', async () => {
        const year = uniqueYear();
        for (const limit of [0, -1, 1.5, MAX_CATALOG_READ + 1]) {
          await expect(deps().publications.catalogPage({ year, limit })).rejects.toThrow(RangeError);
        }
        expect(await deps().publications.catalogPage({ year, limit: MAX_CATALOG_READ })).toEqual({ entries: [] });
      });

      it('READ-5(6) counts a visit once: the same visitor on the same day once, another visitor or day again', async () => {
        const doc = documentRecord();
        const year = uniqueYear();
        const item = catalogItem(doc, year);
        await create(deps(), doc, { catalogPut: item });
        const [day, nextDay] = [`${year}-03-10`, `${year}-03-11`];
        const visit = (visitor: string, on = day) => ({ day: on, visitor, expiresAt: queryDataExpiry(on) });
        const queries = async (v: QueryVisit, key = item.key) =>
          (await deps().publications.recordQuery(key, v))?.queries;

        expect(await deps().publications.recordQuery(item.key, visit('a'))).toEqual({ ...item.entry, queries: 1 });
        expect(await deps().publications.recordQuery(item.key, visit('a'))).toEqual({ ...item.entry, queries: 1 });
        expect(await queries(visit('b'))).toBe(2);
        expect(await queries(visit('a', nextDay))).toBe(3);
        expect(await queries(visit('a', nextDay))).toBe(3);
        // Ten look-ups at once by one visitor: one query.
        const burst = await Promise.all(Array.from({ length: 10 }, () => queries(visit('c'))));
        expect(burst.every((n) => n !== undefined && n >= 4)).toBe(true);
        expect((await deps().publications.catalogPage({ year, agency: doc.agency, limit: 100 })).entries).toEqual([
          { ...item.entry, queries: 4 },
        ]);

        // A marker is of one entry: the same visitor's look-up of another entry counts there.
        const other = documentRecord({ agency: doc.agency });
        const otherItem = catalogItem(other, year, `${year}-03-09T02:00:00.000Z`);
        await create(deps(), other, { catalogPut: otherItem });
        expect(await queries(visit('a'), otherItem.key)).toBe(1);

        const missing = { ...item.key, documentId: randomUUID() };
        expect(await deps().publications.recordQuery(missing, visit('d'))).toBeUndefined();
        expect((await deps().publications.catalogPage({ year, agency: doc.agency, limit: 100 })).entries).toHaveLength(
          2,
        );
      });

      it('READ-5(6) keeps one salt a day — the first one stored, whoever asks — until the later days discard it', async () => {
        const year = uniqueYear();
        const [d1, d2] = [`${year}-05-01`, `${year}-05-02`];
        const salt = (day: string, candidate: string) =>
          deps().publications.querySalt(day, candidate, queryDataExpiry(day));
        expect(await salt(d1, 's1')).toEqual({ salt: 's1', created: true });
        expect(await salt(d1, 's2')).toEqual({ salt: 's1', created: false });
        const together = await Promise.all(['t1', 't2', 't3', 't4'].map((c) => salt(d2, c)));
        expect(new Set(together.map((t) => t.salt)).size).toBe(1);
        expect(together.filter((t) => t.created)).toHaveLength(1);

        await deps().publications.discardQuerySalts(d2);
        expect(await salt(d1, 's3')).toEqual({ salt: 's3', created: true });
        expect(await salt(d2, 's4')).toEqual({ salt: together[0]?.salt, created: false });
      });

      it('READ-5(6) through the domain: looking an entry up counts once per visitor today', async () => {
        const year = uniqueYear();
        const publishedAt = `${year}-03-10T02:00:00.000Z`;
        const doc = documentRecord({ status: 'PUBLISHED', publishedAt });
        await create(deps(), doc, { catalogPut: catalogItem(doc, year, publishedAt) });
        const browser = { address: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };
        const queries = async (visitor: Visitor | undefined) =>
          (await lookUpCatalogEntry(deps(), doc.id, visitor))?.queries;
        expect(await queries(browser)).toBe(1);
        expect(await queries(browser)).toBe(1);
        expect(await queries({ ...browser, address: '198.51.100.20' })).toBe(2);
        expect(await queries({ ...browser, userAgent: 'curl/8.5.0' })).toBe(3);
        expect(await queries(undefined)).toBe(4);
        expect(await queries(undefined)).toBe(4);
        expect(await lookUpCatalogEntry(deps(), randomUUID(), browser)).toBeUndefined();
      });
    });

    describe('scores', () => {
      it('accumulates counters over commits, with an open entry added then removed', async () => {
        const agency = newAgency();
        const year = uniqueYear();
        const [a, b] = [documentRecord({ agency }), documentRecord({ agency })];
        const due = { timelinessDue: 1, completenessDue: 1 };
        await create(deps(), a, {
          scores: {
            counters: [counterChange(agency, year, { add: due, openAdded: openDue(a.id, year), entersYear: true })],
          },
        });
        await create(deps(), b, {
          scores: {
            counters: [
              counterChange(agency, year, {
                add: due,
                openAdded: openDue(b.id, year, { inTimeliness: false }),
                entersYear: true,
              }),
            ],
          },
        });
        // The same open entry again is one entry (a set).
        await deps().documents.commit({
          document: nextVersion(b),
          expectedVersion: 1,
          scores: {
            counters: [counterChange(agency, year, { openAdded: openDue(b.id, year, { inTimeliness: false }) })],
          },
        });
        const [before] = (await deps().scores.scoreCounters(year)).filter((c) => c.agency === agency);
        expect(before).toEqual({
          ...zeroCounters(),
          timelinessDue: 2,
          completenessDue: 2,
          agency,
          year,
          open: expect.any(Array),
        });
        expect(sortedOpen(before)).toEqual(
          [openDue(a.id, year), openDue(b.id, year, { inTimeliness: false })].sort((x, y) =>
            cmp(x.documentId, y.documentId),
          ),
        );

        await deps().documents.commit({
          document: nextVersion(a),
          expectedVersion: 1,
          scores: {
            counters: [
              counterChange(agency, year, {
                add: { timelinessOnTime: 1, completenessComplete: 1, accuracyPublished: 1, accuracyAccurate: 1 },
                openRemoved: openDue(a.id, year),
              }),
            ],
          },
        });
        const [after] = (await deps().scores.scoreCounters(year)).filter((c) => c.agency === agency);
        expect(after).toEqual({
          timelinessDue: 2,
          timelinessOnTime: 1,
          completenessDue: 2,
          completenessComplete: 1,
          accuracyPublished: 1,
          accuracyAccurate: 1,
          agency,
          year,
          open: [openDue(b.id, year, { inTimeliness: false })],
        });
        expect(await deps().scores.scoreYears()).toContain(year);
      });

      it('keeps one open entry per document: removing it takes it out whatever deadline it had', async () => {
        const agency = newAgency();
        const year = uniqueYear();
        const doc = documentRecord({ agency });
        await create(deps(), doc, {
          scores: { counters: [counterChange(agency, year, { openAdded: openDue(doc.id, year) })] },
        });
        await deps().documents.commit({
          document: nextVersion(doc),
          expectedVersion: 1,
          scores: {
            counters: [counterChange(agency, year, { openRemoved: openDue(doc.id, year, { inTimeliness: false }) })],
          },
        });
        const [counters] = (await deps().scores.scoreCounters(year)).filter((c) => c.agency === agency);
        // A change adding nothing still creates the agency-year's item (all zero).
        expect(counters).toEqual({ ...zeroCounters(), agency, year, open: [] });
        // Not entered: the year is not selectable from this change.
        expect(await deps().scores.scoreYears()).not.toContain(year);
      });

      it('moves an open entry (removed and added in one counter change)', async () => {
        const agency = newAgency();
        const year = uniqueYear();
        const doc = documentRecord({ agency });
        await create(deps(), doc, {
          scores: { counters: [counterChange(agency, year, { openAdded: openDue(doc.id, year), entersYear: true })] },
        });
        const later = openDue(doc.id, year, { dueAt: `${year}-04-30` });
        await deps().documents.commit({
          document: nextVersion(doc),
          expectedVersion: 1,
          scores: {
            counters: [counterChange(agency, year, { openRemoved: openDue(doc.id, year), openAdded: later })],
          },
        });
        const [counters] = (await deps().scores.scoreCounters(year)).filter((c) => c.agency === agency);
        expect(counters?.open).toEqual([later]);
      });

      it('puts, replaces and removes a document’s evidence line', async () => {
        const agency = newAgency();
        const year = uniqueYear();
        const [doc, other] = [documentRecord({ agency }), documentRecord({ agency })];
        const first = evidenceItem(doc.id, agency, year);
        await create(deps(), doc, { scores: { counters: [], evidence: first } });
        await create(deps(), other, { scores: { counters: [], evidence: evidenceItem(other.id, agency, year) } });
        const byId = (list: Array<{ documentId: string }>) => list.map((e) => e.documentId);
        expect(byId(await deps().scores.evidence(agency, year))).toEqual([doc.id, other.id].sort());
        expect(await deps().scores.evidence(agency, year)).toContainEqual(first);

        const replaced = evidenceItem(doc.id, agency, year, {
          published: true,
          reasons: ['late'],
          publishedAt: 'p',
        });
        await deps().documents.commit({
          document: nextVersion(doc),
          expectedVersion: 1,
          scores: { counters: [], evidence: replaced },
        });
        expect(await deps().scores.evidence(agency, year)).toContainEqual(replaced);
        expect(await deps().scores.evidence(agency, year)).not.toContainEqual(first);

        await deps().documents.commit({
          document: nextVersion(nextVersion(doc)),
          expectedVersion: 2,
          scores: { counters: [], evidenceRemoved: { agency, year, documentId: doc.id } },
        });
        expect(byId(await deps().scores.evidence(agency, year))).toEqual([other.id]);
        expect(await deps().scores.evidence(newAgency(), year)).toEqual([]);
      });

      it('replaces a year’s counters and evidence wholesale', async () => {
        const year = uniqueYear();
        const prefix = newAgency();
        const [a, b, c] = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
        for (const agency of [a, b]) {
          const doc = documentRecord({ agency });
          await create(deps(), doc, {
            scores: {
              counters: [counterChange(agency, year, { add: { completenessDue: 1 }, entersYear: true })],
              evidence: evidenceItem(doc.id, agency, year),
            },
          });
        }
        const counter = (agency: string, open = [] as ScoreCounterItem['open']): ScoreCounterItem => ({
          ...zeroCounters(),
          timelinessDue: 3,
          timelinessOnTime: 2,
          completenessDue: 3,
          agency,
          year,
          open,
        });
        const newA = counter(a, [openDue(randomUUID(), year)]);
        const newC = counter(c);
        const evidenceC = evidenceItem(randomUUID(), c, year, { reasons: ['late'] });
        await deps().scores.replaceScores(year, [newA, newC], [evidenceC]);

        expect(await deps().scores.scoreCounters(year)).toEqual([newA, newC]);
        expect(await deps().scores.evidence(a, year)).toEqual([]);
        expect(await deps().scores.evidence(b, year)).toEqual([]);
        expect(await deps().scores.evidence(c, year)).toEqual([evidenceC]);
        expect(await deps().scores.scoreYears()).toContain(year);

        await deps().scores.replaceScores(year, [], []);
        expect(await deps().scores.scoreCounters(year)).toEqual([]);
        expect(await deps().scores.evidence(c, year)).toEqual([]);
        // A year once selectable stays so.
        expect(await deps().scores.scoreYears()).toContain(year);
      });

      it('lists the years with scores in ascending order', async () => {
        const agency = newAgency();
        const base = uniqueYear();
        const years = [base + 1000, base + 900, base + 950];
        for (const year of years) {
          await create(deps(), documentRecord({ agency }), {
            scores: { counters: [counterChange(agency, year, { add: { completenessDue: 1 }, entersYear: true })] },
          });
        }
        const listed = await deps().scores.scoreYears();
        expect(listed).toEqual([...listed].sort((x, y) => x - y));
        expect(listed.filter((y) => years.includes(y))).toEqual([...years].sort((x, y) => x - y));
        expect(await deps().scores.scoreCounters(base + 1001)).toEqual([]);
      });
    });

    describe('directory', () => {
      it('puts, gets and lists agencies, departments and users; a put replaces the whole item', async () => {
        const id = short();
        const agencies: Agency[] = [
          { id: `b-${id}`, name: '区教育局', code: '0201', status: 'active', head: 'li.na' },
          { id: `a-${id}`, name: '区民政局', code: '0203', status: 'abolished', successorId: `b-${id}` },
        ];
        const departments: Department[] = [
          { agency: `b-${id}`, id: 'office', name: '办公室', leader: 'li.na' },
          { agency: `a-${id}`, id: 'office', name: '办公室', leader: 'zhou.qiang' },
        ];
        const users: Identity[] = [
          { user: `zhang-${id}`, name: '张伟', roles: ['uploader'], agency: `b-${id}`, department: 'office' },
          { user: `li-${id}`, name: '李娜', roles: ['leader', 'approver'], agency: `b-${id}`, departments: ['office'] },
        ];
        for (const a of agencies) await deps().directory.putAgency(a);
        for (const d of departments) await deps().directory.putDepartment(d);
        for (const u of users) await deps().directory.putUser(u);

        expect(await deps().directory.getAgency(`b-${id}`)).toEqual(agencies[0]);
        expect(await deps().directory.getDepartment(`a-${id}`, 'office')).toEqual(departments[1]);
        expect(await deps().directory.getUser(`li-${id}`)).toEqual(users[1]);
        expect(await deps().directory.getAgency(`c-${id}`)).toBeUndefined();
        expect(await deps().directory.getDepartment(`b-${id}`, 'nothing')).toBeUndefined();
        expect(await deps().directory.getUser(`nobody-${id}`)).toBeUndefined();

        const mine = <T>(list: T[], key: (t: T) => string) => list.filter((t) => key(t).includes(id));
        expect(mine(await deps().directory.listAgencies(), (a) => a.id)).toEqual([agencies[1], agencies[0]]);
        expect(mine(await deps().directory.listDepartments(), (d) => d.agency)).toEqual([
          departments[1],
          departments[0],
        ]);
        expect(mine(await deps().directory.listUsers(), (u) => u.user)).toEqual([users[1], users[0]]);

        const { head: _head, ...withoutHead } = agencies[0] as Agency;
        await deps().directory.putAgency({ ...withoutHead, name: '区教育和体育局' });
        expect(await deps().directory.getAgency(`b-${id}`)).toEqual({ ...withoutHead, name: '区教育和体育局' });
      });

      describeDirectoryWrites(deps);
    });

    describe('files', () => {
      it('reads an upload back with its content type; exists says whether it is there', async () => {
        const key = `uploads/${randomUUID()}`;
        expect(await deps().files.exists(key)).toBe(false);
        await ctx.putUpload(key, enc.encode('关于做好冬季供暖保障工作的通知。'), 'text/plain');
        expect(await deps().files.exists(key)).toBe(true);
        const { bytes, contentType } = await deps().files.readOriginal(key);
        expect(dec.decode(bytes)).toBe('关于做好冬季供暖保障工作的通知。');
        expect(contentType).toBe('text/plain');
      });

      it('refuses to read a missing original with NoSuchKey', async () => {
        const err = await rejection(deps().files.readOriginal(`uploads/${randomUUID()}`));
        expect(err).toMatchObject({ name: 'NoSuchKey' });
      });

      it('keeps intake files and public copies apart', async () => {
        const id = randomUUID();
        const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff]);
        await deps().files.putIntake(`redactions/${id}/1`, pdf, 'application/pdf');
        const original = await deps().files.readOriginal(`redactions/${id}/1`);
        expect([...original.bytes]).toEqual([...pdf]);
        expect(original.contentType).toBe('application/pdf');

        const publicKey = `public/${id}/${id}.txt`;
        await deps().files.putPublicCopy(publicKey, enc.encode('公开件'), 'text/plain; charset=utf-8', '通知 2026.txt');
        const copy = await ctx.readPublic(publicKey);
        expect(copy && dec.decode(copy.bytes)).toBe('公开件');
        expect(copy?.contentType).toBe('text/plain; charset=utf-8');
        expect(copy?.downloadName).toBe('通知 2026.txt');
        expect(await deps().files.exists(publicKey)).toBe(false);
        expect(await ctx.readPublic(`public/${randomUUID()}`)).toBeUndefined();
        await deps().files.removePublicCopy(publicKey);
        expect(await ctx.readPublic(publicKey)).toBeUndefined();
      });

      it('replaces an object put again under the same key', async () => {
        const key = `uploads/${randomUUID()}`;
        await ctx.putUpload(key, enc.encode('first'), 'text/plain');
        await ctx.putUpload(key, enc.encode('<p>second</p>'), 'text/html');
        const { bytes, contentType } = await deps().files.readOriginal(key);
        expect(dec.decode(bytes)).toBe('<p>second</p>');
        expect(contentType).toBe('text/html');
      });

      it('presigns an upload the browser PUTs with the signed content type', async () => {
        const key = `uploads/${randomUUID()}`;
        const url = await deps().files.presignUpload(key, 'text/html', 900);
        expect(url).toContain(key);
        await ctx.uploadTo(url, enc.encode('<p>通知</p>'), 'text/html');
        const { bytes, contentType } = await deps().files.readOriginal(key);
        expect(dec.decode(bytes)).toBe('<p>通知</p>');
        expect(contentType).toBe('text/html');
      });

      it('gives public copies a path of encoded segments', () => {
        expect(deps().files.publicUrl('public/abc/通知 2026.txt')).toBe(
          `/public/abc/${encodeURIComponent('通知')}%202026.txt`,
        );
      });
    });
  });
}
