import { describe, expect, it } from 'vitest';
import { ForbiddenError, ReusedKeyError } from '../../../shared/model/errors';
import { registerDocument, registerDocumentOnce } from '../../../shared/pipeline/upload';
import { METADATA, user, world } from './drive';

/** POST /api/documents with an Idempotency-Key: a retried registration makes no second document. */

const KEY = '3f0c9b1e-2d4a-4c6b-9e8f-0a1b2c3d4e5f';

describe('registerDocumentOnce', () => {
  it('the same key again answers the first registration, and the agency counts one document', async () => {
    const deps = world();
    const caller = await user(deps, 'zhang.wei');
    const first = await registerDocumentOnce(deps, caller, METADATA, KEY);
    const again = await registerDocumentOnce(deps, caller, METADATA, KEY);

    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.document).toEqual(await deps.documents.get(first.document.id));
    expect(again.document).toMatchObject({ ...METADATA, id: first.document.id, status: 'DRAFT' });
    expect((await deps.documents.listByAgency('edu')).map((d) => d.id)).toEqual([first.document.id]);
    expect((await deps.documents.history(first.document.id)).map((e) => e.note?.code)).toEqual(['registered']);
    const [counters] = await deps.scores.scoreCounters(2026);
    expect(counters?.open.map((o) => o.documentId)).toEqual([first.document.id]);
  });

  it('the key is not the id: the id is derived from the caller and the key', async () => {
    const deps = world();
    const { document } = await registerDocumentOnce(deps, await user(deps, 'zhang.wei'), METADATA, KEY);
    expect(document.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(document.id).not.toContain(KEY.slice(0, 8));
  });

  it('two requests with the key at once make one document; the one that lost gets it', async () => {
    const deps = world();
    const caller = await user(deps, 'zhang.wei');
    const both = await Promise.all([
      registerDocumentOnce(deps, caller, METADATA, KEY),
      registerDocumentOnce(deps, caller, METADATA, KEY),
    ]);
    expect(both.map((r) => r.created).sort()).toEqual([false, true]);
    expect(both[0].document.id).toBe(both[1].document.id);
    expect(await deps.documents.listByAgency('edu')).toHaveLength(1);
  });

  it('the key with other metadata is refused, naming what differs, and the registration stays', async () => {
    const deps = world();
    const caller = await user(deps, 'zhang.wei');
    const { document } = await registerDocumentOnce(deps, caller, METADATA, KEY);
    const stored = await deps.documents.get(document.id);
    const changed = { ...METADATA, title: '另一份通知', consult: ['health'] };
    const attempt = registerDocumentOnce(deps, caller, changed, KEY);
    await expect(attempt).rejects.toBeInstanceOf(ReusedKeyError);
    await expect(attempt).rejects.toThrow(`registered document ${document.id} with other title, consult`);
    expect(await deps.documents.get(document.id)).toEqual(stored);
  });

  it('another uploader’s key of the same text is another registration', async () => {
    const deps = world();
    const edu = await registerDocumentOnce(deps, await user(deps, 'zhang.wei'), METADATA, KEY);
    const healthUploader = (await deps.directory.listUsers()).find(
      (u) => u.agency === 'health' && u.roles.includes('uploader'),
    );
    if (!healthUploader) throw new Error('the demo directory has a health uploader');
    const health = await registerDocumentOnce(deps, healthUploader, { ...METADATA, agency: 'health' }, KEY);
    expect(health.created).toBe(true);
    expect(health.document.id).not.toBe(edu.document.id);
  });

  it('checks who is calling before it looks the key up', async () => {
    const deps = world();
    const uploader = await user(deps, 'zhang.wei');
    await registerDocumentOnce(deps, uploader, METADATA, KEY);
    const leader = await user(deps, 'li.na');
    await expect(registerDocumentOnce(deps, leader, METADATA, KEY)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('without a key every registration is a new document', async () => {
    const deps = world();
    const caller = await user(deps, 'zhang.wei');
    const a = await registerDocument(deps, caller, METADATA);
    const b = await registerDocument(deps, caller, METADATA);
    expect(a.id).not.toBe(b.id);
  });
});
