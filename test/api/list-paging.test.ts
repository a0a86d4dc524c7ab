import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../infra/paths';
import { DocumentListSchema, PipelineSchema, TaskListSchema } from '../../shared/api/responses';
import { LIST_PAGE_LIMIT } from '../../shared/model/paging';
import type { HumanTask } from '../../shared/model/task';
import { importCalendarYear } from '../../shared/pipeline/calendar-import';
import { openTasksPage } from '../../shared/pipeline/lists';
import { encodeCursor } from '../../shared/pipeline/paging';
import { taskDocumentOf } from '../../shared/pipeline/tasks/summary';
import { creation, documentRecord, humanTask } from '../contract/fixtures';
import { createWorld, PEOPLE, type World } from './support';

/**
 * GET /api/tasks, /api/pipeline and /api/documents page (issue 13): `limit` ≤ 100, an opaque
 * `cursor`, each page read from its index in its order — and no read per item: the task carries
 * what its list shows of the document.
 */

const SCHEMAS = { tasks: TaskListSchema, pipeline: PipelineSchema, documents: DocumentListSchema } as const;
type ListName = keyof typeof SCHEMAS;

/** Every page of a list as `as` reads it, following `next`; what each request read of the store. */
async function allPages(w: World, list: ListName, as: string | undefined, limit?: number) {
  const pages: Array<{ ids: string[]; items: number; queries: number; documentReads: number }> = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ ...(limit ? { limit: String(limit) } : {}), ...(cursor ? { cursor } : {}) });
    const before = { ...w.deps.state.listReads };
    const reads = countDocumentReads(w);
    const res = await w.call('GET', `/api/${list}?${query}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = SCHEMAS[list].parse(res.body);
    pages.push({
      ids: body.entries.map((e) => e.id),
      items: w.deps.state.listReads.items - before.items,
      queries: w.deps.state.listReads.queries - before.queries,
      documentReads: reads.stop(),
    });
    cursor = body.next;
    if (pages.length > 200) throw new Error('the pages never end');
  } while (cursor);
  return pages;
}

/** Counts the single-item reads (a document or a task by id) made until stop(). */
function countDocumentReads(w: World) {
  const { documents, tasks } = w.deps;
  const [get, getTask] = [documents.get, tasks.getTask];
  let count = 0;
  documents.get = (id) => {
    count += 1;
    return get.call(documents, id);
  };
  tasks.getTask = (id) => {
    count += 1;
    return getTask.call(tasks, id);
  };
  return {
    stop() {
      documents.get = get;
      tasks.getTask = getTask;
      return count;
    },
  };
}

const sizes = (pages: Array<{ ids: string[] }>) => pages.map((p) => p.ids.length);
const bytes = (s: string) => Buffer.from(s, 'utf8');
const byOrder = (key: (t: HumanTask) => string) => (a: HumanTask, b: HumanTask) =>
  Buffer.compare(bytes(key(a)), bytes(key(b)));

describe('paged staff lists', () => {
  it('GET /api/tasks pages soonest due first, each task once, with its document from the task itself: no per-item read', async () => {
    const w = createWorld();
    const made = [];
    for (let i = 0; i < 12; i++) made.push(await w.awaitingSignoff({ title: `第${i}号通知` }));
    const pages = await allPages(w, 'tasks', PEOPLE.leader, 5);
    expect(sizes(pages)).toEqual([5, 5, 2]);
    const open = (await Promise.all(made.map((m) => w.deps.tasks.getTask(m.taskId)))) as HumanTask[];
    const order = open.sort(byOrder((t) => `${t.dueAt}#${t.id}`)).map((t) => t.id);
    expect(pages.flatMap((p) => p.ids)).toEqual(order);
    for (const page of pages) {
      expect(page.documentReads).toBe(0);
      // li.na decides as herself only: one key, one more than the page.
      expect(page.queries).toBe(1);
      expect(page.items).toBeLessThanOrEqual(6);
    }
    // What each task shows of its document is what the document holds.
    const body = TaskListSchema.parse((await w.call('GET', '/api/tasks', { as: PEOPLE.leader })).body);
    expect(body.next).toBeUndefined();
    for (const task of body.entries) {
      expect(task.document).toEqual(taskDocumentOf(await w.doc(task.documentId)));
    }
  });

  it('GET /api/tasks of someone deciding for a group merges their keys in one order, without duplicates', async () => {
    const w = createWorld();
    const review = await w.inReview();
    const reviewer = await w.deps.directory.getUser(PEOPLE.reviewer);
    expect(reviewer).toBeDefined();
    // wang.fang's own tasks and the review group's, on two keys, due on interleaved days.
    const doc = documentRecord({ agency: 'edu' });
    const own = [3, 1, 4, 1, 5, 9, 2, 6].map((d) =>
      humanTask(doc.id, { assignee: PEOPLE.reviewer, dueAt: `2026-12-0${d}` }),
    );
    const group = [2, 7, 1, 8, 2, 8].map((d) =>
      humanTask(doc.id, { assignee: 'group:reviewer', dueAt: `2026-12-0${d}` }),
    );
    await w.deps.documents.commit(creation(doc, { openTasks: [...own, ...group] }));
    const reviewTask = (await w.deps.tasks.getTask(review.taskId)) as HumanTask;
    const expected = [...own, ...group, reviewTask].sort(byOrder((t) => `${t.dueAt}#${t.id}`)).map((t) => t.id);
    for (const limit of [1, 4, 15, 100]) {
      const pages = await allPages(w, 'tasks', PEOPLE.reviewer, limit);
      expect(
        pages.flatMap((p) => p.ids),
        `limit ${limit}`,
      ).toEqual(expected);
      expect(pages.at(-1)?.ids.length, `limit ${limit}: no empty last page`).toBeGreaterThan(0);
      for (const page of pages) expect(page.items).toBeLessThanOrEqual(2 * (limit + 1));
    }
  });

  it('the domain’s merge stops at a key that was cut short: nothing of another key past it is handed out yet', async () => {
    // A store whose read of `a` stops early (as DynamoDB does at 1 MB) with more behind it.
    const a = [1, 4, 7].map((d) => humanTask('d', { assignee: 'a', dueAt: `2026-12-0${d}`, id: `a${d}` }));
    const b = [2, 3, 5, 6].map((d) => humanTask('d', { assignee: 'b', dueAt: `2026-12-0${d}`, id: `b${d}` }));
    const store = {
      async openPage(read: { assignee: string; limit: number; after?: { dueAt: string; id: string } }) {
        const all = read.assignee === 'a' ? a : b;
        const rest = all.filter((t) => !read.after || `${t.dueAt}#${t.id}` > `${read.after.dueAt}#${read.after.id}`);
        const cut = read.assignee === 'a' ? rest.slice(0, 1) : rest.slice(0, read.limit);
        const last = cut.at(-1);
        const more = cut.length < rest.length || cut.length === read.limit;
        return { tasks: cut, ...(more && last ? { next: { dueAt: last.dueAt, id: last.id } } : {}) };
      },
    };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await openTasksPage(store, ['a', 'b'], { limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map((t) => t.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(['a1', 'b2', 'b3', 'a4', 'b5', 'b6', 'a7']);
  });

  it('GET /api/documents pages the caller’s agency newest first, 100 a page by default', async () => {
    const w = createWorld();
    const registered: string[] = [];
    for (let i = 0; i < 7; i++) registered.push((await w.register({ title: `第${i}号` })).id);
    await w.register({}, PEOPLE.uploaderOther);
    const pages = await allPages(w, 'documents', PEOPLE.uploaderEdu, 3);
    expect(sizes(pages)).toEqual([3, 3, 1]);
    // Registered in the same instant (the test clock stands still): newest first is then by id, descending.
    const docs = await Promise.all(registered.map((id) => w.doc(id)));
    const newest = docs.map((d) => `${d.createdAt}#${d.id}`).sort((a, b) => Buffer.compare(bytes(b), bytes(a)));
    expect(pages.flatMap((p) => p.ids)).toEqual(newest.map((k) => k.split('#')[1]));
    for (const page of pages)
      expect([page.items, page.queries, page.documentReads]).toEqual([
        page.ids.length + (page === pages.at(-1) ? 0 : 1),
        1,
        0,
      ]);
    expect(sizes(await allPages(w, 'documents', PEOPLE.uploaderEdu))).toEqual([7]);
    expect(sizes(await allPages(w, 'documents', PEOPLE.oversight))).toEqual([0]);
  });

  it('GET /api/pipeline pages an agency’s documents in flight, and the district’s agency by agency', async () => {
    const w = createWorld();
    const edu = [];
    for (let i = 0; i < 5; i++) edu.push((await w.awaitingSignoff({ title: `教育${i}` })).id);
    edu.push((await w.inReview()).id);
    const health = [(await w.awaitingSignoff({}, { as: PEOPLE.uploaderOther })).id];
    // A registration whose file has not come is not in the pipeline.
    await w.register();
    const agencyPages = await allPages(w, 'pipeline', PEOPLE.leader, 4);
    expect(sizes(agencyPages)).toEqual([4, 2]);
    expect(agencyPages.flatMap((p) => p.ids).sort()).toEqual([...edu].sort());
    for (const page of agencyPages) expect([page.queries, page.documentReads]).toEqual([1, 0]);

    const district = await allPages(w, 'pipeline', PEOPLE.oversight, 4);
    expect(district.flatMap((p) => p.ids).sort()).toEqual([...edu, ...health].sort());
    const agencies = (await w.deps.directory.listAgencies()).length;
    for (const page of district) {
      expect(page.documentReads).toBe(0);
      expect(page.queries).toBeLessThanOrEqual(agencies);
      expect(page.items).toBeLessThanOrEqual(4 + page.queries);
    }
    const first = PipelineSchema.parse((await w.call('GET', '/api/pipeline?limit=1', { as: PEOPLE.leader })).body);
    expect(first.entries[0]).toMatchObject({ agency: 'edu', agencyName: expect.any(String), provisional: false });
    expect(first.entries[0]?.workingDaysLeft).toBeGreaterThan(0);
  });

  it('refuses a bad limit or a cursor it did not give out for this list and caller: 400 naming the field, nothing read', async () => {
    const w = createWorld();
    for (let i = 0; i < 3; i++) await w.awaitingSignoff();
    const cursorOf = async (list: ListName, as: string) =>
      SCHEMAS[list].parse((await w.call('GET', `/api/${list}?limit=1`, { as })).body).next ?? '';
    const [tasks, documents] = [
      await cursorOf('tasks', PEOPLE.leader),
      await cursorOf('documents', PEOPLE.uploaderEdu),
    ];
    const pipeline = await cursorOf('pipeline', PEOPLE.leader);
    const forged = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const bad: Array<[ListName, string, string, RegExp]> = [
      ['tasks', 'limit=0', PEOPLE.leader, /^query\.limit: limit must be at least 1$/],
      ['tasks', `limit=${LIST_PAGE_LIMIT + 1}`, PEOPLE.leader, /^query\.limit: limit is at most 100$/],
      ['documents', 'limit=ten', PEOPLE.uploaderEdu, /^query\.limit: limit must be a whole number/],
      ['pipeline', 'limit=2.5', PEOPLE.leader, /^query\.limit: limit must be a whole number$/],
      ['tasks', 'cursor=', PEOPLE.leader, /^cursor: not a task-list cursor/],
      ['documents', 'cursor=not-a-cursor', PEOPLE.uploaderEdu, /^cursor: not a document-list cursor/],
      ['pipeline', `cursor=${'A'.repeat(401)}`, PEOPLE.leader, /^query\.cursor: cursor is at most 400 characters$/],
      // Another caller's, or another list's.
      ['tasks', `cursor=${tasks}`, PEOPLE.reviewer, /^cursor: it belongs to another person's task list/],
      ['tasks', `cursor=${documents}`, PEOPLE.leader, /^cursor: it belongs to another person's task list/],
      ['pipeline', `cursor=${pipeline}`, PEOPLE.oversight, /^cursor: it belongs to another pipeline/],
      [
        'documents',
        `cursor=${documents}`,
        PEOPLE.uploaderOther,
        /^cursor: it belongs to another agency's document list/,
      ],
      // Well-formed ones the server never gave out: a raw key, a path in the id, an agency not the caller's.
      ['tasks', `cursor=${forged({ pk: 'TASK#x', sk: 'TASK' })}`, PEOPLE.leader, /^cursor: not a task-list cursor/],
      [
        'tasks',
        `cursor=${encodeCursor(['tasks', 'li.na'], ['2026-12-01', '../TASK#x'])}`,
        PEOPLE.leader,
        /^cursor: not a task-list cursor/,
      ],
      [
        'tasks',
        `cursor=${encodeCursor(['tasks', 'li.na'], ['2026-02-30', 'x'])}`,
        PEOPLE.leader,
        /^cursor: not a task-list cursor/,
      ],
      [
        'documents',
        `cursor=${encodeCursor(['documents', 'edu'], ['yesterday', 'x'])}`,
        PEOPLE.uploaderEdu,
        /^cursor: not a document-list cursor/,
      ],
      [
        'pipeline',
        `cursor=${encodeCursor(['pipeline', 'edu'], ['health', '', 'x'])}`,
        PEOPLE.leader,
        /^cursor: not a position in this pipeline/,
      ],
    ];
    for (const [list, query, as, message] of bad) {
      const before = { ...w.deps.state.listReads };
      const res = await w.call('GET', `/api/${list}?${query}`, { as });
      expect(res.status, `${list}?${query}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message, `${list}?${query}`).toMatch(message);
      expect(w.deps.state.listReads, `${list}?${query}`).toEqual(before);
    }
  });

  it('a task shows its document’s deadline as a calendar import moves it (the copy is written with the move)', async () => {
    const arrangement = JSON.parse(readFileSync(fromRoot('test/fixtures/calendar/2027.json'), 'utf8'));
    const w = createWorld();
    w.clock.set('2027-02-03T02:00:00.000Z');
    const january = await w.awaitingSignoff({ formedAt: '2027-01-20' });
    const listed = async () =>
      TaskListSchema.parse((await w.call('GET', '/api/tasks', { as: PEOPLE.leader })).body).entries.find(
        (t) => t.id === january.taskId,
      );
    expect((await listed())?.document?.dueAt).toBe('2027-02-19');
    await importCalendarYear(w.deps, 'ops', arrangement);
    expect((await w.doc(january.id)).dueAt).toBe('2027-02-24');
    expect(await listed()).toMatchObject({ dueAt: '2027-02-15', document: { dueAt: '2027-02-24' } });
  });
});
