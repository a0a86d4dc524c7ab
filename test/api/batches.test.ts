import { describe, expect, it } from 'vitest';
import { BatchViewSchema, OpenedBatchSchema, SentRowsSchema } from '../../shared/api/responses';
import { CLEAN_TEXT, createWorld, PEOPLE } from './support';

const row = (file: string, title: string, extra: Record<string, string> = {}) => ({
  file,
  title,
  department: 'office',
  category: '02',
  formedAt: '2026-11-20',
  disclosure: 'proactive',
  origin: 'made',
  ...extra,
});

describe('POST /api/batches, /rows and GET /api/batches/:id: a batch sent from the dashboard or the CLI', () => {
  it('registers each good row as the upload form would, refuses the bad ones by column, and shows where each stands', async () => {
    const w = createWorld();
    const opened = await w.call('POST', '/api/batches', { as: PEOPLE.uploaderEdu, body: { label: '本周通知' } });
    expect(opened.status).toBe(201);
    const batch = OpenedBatchSchema.parse(opened.body);
    expect(batch).toEqual({
      id: batch.id,
      agency: 'edu',
      label: '本周通知',
      folder: `batches/edu/${batch.id}/`,
      singleFolder: `uploads/edu/${batch.id}/`,
    });

    const body = {
      rows: [
        { row: 1, cells: row('a.txt', '关于做好冬季供暖保障工作的通知') },
        { row: 2, cells: row('b.txt', '关于秋季招生工作的公告', { disclosure: '不予公开' }) },
        { row: 3, cells: row('c.txt', '第三份', { department: 'basic-edu', formedAt: '2026/11/21' }) },
      ],
    };
    const sent = await w.call('POST', `/api/batches/${batch.id}/rows`, { as: PEOPLE.uploaderEdu, body });
    expect(sent.status).toBe(200);
    const [a, b, c] = SentRowsSchema.parse(sent.body).rows;
    expect(a).toMatchObject({
      row: 1,
      file: 'a.txt',
      status: 'DRAFT',
      contentType: 'text/plain',
      uploadUrl: expect.stringMatching(/^memory:\/\/intake\/uploads\//),
    });
    expect(b).toEqual({
      row: 2,
      file: 'b.txt',
      problems: [{ column: 'legalReason', reason: 'FIVE-1: a not-disclosed (不予公开) document needs a legalReason' }],
    });
    expect(await w.doc(c?.documentId ?? '')).toMatchObject({
      department: 'basic-edu',
      formedAt: '2026-11-21',
      uploadedBy: 'zhang.wei',
    });

    // The connection dropped: sent again, the rows find their documents, with fresh upload links.
    const again = SentRowsSchema.parse(
      (await w.call('POST', `/api/batches/${batch.id}/rows`, { as: PEOPLE.uploaderEdu, body })).body,
    );
    expect(again.rows.map((r) => r.documentId)).toEqual([a?.documentId, undefined, c?.documentId]);
    expect((await w.deps.documents.listByAgency('edu')).length).toBe(2);

    // a.txt's file arrives and runs through the automated review.
    const { versionId } = w.deps.files.putPresigned(a?.uploadUrl ?? '', CLEAN_TEXT);
    await w.arrived(a?.documentId ?? '', versionId);
    const view = BatchViewSchema.parse((await w.call('GET', `/api/batches/${batch.id}`, { as: PEOPLE.leader })).body);
    expect(view.stages).toEqual({
      registered: 1,
      inReview: 1,
      awaitingSignoff: 0,
      afterSignoff: 0,
      published: 0,
      stopped: 0,
      failed: 1,
    });
    expect(view.rows.map((r) => [r.row, r.file, r.status ?? null, r.stage])).toEqual([
      [1, 'a.txt', 'CLEARED', 'inReview'],
      [2, 'b.txt', null, 'failed'],
      [3, 'c.txt', 'DRAFT', 'registered'],
    ]);
    expect(view.report).toMatchObject({ manifest: null, rows: 3, registered: 2, rowsWithoutFile: [] });
  });

  it('refuses a body that is not rows, naming what is wrong', async () => {
    const w = createWorld();
    const { id } = OpenedBatchSchema.parse(
      (await w.call('POST', '/api/batches', { as: PEOPLE.uploaderEdu, body: { label: '批次' } })).body,
    );
    const bad = await w.call('POST', `/api/batches/${id}/rows`, {
      as: PEOPLE.uploaderEdu,
      body: { rows: [{ row: 1, cells: { file: 'a.txt', colour: 'red' } }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("cells are named by the manifest's columns: file, title");
    const many = await w.call('POST', `/api/batches/${id}/rows`, {
      as: PEOPLE.uploaderEdu,
      body: { rows: Array.from({ length: 101 }, (_, i) => ({ row: i + 1, cells: row(`${i}.txt`, '通知') })) },
    });
    expect(many.status).toBe(400);
    expect(many.body.error.message).toContain('at most 100 rows a request');
  });
});
