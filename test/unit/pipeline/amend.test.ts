import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../shared/model/errors';
import { correctDocument, withdrawDocument } from '../../../shared/pipeline/amend';
import { UnauthorisedPublicationError } from '../../../shared/routing';
import { bytesOf, CLEAN, docOf, lastEvent, MOBILE, sha256, textOf, throughFlow, user, world } from './drive';

type World = ReturnType<typeof world>;

const correction = (text: string, note = '更正第二段日期') => ({
  note,
  filename: 'notice-corrected.txt',
  contentType: 'text/plain' as const,
  bytes: bytesOf(text),
});

async function published(deps: World, overrides = {}) {
  const doc = await throughFlow(deps, CLEAN, overrides);
  if (doc.status !== 'PUBLISHED') throw new Error(`document ${doc.id} is ${doc.status}`);
  return doc;
}

const entryOf = async (deps: World, id: string) =>
  (await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries.find((e) => e.documentId === id);

describe('COORD-6 REVIEW-4.2 更正: the publisher corrects what it published', () => {
  it('replaces the public copy with the corrected file, keeps the earlier one and the file as evidence', async () => {
    const deps = world();
    const doc = await published(deps);
    const caller = await user(deps, 'zhang.wei');
    const corrected = await correctDocument(deps, caller, doc.id, correction('更正后的通知。'));
    expect(corrected.status).toBe('CORRECTED');
    const stored = await docOf(deps, doc.id);
    expect(stored).toEqual(corrected);
    const newKey = stored.publicKey ?? '';
    expect(newKey).not.toBe(doc.publicKey);
    expect(newKey.startsWith(`public/${doc.id}/`)).toBe(true);
    expect(stored).toMatchObject({
      correctedAt: stored.updatedAt,
      publicSha256: sha256('更正后的通知。'),
      corrections: [
        {
          at: stored.correctedAt,
          by: 'zhang.wei',
          note: '更正第二段日期',
          publicKey: newKey,
          sha256: sha256('更正后的通知。'),
        },
      ],
    });
    // The public gets the corrected file only; the superseded copy is no longer served (a
    // versioned bucket keeps it) and the agency's original stays in the intake bucket.
    expect(textOf(deps.files.readPublic(newKey)?.bytes)).toBe('更正后的通知。');
    expect(deps.files.readPublic(doc.publicKey ?? '')).toBeUndefined();
    const evidence = deps.files.keys('intake').filter((k) => k.startsWith(`corrections/${doc.id}/`));
    expect(evidence).toHaveLength(1);
    expect(textOf((await deps.files.readOriginal(evidence[0] ?? '')).bytes)).toBe('更正后的通知。');

    expect(await lastEvent(deps, doc.id)).toMatchObject({
      from: 'PUBLISHED',
      to: 'CORRECTED',
      actor: 'zhang.wei',
      rules: ['COORD-6', 'REVIEW-4.2'],
      note: { code: 'corrected', note: '更正第二段日期' },
    });
    expect(await entryOf(deps, doc.id)).toMatchObject({
      indexNumber: doc.indexNumber,
      status: 'CORRECTED',
      publicKey: newKey,
      corrections: [{ at: stored.correctedAt, note: '更正第二段日期' }],
    });
  });

  it('a second correction follows the first; the leader may correct too', async () => {
    const deps = world();
    const doc = await published(deps);
    await correctDocument(deps, await user(deps, 'zhang.wei'), doc.id, correction('第一次更正。', '第一次'));
    const second = await correctDocument(deps, await user(deps, 'li.na'), doc.id, correction('第二次更正。', '第二次'));
    expect(second.status).toBe('CORRECTED');
    expect(second.corrections?.map((c) => [c.by, c.note])).toEqual([
      ['zhang.wei', '第一次'],
      ['li.na', '第二次'],
    ]);
    const [first, latest] = second.corrections ?? [];
    expect(latest?.publicKey).not.toBe(first?.publicKey);
    expect(second.publicKey).toBe(latest?.publicKey);
    expect(textOf(deps.files.readPublic(second.publicKey ?? '')?.bytes)).toBe('第二次更正。');
    expect(await lastEvent(deps, doc.id)).toMatchObject({ from: 'CORRECTED', to: 'CORRECTED', actor: 'li.na' });
    expect((await entryOf(deps, doc.id))?.corrections?.map((c) => c.note)).toEqual(['第一次', '第二次']);
  });

  it('FIVE-4 a corrected file with personal data needs a confidentiality review first: refused, nothing published', async () => {
    const deps = world();
    const doc = await published(deps);
    const before = deps.files.keys('public');
    const attempt = correctDocument(deps, await user(deps, 'zhang.wei'), doc.id, correction(`联系人手机${MOBILE}`));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(
      'FIVE-4: the corrected file needs a confidentiality review first (found: mobile)',
    );
    expect(deps.files.keys('public')).toEqual(before);
    expect((await docOf(deps, doc.id)).status).toBe('PUBLISHED');
  });

  it('a correction needs a note and a file', async () => {
    const deps = world();
    const doc = await published(deps);
    const caller = await user(deps, 'zhang.wei');
    await expect(correctDocument(deps, caller, doc.id, correction('更正。', '  '))).rejects.toThrow(
      'a correction needs a note saying what was corrected',
    );
    await expect(correctDocument(deps, caller, doc.id, correction(''))).rejects.toThrow('the corrected file is empty');
    expect((await docOf(deps, doc.id)).status).toBe('PUBLISHED');
  });
});

describe('COORD-6 REVIEW-4.2 撤回: the publisher withdraws what it published', () => {
  it('withdraws with the reason: the catalogue entry stays, marked, and the copy is no longer handed out', async () => {
    const deps = world();
    const doc = await published(deps);
    const withdrawn = await withdrawDocument(deps, await user(deps, 'zhang.wei'), doc.id, '内容有误，予以撤回');
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '内容有误，予以撤回' });
    expect(withdrawn.withdrawnAt).toBe(withdrawn.updatedAt);
    expect(await lastEvent(deps, doc.id)).toMatchObject({
      from: 'PUBLISHED',
      to: 'WITHDRAWN',
      actor: 'zhang.wei',
      rules: ['COORD-6', 'REVIEW-4.2'],
      note: { code: 'withdrawn', reason: '内容有误，予以撤回' },
    });
    expect(await entryOf(deps, doc.id)).toMatchObject({
      indexNumber: doc.indexNumber,
      status: 'WITHDRAWN',
      withdrawnAt: withdrawn.withdrawnAt,
      withdrawalReason: '内容有误，予以撤回',
    });
    expect(deps.files.readPublic(doc.publicKey ?? '')).toBeUndefined();
  });

  it('a corrected document can be withdrawn; a withdrawn one can be neither withdrawn nor corrected again', async () => {
    const deps = world();
    const doc = await published(deps);
    const caller = await user(deps, 'zhang.wei');
    await correctDocument(deps, caller, doc.id, correction('更正后的通知。'));
    expect((await withdrawDocument(deps, caller, doc.id, '撤回')).status).toBe('WITHDRAWN');
    const again = withdrawDocument(deps, caller, doc.id, '再次撤回');
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow('only a published document can be corrected or withdrawn');
    await expect(correctDocument(deps, caller, doc.id, correction('再更正。'))).rejects.toBeInstanceOf(ConflictError);
  });

  it('a withdrawal needs its reason', async () => {
    const deps = world();
    const doc = await published(deps);
    const attempt = withdrawDocument(deps, await user(deps, 'zhang.wei'), doc.id, ' ');
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow('a withdrawal needs its reason');
    expect((await docOf(deps, doc.id)).status).toBe('PUBLISHED');
  });
});

describe('COORD-6 only the publishing agency’s staff amend', () => {
  it('another agency is refused as unauthorised publication, the district groups as not staff', async () => {
    const deps = world();
    const doc = await published(deps);
    const foreign = withdrawDocument(deps, await user(deps, 'liu.yang'), doc.id, '误发');
    await expect(foreign).rejects.toBeInstanceOf(UnauthorisedPublicationError);
    await expect(foreign).rejects.toMatchObject({ code: 'unauthorised_publication', rule: 'COORD-6' });
    await expect(
      correctDocument(deps, await user(deps, 'chen.min'), doc.id, correction('更正。')),
    ).rejects.toBeInstanceOf(UnauthorisedPublicationError);
    for (const name of ['wang.fang', 'qian.hui']) {
      await expect(withdrawDocument(deps, await user(deps, name), doc.id, '撤回')).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    expect((await docOf(deps, doc.id)).status).toBe('PUBLISHED');
  });

  it('COORD-2 a jointly drafted document is amended by its lead drafter, not by the uploading co-drafter', async () => {
    const deps = world();
    const doc = await published(deps, { leadDrafter: 'health' });
    expect(doc.publisher).toBe('health');
    await expect(withdrawDocument(deps, await user(deps, 'zhang.wei'), doc.id, '撤回')).rejects.toBeInstanceOf(
      UnauthorisedPublicationError,
    );
    expect((await withdrawDocument(deps, await user(deps, 'liu.yang'), doc.id, '撤回')).status).toBe('WITHDRAWN');
  });

  it('only published documents are amended; unknown ones are not found', async () => {
    const deps = world();
    const caller = await user(deps, 'zhang.wei');
    const recorded = await throughFlow(deps, CLEAN, { disclosure: 'on-request' });
    expect(recorded.status).toBe('RECORDED');
    await expect(withdrawDocument(deps, caller, recorded.id, '撤回')).rejects.toBeInstanceOf(ConflictError);
    await expect(withdrawDocument(deps, caller, 'no-such-document', '撤回')).rejects.toBeInstanceOf(NotFoundError);
  });
});
