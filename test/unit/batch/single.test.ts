import { describe, expect, it } from 'vitest';
import { batchView } from '../../../shared/pipeline/batch/api';
import { batchDocumentId } from '../../../shared/pipeline/batch/entries';
import type { ObjectCreatedEvent } from '../../../shared/pipeline/events';
import { intake } from '../../../shared/pipeline/intake';
import { batchWorld } from './support';

/** x-amz-meta-* as `aws s3 cp --metadata` sends them: URL-encoded UTF-8. */
const meta = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, encodeURIComponent(v)]));

const GOOD = {
  title: '关于做好冬季供暖保障工作的通知',
  department: 'office',
  category: '02',
  formedat: '2026-11-20',
  disclosure: 'proactive',
  origin: 'made',
  'document-number': '台教发〔2026〕31号',
};

describe('a single file uploaded under uploads/ with its metadata and no registration', () => {
  it('is registered from its metadata as its batch’s uploader, and handed to the flow', async () => {
    const w = batchWorld();
    const batch = await w.open();
    const key = `uploads/edu/${batch.id}/供暖通知.txt`;
    w.deps.drops.drop(key, '各学校：请做好冬季供暖保障工作。', 'text/plain', meta(GOOD));
    expect(await w.arrived(key)).toEqual({ outcome: 'file', batch: batch.id, started: 1 });
    const id = batchDocumentId(batch.id, '供暖通知.txt');
    expect(await w.deps.documents.get(id)).toMatchObject({
      title: '关于做好冬季供暖保障工作的通知',
      documentNumber: '台教发〔2026〕31号',
      filename: '供暖通知.txt',
      contentType: 'text/plain',
      uploadedBy: 'zhang.wei',
      status: 'DRAFT',
    });
    expect(w.deps.drops.copies).toEqual([{ from: key, to: `uploads/${id}` }]);
    // The drop's own Object Created event (it matches the flow's rule too) starts nothing there.
    const event: ObjectCreatedEvent = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: { bucket: { name: 'intake' }, object: { key } },
    };
    expect(await intake(w.deps, { event, executionId: 'exec-drop' })).toEqual({ documentId: key, next: 'duplicate' });
    // Announced again (a redelivered event, a second PUT): nothing more.
    expect(await w.arrived(key)).toEqual({ outcome: 'file', batch: batch.id, started: 0 });
    expect(w.deps.drops.copies).toHaveLength(1);
  });

  it('keeps an object whose metadata is missing or invalid, and records FAILED with the field', async () => {
    const w = batchWorld();
    const batch = await w.open();
    const { title: _title, ...untitled } = GOOD;
    const missing = `uploads/edu/${batch.id}/a.txt`;
    const badDate = `uploads/edu/${batch.id}/b.txt`;
    const notEncoded = `uploads/edu/${batch.id}/c.txt`;
    w.deps.drops.drop(missing, '正文', 'text/plain', meta(untitled));
    w.deps.drops.drop(badDate, '正文', 'text/plain', meta({ ...GOOD, formedat: '20/11/2026' }));
    w.deps.drops.drop(notEncoded, '正文', 'text/plain', { ...meta(GOOD), title: '%E5%85%B3%E4' });
    for (const key of [missing, badDate, notEncoded]) {
      expect(await w.arrived(key)).toEqual({ outcome: 'file', batch: batch.id, started: 0 });
      expect(await w.deps.files.exists(key)).toBe(true);
    }
    expect(await w.deps.documents.listByAgency('edu')).toEqual([]);
    const view = await batchView(w.deps, await w.user('zhang.wei'), batch.id);
    expect(view.stages.failed).toBe(3);
    expect(view.rows.map((r) => [r.file, r.stage, r.problems])).toEqual([
      ['a.txt', 'failed', [{ column: 'title', reason: 'title is required' }]],
      ['b.txt', 'failed', [{ column: 'formedAt', reason: 'formedAt must be a date as YYYY-MM-DD' }]],
      [
        'c.txt',
        'failed',
        [{ column: 'title', reason: 'x-amz-meta-title is not URL-encoded UTF-8 (encodeURIComponent)' }],
      ],
    ]);
  });

  it('is refused locally under a batch nobody opened, and under another agency’s prefix', async () => {
    const w = batchWorld('grant');
    const batch = await w.open();
    for (const key of ['uploads/edu/not-opened/a.txt', `uploads/health/${batch.id}/a.txt`]) {
      w.deps.drops.drop(key, '正文', 'text/plain', meta(GOOD));
      expect(await w.arrived(key)).toMatchObject({ outcome: 'skipped' });
    }
    expect(w.deps.drops.copies).toEqual([]);
    expect(await w.deps.documents.listByAgency('edu')).toEqual([]);
  });
});
