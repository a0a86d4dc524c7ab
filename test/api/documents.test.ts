import { describe, expect, it } from 'vitest';
import {
  CLEAN_TEXT,
  correctionBody,
  createWorld,
  EDU_METADATA,
  HEALTH_METADATA,
  PEOPLE,
  SECRET_TEXT,
  type World,
} from './support';

const steps = (history: Array<{ from: string | null; to: string; note?: { code: string } }>) =>
  history.map((e) => [e.from, e.to, e.note?.code]);

async function register(w: World, body: unknown = EDU_METADATA, as: string = PEOPLE.uploaderEdu) {
  return w.call('POST', '/api/documents', { as, body });
}

describe('/api/documents', () => {
  it('POST registers a document: 201 with its id and a presigned URL for its file', async () => {
    const w = createWorld();
    const res = await register(w);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'uploadUrl']);
    const { id, uploadUrl } = res.body;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(uploadUrl).toContain(id);

    // The URL is presigned for the document's own key, with the type it was registered with.
    w.deps.files.putPresigned(uploadUrl, CLEAN_TEXT);
    const { objectKey } = await w.doc(id);
    expect(w.deps.files.keys('intake')).toEqual([objectKey]);
    expect((await w.deps.files.readOriginal(objectKey)).contentType).toBe('text/plain');

    const detail = await w.call('GET', `/api/documents/${id}`, { as: PEOPLE.uploaderEdu });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id,
      status: 'DRAFT',
      agency: 'edu',
      uploadedBy: 'zhang.wei',
      title: EDU_METADATA.title,
      // OGI-26: 20 working days after 2026-11-20.
      dueAt: '2026-12-18',
      dueProvisional: false,
    });
    expect(detail.body.history).toEqual([
      {
        documentId: id,
        at: '2026-11-24T02:00:00.000Z',
        actor: 'zhang.wei',
        from: null,
        to: 'DRAFT',
        rules: ['FIVE-1'],
        note: { code: 'registered', disclosure: 'proactive' },
        seq: 1,
        prevSeq: null,
        prevHash: null,
        hash: detail.body.lastEventHash,
      },
    ]);
  });

  describe('POST with an Idempotency-Key (a retried registration)', () => {
    const KEY = { 'Idempotency-Key': 'c0ffee00-1111-4222-8333-444455556666' };
    const keyed = (w: World, body: unknown = EDU_METADATA, headers: Record<string, string> = KEY) =>
      w.call('POST', '/api/documents', { as: PEOPLE.uploaderEdu, body, headers });

    it('answers the first registration again: 200, Idempotent-Replayed, a fresh link while it awaits its file', async () => {
      const w = createWorld();
      const first = await keyed(w);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const again = await keyed(w);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.uploadUrl).toContain(first.body.id);
      const listed = await w.call('GET', '/api/documents', { as: PEOPLE.uploaderEdu });
      expect(listed.body.entries.map((e: { id: string }) => e.id)).toEqual([first.body.id]);
    });

    it('once the file is in, a replay has no upload link', async () => {
      const w = createWorld();
      const first = await keyed(w);
      const { versionId } = w.deps.files.putPresigned(first.body.uploadUrl, CLEAN_TEXT);
      await w.arrived(first.body.id, versionId);
      const again = await keyed(w);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ id: first.body.id });
    });

    it('the key with other metadata is 422 idempotency_key_reused, naming the field', async () => {
      const w = createWorld();
      await keyed(w);
      const res = await keyed(w, { ...EDU_METADATA, title: '另一份通知' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('idempotency_key_reused');
      expect(res.body.error.message).toContain('with other title');
    });

    it.each([
      ['empty', ''],
      ['with a space', 'a key'],
      ['not ASCII', 'clé-1'],
      ['too long', 'k'.repeat(256)],
    ])('a key that is %s is 400 naming header.Idempotency-Key, and nothing is registered', async (_, key) => {
      const w = createWorld();
      const res = await keyed(w, EDU_METADATA, { 'Idempotency-Key': key });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message).toMatch(/^header\.Idempotency-Key: /);
      expect(await w.deps.documents.listByAgency('edu')).toEqual([]);
    });
  });

  it('GET /:id follows the document through the flow, each step of its history with its note code', async () => {
    const w = createWorld({ tickMs: 1000 });
    const { id, uploadUrl } = (await register(w)).body;
    // The browser PUTs to the presigned URL; S3's event starts the flow.
    const { versionId } = w.deps.files.putPresigned(uploadUrl, CLEAN_TEXT);
    await w.arrived(id, versionId);
    const { taskId } = await w.open(id, 'signoff');

    const res = await w.call('GET', `/api/documents/${id}`, { as: PEOPLE.leader });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('AWAITING_SIGNOFF');
    expect(res.body.objectVersion).toBe(versionId);
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The flow's internals stay inside.
    expect(res.body).not.toHaveProperty('executionId');
    expect(res.body).not.toHaveProperty('openTaskId');
    expect(steps(res.body.history)).toEqual([
      [null, 'DRAFT', 'registered'],
      ['DRAFT', 'RECEIVED', 'received'],
      ['RECEIVED', 'CLEARED', 'scan-clear'],
      ['CLEARED', 'AWAITING_SIGNOFF', 'task-opened'],
    ]);
    expect(res.body.history[3].note).toEqual({
      code: 'task-opened',
      kind: 'signoff',
      assignees: ['li.na'],
      escalated: false,
    });

    const decided = await w.call('POST', `/api/tasks/${taskId}/decision`, {
      as: PEOPLE.leader,
      body: { decision: 'reject', comment: '请补充附件' },
    });
    expect(decided.status).toBe(200);
    const after = await w.call('GET', `/api/documents/${id}`, { as: PEOPLE.uploaderEdu });
    expect(after.body.status).toBe('REJECTED');
    expect(after.body.history.at(-1)).toMatchObject({
      actor: 'li.na',
      from: 'AWAITING_SIGNOFF',
      to: 'REJECTED',
      rules: ['EXPAND-2'],
      note: { code: 'decided', kind: 'signoff', decision: 'reject', comment: '请补充附件' },
    });
  });

  it('a document sent to the pre-review group shows why in its history and findings', async () => {
    const w = createWorld({ tickMs: 1000 });
    const { id } = await w.inReview({}, { text: SECRET_TEXT });
    const res = await w.call('GET', `/api/documents/${id}`, { as: PEOPLE.reviewer });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('IN_REVIEW');
    expect(steps(res.body.history)).toEqual([
      [null, 'DRAFT', 'registered'],
      ['DRAFT', 'RECEIVED', 'received'],
      ['RECEIVED', 'IN_REVIEW', 'task-opened'],
    ]);
    expect(res.body.findings).toEqual([expect.objectContaining({ kind: 'secret-marking', text: '机密★5年' })]);
  });

  it("GET lists the caller's agency's documents, and only those", async () => {
    const w = createWorld();
    const edu = (await register(w)).body.id;
    const health = (await register(w, HEALTH_METADATA, PEOPLE.uploaderOther)).body.id;
    const published = await w.published();

    const eduList = await w.call('GET', '/api/documents', { as: PEOPLE.leader });
    expect(eduList.status).toBe(200);
    expect(eduList.body.entries.map((d: { id: string }) => d.id).sort()).toEqual([edu, published.id].sort());
    expect(eduList.body.entries.find((d: { id: string }) => d.id === published.id)).toEqual({
      id: published.id,
      title: published.title,
      status: 'PUBLISHED',
      indexNumber: '0201-02-2026-000001',
      createdAt: published.createdAt,
      formedAt: '2026-11-20',
      dueAt: '2026-12-18',
      dueProvisional: false,
    });
    const healthList = await w.call('GET', '/api/documents', { as: PEOPLE.uploaderOther });
    expect(healthList.body.entries.map((d: { id: string }) => d.id)).toEqual([health]);
    expect((await w.call('GET', '/api/documents', { as: PEOPLE.oversight })).body).toEqual({ entries: [] });
  });

  it('POST refuses what an uploader may not register: 403 for another agency, 400 for what breaks the rules', async () => {
    const w = createWorld();
    const other = await register(w, HEALTH_METADATA);
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({ code: 'forbidden', message: 'you upload for edu, not for health' });

    const unknownDepartment = await register(w, { ...EDU_METADATA, department: 'disease-control' });
    expect(unknownDepartment.status).toBe(400);
    expect(unknownDepartment.body.error.message).toContain('disease-control');

    const noReason = await register(w, { ...EDU_METADATA, disclosure: 'not-disclosed' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('invalid_input');
    expect(noReason.body.error.message).toContain('FIVE-1');

    const interpretsNothing = await register(w, { ...EDU_METADATA, interprets: crypto.randomUUID() });
    expect(interpretsNothing.status).toBe(400);
    expect(interpretsNothing.body.error.message).toContain('INTERP-3');
    expect((await w.call('GET', '/api/documents', { as: PEOPLE.uploaderEdu })).body).toEqual({ entries: [] });
  });

  it('POST /:id/corrections replaces the public copy (201) and the catalogue and history say so', async () => {
    const w = createWorld();
    const doc = await w.published();
    const res = await w.call('POST', `/api/documents/${doc.id}/corrections`, {
      as: PEOPLE.uploaderEdu,
      body: correctionBody('更正第二段日期'),
    });
    expect(res.status).toBe(201);
    const { publicKey } = res.body;
    expect(res.body).toEqual({ id: doc.id, status: 'CORRECTED', publicKey: expect.any(String) });
    expect(publicKey).not.toBe(doc.publicKey);
    expect(publicKey.startsWith(`public/${doc.id}/`)).toBe(true);
    expect(new TextDecoder().decode(w.deps.files.readPublic(publicKey)?.bytes)).toBe(`${CLEAN_TEXT}（已更正）`);
    expect((await w.doc(doc.id)).publicKey).toBe(publicKey);

    const detail = await w.call('GET', `/api/documents/${doc.id}`, { as: PEOPLE.uploaderEdu });
    // Events of one instant (the clock stands still here) list in no particular order.
    expect(detail.body.history.find((e: { to: string }) => e.to === 'CORRECTED')).toMatchObject({
      actor: 'zhang.wei',
      from: 'PUBLISHED',
      to: 'CORRECTED',
      note: { code: 'corrected', note: '更正第二段日期' },
    });
    const entry = await w.call('GET', `/api/catalog/entries/${doc.id}`);
    expect(entry.body).toMatchObject({
      status: 'CORRECTED',
      publicKey,
      url: `/${publicKey}`,
      corrections: [{ at: '2026-11-24T02:00:00.000Z', note: '更正第二段日期' }],
    });
  });

  it('POST /:id/corrections with an Idempotency-Key: a retry answers the first correction (200), other content 422', async () => {
    const w = createWorld();
    const doc = await w.published();
    const headers = { 'Idempotency-Key': 'corr-2f1e0d9c' };
    const send = (note: string) =>
      w.call('POST', `/api/documents/${doc.id}/corrections`, {
        as: PEOPLE.uploaderEdu,
        body: correctionBody(note),
        headers,
      });
    const first = await send('更正第二段日期');
    expect(first.status).toBe(201);
    const again = await send('更正第二段日期');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await send('另一处更正');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');

    const detail = await w.call('GET', `/api/documents/${doc.id}`, { as: PEOPLE.uploaderEdu });
    expect(detail.body.corrections).toHaveLength(1);
    // Which request made it stays inside.
    expect(detail.body.corrections[0]).not.toHaveProperty('requestDigest');
  });

  it('a corrected file with a secret marking is refused (400) and the published copy stays', async () => {
    const w = createWorld();
    const doc = await w.published();
    const res = await w.call('POST', `/api/documents/${doc.id}/corrections`, {
      as: PEOPLE.leader,
      body: { ...correctionBody(), contentBase64: Buffer.from(SECRET_TEXT).toString('base64') },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('FIVE-4');
    expect((await w.doc(doc.id)).status).toBe('PUBLISHED');
    expect(w.deps.files.keys('public')).toEqual([doc.publicKey]);
  });

  it('POST /:id/withdrawal (201) keeps the entry listed, marked, without its URL; nothing follows it (409)', async () => {
    const w = createWorld();
    const doc = await w.published();
    const res = await w.call('POST', `/api/documents/${doc.id}/withdrawal`, {
      as: PEOPLE.leader,
      body: { reason: '内容有误，予以撤回' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: doc.id, status: 'WITHDRAWN' });
    const entry = await w.call('GET', `/api/catalog/entries/${doc.id}`);
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '内容有误，予以撤回' });
    expect(entry.body).not.toHaveProperty('url');

    const again = await w.call('POST', `/api/documents/${doc.id}/withdrawal`, {
      as: PEOPLE.leader,
      body: { reason: '再次撤回' },
    });
    expect(again.status).toBe(409);
    const correction = await w.call('POST', `/api/documents/${doc.id}/corrections`, {
      as: PEOPLE.leader,
      body: correctionBody(),
    });
    expect(correction.status).toBe(409);
    expect(correction.body.error.code).toBe('conflict');
  });

  it('POST /:id/withdrawal with an Idempotency-Key: a retry is 200, Idempotent-Replayed; another reason 422', async () => {
    const w = createWorld();
    const doc = await w.published();
    const withdraw = (reason: string) =>
      w.call('POST', `/api/documents/${doc.id}/withdrawal`, {
        as: PEOPLE.leader,
        body: { reason },
        headers: { 'Idempotency-Key': '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      });
    const first = await withdraw('内容有误，予以撤回');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await withdraw('内容有误，予以撤回');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual({ id: doc.id, status: 'WITHDRAWN' });
    const reused = await withdraw('另一个理由');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    const detail = await w.call('GET', `/api/documents/${doc.id}`, { as: PEOPLE.leader });
    expect(detail.body.history.filter((e: { to: string }) => e.to === 'WITHDRAWN')).toHaveLength(1);
    expect(detail.body).not.toHaveProperty('withdrawalRequestDigest');
  });

  it('only a published document is amended: 409 before publication, 404 for none', async () => {
    const w = createWorld();
    const { id } = await w.awaitingSignoff();
    for (const [action, body] of [
      ['corrections', correctionBody()],
      ['withdrawal', { reason: '误发' }],
    ] as const) {
      const early = await w.call('POST', `/api/documents/${id}/${action}`, { as: PEOPLE.uploaderEdu, body });
      expect(early.status, action).toBe(409);
      const none = await w.call('POST', `/api/documents/${crypto.randomUUID()}/${action}`, {
        as: PEOPLE.uploaderEdu,
        body,
      });
      expect(none.status, action).toBe(404);
    }
    expect((await w.doc(id)).status).toBe('AWAITING_SIGNOFF');
  });
});
