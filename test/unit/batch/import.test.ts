import { describe, expect, it } from 'vitest';
import { batchView } from '../../../shared/pipeline/batch/api';
import { handleDropEvent } from '../../../shared/pipeline/batch/drop-event';
import { batchDocumentId } from '../../../shared/pipeline/batch/entries';
import { StartsLeftError } from '../../../shared/pipeline/batch/import';
import type { BatchReport } from '../../../shared/pipeline/batch/report';
import type { ObjectCreatedEvent } from '../../../shared/pipeline/events';
import { intake } from '../../../shared/pipeline/intake';
import { batchWorld, csv } from './support';

const HEADER = [
  '文件名',
  'title',
  'department',
  'category',
  '形成日期',
  'disclosure',
  'origin',
  'legalReason',
  'consult',
  'documentType',
  'validUntil',
];
const good = (file: string, title: string) => [
  file,
  title,
  'office',
  '02',
  '2026/11/20',
  '主动公开',
  '制作',
  '',
  '',
  '',
  '',
];
const row = (file: string, changes: Partial<Record<(typeof HEADER)[number], string>>) => {
  const cells = good(file, `标题 ${file}`);
  for (const [column, value] of Object.entries(changes)) cells[HEADER.indexOf(column)] = value ?? '';
  return cells;
};

/** Good rows, a bad row of each kind, a row whose file is missing; the folder also has a file no row names. */
const MANIFEST = [
  HEADER,
  good('a.txt', '关于做好冬季供暖保障工作的通知'), // row 2
  good('b.txt', '关于秋季招生工作的公告'), // row 3: its file comes after the manifest
  row('c.txt', { title: '' }), // 4: a required field left blank
  row('d.txt', { 形成日期: '2026-13-45' }), // 5: no such date
  row('e.txt', { 形成日期: '1999-01-01' }), // 6: outside the formedAt window
  row('f.txt', { department: 'nowhere' }), // 7: not a department of the agency
  row('g.txt', { disclosure: '不予公开' }), // 8: FIVE-1 without a legal reason
  row('h.txt', { disclosure: 'public' }), // 9: not a disclosure attribute
  row('i.txt', { category: 'A1' }), // 10: not a catalogue code
  row('notes.exe', {}), // 11: a type that cannot be uploaded
  row('a.txt', { title: '同一个文件' }), // 12: a file another row names
  row('k.txt', { consult: 'health;nowhere' }), // 13: an agency the directory does not have
  row('l.txt', { documentType: 'licensing', validUntil: '2027-01-01' }), // 14: 有效期 of a decision
  good('missing.docx', '缺少文件的一行'), // 15: its file never comes
];

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('a manifest dropped into a batch folder (the batch importer)', () => {
  it('registers the good rows, refuses each bad one with its row, column and reason, and reports missing and extra files', async () => {
    const w = batchWorld();
    const batch = await w.open();
    const folder = `batches/edu/${batch.id}/`;
    w.deps.drops.drop(`${folder}a.txt`, '各学校：请做好冬季供暖保障工作。', 'text/plain');
    w.deps.drops.drop(`${folder}extra.pdf`, '%PDF-1.4\n', 'application/pdf');
    w.deps.drops.drop(`${folder}manifest.csv`, csv(MANIFEST), 'text/csv');

    expect(await w.arrived(`${folder}manifest.csv`, 'etag-1')).toEqual({
      outcome: 'imported',
      batch: batch.id,
      rows: 14,
      started: 1,
    });
    const report = JSON.parse(text((await w.deps.files.readOriginal(`${folder}report.json`)).bytes)) as BatchReport;
    const invalid = (r: number, file: string | undefined, column: string, reason: string) => ({
      row: r,
      ...(file ? { file } : {}),
      column,
      reason,
    });
    expect(report).toEqual({
      batch: batch.id,
      agency: 'edu',
      manifest: 'manifest.csv',
      rows: 14,
      registered: 3,
      started: 1,
      invalid: [
        invalid(4, 'c.txt', 'title', 'title is required'),
        invalid(5, 'd.txt', '形成日期', 'formedAt must be a date as YYYY-MM-DD'),
        invalid(
          6,
          'e.txt',
          '形成日期',
          'formedAt 1999-01-01 is outside 2000-01-01 … 2027-11-24: the date the information was formed, at most a year from today',
        ),
        invalid(7, 'f.txt', 'department', 'department "nowhere" is not part of edu'),
        invalid(8, 'g.txt', 'legalReason', 'FIVE-1: a not-disclosed (不予公开) document needs a legalReason'),
        invalid(
          9,
          'h.txt',
          'disclosure',
          'disclosure must be one of proactive, on-request, not-disclosed (or 主动公开, 依申请公开, 不予公开)',
        ),
        invalid(10, 'i.txt', 'category', 'category is a two-digit catalogue code'),
        invalid(
          11,
          'notes.exe',
          '文件名',
          'notes.exe: not a type that can be uploaded (txt, html, pdf, docx, xlsx, ofd, doc, png, jpg)',
        ),
        invalid(12, 'a.txt', '文件名', 'file a.txt is named by row 2 too'),
        invalid(13, 'k.txt', 'consult', 'consult: unknown agency "nowhere"'),
        invalid(
          14,
          'l.txt',
          'validUntil',
          'validUntil (有效期) is for a regulation or normative document (documentType regulation or normative)',
        ),
      ],
      filesWithoutRow: ['extra.pdf'],
      rowsWithoutFile: [
        { row: 3, file: 'b.txt' },
        { row: 15, file: 'missing.docx' },
      ],
    } satisfies BatchReport);

    // The registered rows are documents of the uploader who opened the batch, as the upload form makes them.
    const a = await w.deps.documents.get(batchDocumentId(batch.id, 'a.txt'));
    expect(a).toMatchObject({
      agency: 'edu',
      uploadedBy: 'zhang.wei',
      title: '关于做好冬季供暖保障工作的通知',
      formedAt: '2026-11-20',
      disclosure: 'proactive',
      origin: 'made',
      filename: 'a.txt',
      contentType: 'text/plain',
      status: 'DRAFT',
    });
    // Its file went to its upload key (one Object Created event), and Intake takes it from there.
    expect(w.deps.drops.copies).toEqual([{ from: `${folder}a.txt`, to: `uploads/${a?.id}` }]);
    const event: ObjectCreatedEvent = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: { bucket: { name: 'intake' }, object: { key: `uploads/${a?.id}` } },
    };
    expect(await intake(w.deps, { event, executionId: 'exec-a' })).toEqual({ documentId: a?.id, next: 'review' });
  });

  it('starts nothing twice: a duplicate manifest event, a second import of the same rows, a file announced twice', async () => {
    const w = batchWorld();
    const batch = await w.open();
    const folder = `batches/edu/${batch.id}/`;
    w.deps.drops.drop(`${folder}a.txt`, '各学校：请做好冬季供暖保障工作。', 'text/plain');
    w.deps.drops.drop(`${folder}manifest.csv`, csv(MANIFEST.slice(0, 3)), 'text/csv');
    await w.arrived(`${folder}manifest.csv`, 'etag-1');
    expect(w.deps.drops.copies).toHaveLength(1);

    expect(await w.arrived(`${folder}manifest.csv`, 'etag-1')).toEqual({
      outcome: 'resumed',
      batch: batch.id,
      started: 0,
    });
    // The same rows in a new version of the manifest: found registered and started, nothing new.
    w.deps.drops.drop(`${folder}manifest.csv`, `${csv(MANIFEST.slice(0, 3))}\n`, 'text/csv');
    expect(await w.arrived(`${folder}manifest.csv`, 'etag-2')).toMatchObject({ outcome: 'imported', started: 0 });
    // A file after the manifest is picked up, once however often its event comes.
    w.deps.drops.drop(`${folder}b.txt`, '各学校：秋季招生工作安排如下。', 'text/plain');
    expect(await w.arrived(`${folder}b.txt`)).toEqual({ outcome: 'file', batch: batch.id, started: 1 });
    expect(await w.arrived(`${folder}b.txt`)).toEqual({ outcome: 'file', batch: batch.id, started: 0 });
    expect(w.deps.drops.copies.map((c) => c.from)).toEqual([`${folder}a.txt`, `${folder}b.txt`]);
    const docs = await w.deps.documents.listByAgency('edu');
    expect(docs.map((d) => d.filename).sort()).toEqual(['a.txt', 'b.txt']);
    const report = JSON.parse(text((await w.deps.files.readOriginal(`${folder}report.json`)).bytes)) as BatchReport;
    expect(report).toMatchObject({ registered: 2, started: 2, rowsWithoutFile: [], filesWithoutRow: [] });
  });

  it('an importer out of time stops starting and fails (Lambda retries it); the retry starts the rest, once', async () => {
    const w = batchWorld();
    const batch = await w.open();
    const folder = `batches/edu/${batch.id}/`;
    for (const f of ['a.txt', 'b.txt'])
      w.deps.drops.drop(`${folder}${f}`, '各学校：请做好冬季供暖保障工作。', 'text/plain');
    w.deps.drops.drop(`${folder}manifest.csv`, csv(MANIFEST.slice(0, 3)), 'text/csv');
    const event: ObjectCreatedEvent = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: { bucket: { name: 'intake' }, object: { key: `${folder}manifest.csv`, etag: 'etag-1' } },
    };
    // A deadline already within the margin: the rows are registered, nothing is started.
    await expect(handleDropEvent(w.deps, event, { runner: 'lambda-1', deadline: Date.now() })).rejects.toBeInstanceOf(
      StartsLeftError,
    );
    expect(w.deps.drops.copies).toEqual([]);
    expect((await w.deps.documents.listByAgency('edu')).length).toBe(2);
    expect(await handleDropEvent(w.deps, event, { runner: 'lambda-2', sleep: async () => {} })).toEqual({
      outcome: 'resumed',
      batch: batch.id,
      started: 2,
    });
    expect(await handleDropEvent(w.deps, event, { runner: 'lambda-3', sleep: async () => {} })).toMatchObject({
      started: 0,
    });
    expect(w.deps.drops.copies.map((c) => c.from)).toEqual([`${folder}a.txt`, `${folder}b.txt`]);
  });

  it('refuses a manifest whose columns are wrong, before any row', async () => {
    const w = batchWorld();
    const batch = await w.open();
    const folder = `batches/edu/${batch.id}/`;
    const header = ['file', 'title', 'title', 'department', 'category', 'disclosure', 'origin', 'colour'];
    w.deps.drops.drop(
      `${folder}manifest.csv`,
      csv([header, ['a.txt', '通知', '通知', 'office', '02', 'proactive', 'made', 'red']]),
    );
    await w.arrived(`${folder}manifest.csv`);
    const report = JSON.parse(text((await w.deps.files.readOriginal(`${folder}report.json`)).bytes)) as BatchReport;
    expect(report.invalid).toEqual([
      { row: 1, column: 'title', reason: 'column title appears twice' },
      {
        row: 1,
        column: 'colour',
        reason: expect.stringMatching(/^unknown column "colour"; the columns are file, title, /),
      },
      { row: 1, column: 'formedAt', reason: 'column formedAt is missing' },
    ]);
    expect(report.registered).toBe(0);
    expect(await w.deps.documents.listByAgency('edu')).toEqual([]);
  });

  it('locally (grant): only a batch an uploader of the agency opened counts; another agency’s prefix is refused', async () => {
    const w = batchWorld('grant');
    const folder = 'batches/edu/nobody-opened-this/';
    w.deps.drops.drop(`${folder}a.txt`, '通知正文', 'text/plain');
    w.deps.drops.drop(`${folder}manifest.csv`, csv(MANIFEST.slice(0, 2)));
    expect(await w.arrived(`${folder}manifest.csv`)).toEqual({
      outcome: 'skipped',
      reason:
        'batch nobody-opened-this was not opened by an uploader of edu: open it first (POST /api/batches, or npx gongkai batch upload)',
    });
    const report = JSON.parse(text((await w.deps.files.readOriginal(`${folder}report.json`)).bytes)) as BatchReport;
    expect(report.invalid).toEqual([{ row: 1, column: '', reason: expect.stringContaining('was not opened') }]);

    const edu = await w.open();
    const elsewhere = `batches/health/${edu.id}/`;
    w.deps.drops.drop(`${elsewhere}manifest.csv`, csv(MANIFEST.slice(0, 2)));
    expect(await w.arrived(`${elsewhere}manifest.csv`)).toMatchObject({
      outcome: 'skipped',
      reason: `batch ${edu.id} belongs to edu, not health`,
    });
    expect(await w.deps.documents.listByAgency('edu')).toEqual([]);
    expect(await w.deps.documents.listByAgency('health')).toEqual([]);
  });

  it('on AWS (prefix): a folder dropped without a batch opens one for the agency’s drop role', async () => {
    const w = batchWorld('prefix');
    const folder = 'batches/edu/2026-11-week-47/';
    w.deps.drops.drop(`${folder}a.txt`, '各学校：请做好冬季供暖保障工作。', 'text/plain');
    w.deps.drops.drop(`${folder}manifest.csv`, csv(MANIFEST.slice(0, 2)));
    expect(await w.arrived(`${folder}manifest.csv`)).toMatchObject({ outcome: 'imported', rows: 1, started: 1 });
    expect(await w.deps.batches.getBatch('2026-11-week-47')).toMatchObject({
      agency: 'edu',
      openedBy: 'drop:edu',
      source: 'drop',
    });
    const [doc] = await w.deps.documents.listByAgency('edu');
    expect(doc).toMatchObject({ uploadedBy: 'drop:edu', filename: 'a.txt', status: 'DRAFT' });

    const view = await batchView(w.deps, await w.user('zhang.wei'), '2026-11-week-47');
    expect(view.stages).toEqual({
      registered: 1,
      inReview: 0,
      awaitingSignoff: 0,
      afterSignoff: 0,
      published: 0,
      stopped: 0,
      failed: 0,
    });
    await expect(batchView(w.deps, await w.user('liu.yang'), '2026-11-week-47')).rejects.toThrow('no such batch');
  });
});
