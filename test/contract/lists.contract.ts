/**
 * The paged list reads (shared/ports.ts `TaskStore.openPage`, `DocumentStore.agencyPage` and
 * `pipelinePage`), the same for DynamoDB and the in-memory adapters: one key of an index in its
 * order, at most `limit`, continued after a position, `next` whenever `limit` were read — and the
 * task's copy of its document written with the commit. Called from ports.contract.ts with its store.
 */

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DocumentRecord, Status } from '../../shared/model/document';
import { MAX_STORE_READ, PIPELINE_FIELDS } from '../../shared/model/paging';
import { NO_SCORE_CHANGE } from '../../shared/model/scores';
import type { HumanTask, TaskDocument } from '../../shared/model/task';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { auditEvent, create, documentRecord, humanTask, newAgency, nextVersion, short } from './fixtures';

const ids = (items: ReadonlyArray<{ id: string }>) => items.map((i) => i.id);
/** Code-unit order, which is DynamoDB's byte order for the ASCII keys these tests use. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every page of a read, following `next` until it is absent; each page's size. */
async function allPages<T extends { id: string }, P>(
  read: (after: P | undefined) => Promise<{ items: T[]; next?: P }>,
): Promise<{ ids: string[]; sizes: number[] }> {
  const seen: string[] = [];
  const sizes: number[] = [];
  let after: P | undefined;
  do {
    const page = await read(after);
    seen.push(...ids(page.items));
    sizes.push(page.items.length);
    after = page.next;
    if (sizes.length > 100) throw new Error('the pages never end');
  } while (after !== undefined);
  return { ids: seen, sizes };
}

const SUMMARY: TaskDocument = {
  title: '关于做好2026年冬季供暖保障工作的通知',
  agency: 'edu',
  department: 'office',
  disclosure: 'proactive',
  formedAt: '2026-11-20',
  dueAt: '2026-12-18',
  findings: [{ kind: 'mobile', text: '13912345678', start: 3, end: 14, rule: 'FIVE-4', location: 'body' }],
  scanned: true,
};

export function describeListReads(deps: () => PipelineDeps) {
  describe('lists: open tasks a page at a time', () => {
    it('pages an assignee’s open tasks soonest due first, then by id: each once, `next` whenever the limit was read', async () => {
      const doc = documentRecord();
      const assignee = `leader-${short()}`;
      const due = (d: number) => `2027-03-0${d}`;
      const tasks = [3, 1, 2, 2, 5, 2, 4].map((d) => humanTask(doc.id, { assignee, dueAt: due(d) }));
      const other = humanTask(doc.id, { dueAt: due(1) });
      await create(deps(), doc, { openTasks: [...tasks, other] });
      const expected = [...tasks].sort((a, b) => cmp(a.dueAt, b.dueAt) || cmp(a.id, b.id)).map((t) => t.id);

      const read = async (after: { dueAt: string; id: string } | undefined) => {
        const slice = await deps().tasks.openPage({ assignee, limit: 3, ...(after ? { after } : {}) });
        return { items: slice.tasks, ...(slice.next ? { next: slice.next } : {}) };
      };
      expect(await allPages(read)).toEqual({ ids: expected, sizes: [3, 3, 1] });
      // A limit the tasks fill exactly says `next`; the read after it is empty and says nothing.
      const whole = await deps().tasks.openPage({ assignee, limit: 7 });
      expect(ids(whole.tasks)).toEqual(expected);
      const last = whole.tasks.at(-1) as HumanTask;
      expect(whole.next).toEqual({ dueAt: last.dueAt, id: last.id });
      expect(await deps().tasks.openPage({ assignee, limit: 7, after: whole.next })).toEqual({ tasks: [] });
      expect(await deps().tasks.openPage({ assignee, limit: 8 })).toEqual({ tasks: whole.tasks });
      expect(await deps().tasks.openPage({ assignee: `nobody-${short()}`, limit: 5 })).toEqual({ tasks: [] });
    });

    it('hands out each task as stored, with the copy of its document it carries; a closed one is off the list', async () => {
      const doc = documentRecord();
      const assignee = `leader-${short()}`;
      const [kept, decided] = [
        humanTask(doc.id, { assignee, dueAt: '2027-03-01', document: SUMMARY }),
        humanTask(doc.id, { assignee, dueAt: '2027-03-02' }),
      ];
      await create(deps(), doc, { openTasks: [kept, decided] });
      await deps().tasks.close({
        id: decided.id,
        status: 'closed',
        decidedAt: '2027-03-01T02:00:00.000Z',
        decidedBy: 'li.na',
      });
      expect(await deps().tasks.openPage({ assignee, limit: 10 })).toEqual({ tasks: [kept] });
    });

    it('writes the copy of the document onto the tasks named, with the commit; a task that does not exist is part task-missing, nothing written', async () => {
      const doc = documentRecord();
      const assignee = `leader-${short()}`;
      const task = humanTask(doc.id, { assignee, document: { ...SUMMARY, dueAt: '2026-12-18' } });
      await create(deps(), doc, { openTasks: [task] });
      const moved = nextVersion(doc, { dueAt: '2026-12-21' });
      const document = { ...SUMMARY, dueAt: '2026-12-21' };
      const commit = (taskIds: string[]) => ({
        document: moved,
        expectedVersion: 1,
        event: auditEvent(moved, '2026-12-01T02:00:00.000Z', doc.status),
        scores: NO_SCORE_CHANGE,
        taskDocuments: { taskIds, document },
      });
      const missing = await deps()
        .documents.commit(commit([task.id, randomUUID()]))
        .then(
          () => 'written',
          (err: { part?: string }) => err.part,
        );
      expect(missing).toBe('task-missing');
      expect((await deps().documents.get(doc.id))?.version).toBe(1);
      expect((await deps().tasks.getTask(task.id))?.document?.dueAt).toBe('2026-12-18');

      await deps().documents.commit(commit([task.id]));
      expect(await deps().tasks.getTask(task.id)).toEqual({ ...task, document });
      expect((await deps().tasks.openPage({ assignee, limit: 1 })).tasks).toEqual([{ ...task, document }]);
    });

    it('refuses a read of no tasks or of more than MAX_STORE_READ', async () => {
      for (const limit of [0, -1, 1.5, MAX_STORE_READ + 1]) {
        await expect(deps().tasks.openPage({ assignee: 'li.na', limit })).rejects.toBeInstanceOf(RangeError);
      }
    });
  });

  describe('lists: an agency’s documents and its pipeline a page at a time', () => {
    const at = (i: number) => new Date(Date.UTC(2027, 0, 4, 1) + i * 60_000).toISOString();

    it('pages an agency’s documents newest registered first: each once, `next` whenever the limit was read', async () => {
      const agency = newAgency();
      const docs = Array.from({ length: 7 }, (_, i) => documentRecord({ agency, createdAt: at(i % 5) }));
      for (const doc of docs) await create(deps(), doc);
      await create(deps(), documentRecord({ createdAt: at(3) }));
      const newestFirst = [...docs]
        .sort((a, b) => cmp(`${a.createdAt}#${a.id}`, `${b.createdAt}#${b.id}`))
        .reverse()
        .map((d) => d.id);
      const read = async (after: { createdAt: string; id: string } | undefined) => {
        const slice = await deps().documents.agencyPage({ agency, limit: 3, ...(after ? { after } : {}) });
        return { items: slice.documents, ...(slice.next ? { next: slice.next } : {}) };
      };
      expect(await allPages(read)).toEqual({ ids: newestFirst, sizes: [3, 3, 1] });
      const [first] = (await deps().documents.agencyPage({ agency, limit: 1 })).documents;
      expect(first).toEqual(await deps().documents.get(first?.id ?? ''));
      expect(await deps().documents.agencyPage({ agency: newAgency(), limit: 5 })).toEqual({ documents: [] });
    });

    it('pages an agency’s pipeline: past DRAFT and not finished, soonest deadline first (none yet first), what the index projects', async () => {
      const agency = newAgency();
      const make = (status: Status, dueAt?: string) =>
        documentRecord({ agency, status, ...(dueAt ? { dueAt, dueProvisional: false } : {}) });
      const docs: DocumentRecord[] = [
        make('AWAITING_SIGNOFF', '2027-02-03'),
        make('RECEIVED'),
        make('IN_REVIEW', '2027-02-01'),
        make('DRAFT', '2027-01-30'),
        make('PUBLISHED', '2027-01-29'),
        make('CANCELLED', '2027-01-29'),
        make('SIGNED_OFF', '2027-02-01'),
        make('IN_CONSULTATION', '2027-02-02'),
        make('FAILED', '2027-01-31'),
      ];
      for (const doc of docs) await create(deps(), doc);
      await create(deps(), documentRecord({ status: 'RECEIVED', dueAt: '2027-01-01' }));
      const listed = docs
        .filter((d) => !['DRAFT', 'PUBLISHED', 'CANCELLED', 'FAILED'].includes(d.status))
        .sort((a, b) => cmp(`${a.dueAt ?? ''}#${a.id}`, `${b.dueAt ?? ''}#${b.id}`));
      const read = async (after: { dueAt: string; id: string } | undefined) => {
        const slice = await deps().documents.pipelinePage({ agency, limit: 2, ...(after ? { after } : {}) });
        return { items: slice.entries, ...(slice.next ? { next: slice.next } : {}) };
      };
      const pages = await allPages(read);
      expect(pages).toEqual({ ids: ids(listed), sizes: [2, 2, 1] });
      const entries = (await deps().documents.pipelinePage({ agency, limit: 10 })).entries;
      expect(entries).toEqual(
        listed.map((d) => Object.fromEntries(PIPELINE_FIELDS.flatMap((f) => (d[f] === undefined ? [] : [[f, d[f]]])))),
      );
    });

    it('moves a document in its pipeline as its deadline moves, and off it when it finishes', async () => {
      const agency = newAgency();
      const [early, later] = [
        documentRecord({ agency, dueAt: '2027-02-01' }),
        documentRecord({ agency, dueAt: '2027-02-05' }),
      ];
      for (const doc of [early, later]) await create(deps(), doc);
      const commit = (doc: DocumentRecord, patch: Partial<DocumentRecord>) => {
        const next = nextVersion(doc, patch);
        return deps().documents.commit({
          document: next,
          expectedVersion: doc.version ?? 1,
          event: auditEvent(next, '2027-01-20T02:00:00.000Z', doc.status),
          scores: NO_SCORE_CHANGE,
        });
      };
      await commit(early, { dueAt: '2027-02-08' });
      const page = async () => ids((await deps().documents.pipelinePage({ agency, limit: 10 })).entries);
      expect(await page()).toEqual([later.id, early.id]);
      await commit(later, { status: 'PUBLISHED' });
      expect(await page()).toEqual([early.id]);
    });

    it('refuses a read of no documents or of more than MAX_STORE_READ', async () => {
      for (const limit of [0, 2.5, MAX_STORE_READ + 1]) {
        await expect(deps().documents.agencyPage({ agency: 'edu', limit })).rejects.toBeInstanceOf(RangeError);
        await expect(deps().documents.pipelinePage({ agency: 'edu', limit })).rejects.toBeInstanceOf(RangeError);
      }
    });
  });
}
