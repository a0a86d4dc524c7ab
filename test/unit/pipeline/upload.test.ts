import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../shared/model/document';
import { ForbiddenError, ValidationError } from '../../../shared/model/errors';
import { maySeeDocument, registerDocument } from '../../../shared/pipeline/upload';
import { docOf, METADATA, NOW, register, user, world } from './drive';

describe('registerDocument: an uploader registers a document of their own agency', () => {
  it('FIVE-1 OGI-26 registers a DRAFT with its upload key, uploader, attribute and publication deadline', async () => {
    const deps = world();
    const doc = await registerDocument(deps, await user(deps, 'zhang.wei'), {
      ...METADATA,
      formedAt: '2026-09-25',
    });
    expect(doc.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc).toMatchObject({
      ...METADATA,
      formedAt: '2026-09-25',
      status: 'DRAFT',
      uploadedBy: 'zhang.wei',
      createdAt: NOW,
      updatedAt: NOW,
      objectKey: `uploads/${doc.id}`,
      // 20 working days after formation, over the National Day holiday.
      dueAt: '2026-10-29',
      dueProvisional: false,
    });
    const stored = await docOf(deps, doc.id);
    expect(stored).toEqual({ ...doc, version: 1, lastEventSeq: 1, lastEventHash: expect.any(String) });
    expect(await deps.documents.history(doc.id)).toEqual([
      {
        documentId: doc.id,
        at: NOW,
        actor: 'zhang.wei',
        from: null,
        to: 'DRAFT',
        rules: ['FIVE-1'],
        note: { code: 'registered', disclosure: 'proactive' },
        // The first link of its audit chain, the document's head.
        seq: 1,
        prevSeq: null,
        prevHash: null,
        hash: stored.lastEventHash,
      },
    ]);
  });

  it('only uploaders register documents', async () => {
    const deps = world();
    for (const name of ['li.na', 'wang.fang', 'qian.hui']) {
      const caller = await user(deps, name);
      const attempt = registerDocument(deps, caller, { ...METADATA, agency: caller.agency });
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toThrow('only uploaders register documents');
    }
    expect(await deps.documents.listAllByAgency('edu')).toEqual([]);
  });

  it('an uploader registers for their own agency only', async () => {
    const deps = world();
    const attempt = registerDocument(deps, await user(deps, 'zhang.wei'), { ...METADATA, agency: 'health' });
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toThrow('you upload for edu, not for health');
    expect(await deps.documents.listAllByAgency('health')).toEqual([]);
  });

  it('the department must be one of that agency’s', async () => {
    const deps = world();
    for (const department of ['survey', 'no-such-department']) {
      const attempt = register(deps, { department });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(`department "${department}" is not part of edu`);
    }
    expect((await register(deps, { department: 'basic-edu' })).department).toBe('basic-edu');
  });

  it.each([
    ['leadDrafter', { leadDrafter: 'no-such-agency' }],
    ['madeBy', { madeBy: 'no-such-agency' }],
    ['heldBy', { origin: 'obtained' as const, heldBy: 'no-such-agency' }],
  ])('COORD-1 COORD-2 an unknown agency as %s is refused', async (_field, overrides) => {
    const deps = world();
    const attempt = register(deps, overrides);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow('unknown agency "no-such-agency"');
  });

  it('COORD-2 COORD-3 a registered agency, even an abolished one, may be named', async () => {
    const deps = world();
    expect((await register(deps, { leadDrafter: 'land' })).leadDrafter).toBe('land');
    expect((await register(deps, { madeBy: 'health' })).madeBy).toBe('health');
  });
});

describe('INTERP-3 谁起草、谁解读: only the drafting unit registers an interpretation', () => {
  it('INTERP-3 the drafting unit interprets its registered important policy', async () => {
    const deps = world();
    const policy = await register(deps, { importantPolicy: true });
    const interpretation = await register(deps, { title: '政策解读', interprets: policy.id });
    expect(interpretation.interprets).toBe(policy.id);
  });

  it('INTERP-3 another agency may not interpret it', async () => {
    const deps = world();
    const policy = await register(deps, { importantPolicy: true });
    const attempt = register(deps, { agency: 'health', interprets: policy.id });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow('INTERP-3: the drafting unit edu interprets this policy, not health');
  });

  it('INTERP-3 COORD-2 for a jointly drafted policy the lead drafter interprets, not the uploader', async () => {
    const deps = world();
    const policy = await register(deps, { importantPolicy: true, leadDrafter: 'health' });
    await expect(register(deps, { interprets: policy.id })).rejects.toThrow(
      'INTERP-3: the drafting unit health interprets this policy, not edu',
    );
    expect((await register(deps, { agency: 'health', interprets: policy.id })).interprets).toBe(policy.id);
  });

  it('INTERP-3 only a registered important policy is interpreted', async () => {
    const deps = world();
    const ordinary = await register(deps);
    const unknown = '8e4e205a-9631-454f-9d89-bbd00b0853f8';
    for (const interprets of [ordinary.id, unknown]) {
      const attempt = register(deps, { interprets });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(
        `INTERP-3: ${interprets} is not a registered important policy to interpret`,
      );
    }
  });
});

describe('maySeeDocument: who reads a document’s status and history', () => {
  const doc = (overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
    ...METADATA,
    id: 'd1',
    status: 'AWAITING_SIGNOFF',
    uploadedBy: 'zhang.wei',
    createdAt: NOW,
    updatedAt: NOW,
    objectKey: 'uploads/d1',
    ...overrides,
  });

  it('the district groups see every agency’s; staff see their own agency’s', async () => {
    const deps = world();
    for (const name of ['wang.fang', 'qian.hui', 'ops', 'zhang.wei', 'li.na']) {
      expect(maySeeDocument(await user(deps, name), doc()), name).toBe(true);
    }
    for (const name of ['liu.yang', 'chen.min', 'zhou.qiang']) {
      expect(maySeeDocument(await user(deps, name), doc()), name).toBe(false);
    }
  });

  it('COORD-2 COORD-4 the routed publisher and the approving department see it too', async () => {
    const deps = world();
    const health = await user(deps, 'liu.yang');
    const stats = await user(deps, 'zhao.lei');
    expect(maySeeDocument(health, doc({ publisher: 'health' }))).toBe(true);
    expect(maySeeDocument(stats, doc({ publisher: 'health' }))).toBe(false);
    expect(maySeeDocument(stats, doc({ publisher: 'edu', approvals: ['stats'] }))).toBe(true);
  });
});
