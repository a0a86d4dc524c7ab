import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ReusedKeyError } from '../../../shared/model/errors';
import {
  correctDocument,
  correctDocumentOnce,
  withdrawDocument,
  withdrawDocumentOnce,
} from '../../../shared/pipeline/amend';
import { bytesOf, CLEAN, docOf, sha256, textOf, throughFlow, user, world } from './drive';

/** POST /api/documents/:id/corrections with an Idempotency-Key: a retried 更正 makes no second one. */

const KEY = '7d3e5b2a-0c1f-4e6d-8a9b-1c2d3e4f5a6b';
const correction = (text: string, note = '更正第二段日期') => ({
  note,
  filename: 'notice-corrected.txt',
  contentType: 'text/plain' as const,
  bytes: bytesOf(text),
});

async function publishedDocument(deps: ReturnType<typeof world>) {
  const doc = await throughFlow(deps, CLEAN);
  if (doc.status !== 'PUBLISHED') throw new Error(`document ${doc.id} is ${doc.status}`);
  return doc;
}

describe('correctDocumentOnce', () => {
  it('the same key again answers the first correction: one correction, one public copy, one event', async () => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    const first = await correctDocumentOnce(deps, caller, doc.id, correction('更正后的通知。'), KEY);
    const again = await correctDocumentOnce(deps, caller, doc.id, correction('更正后的通知。'), KEY);

    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    const stored = await docOf(deps, doc.id);
    expect(again.document).toEqual(stored);
    expect(stored.corrections).toHaveLength(1);
    expect(stored.corrections?.[0]?.requestDigest).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.corrections?.[0]?.requestDigest).not.toContain(KEY.slice(0, 8));
    const codes = (await deps.documents.history(doc.id)).map((e) => e.note?.code);
    expect(codes.filter((c) => c === 'corrected')).toHaveLength(1);
    expect(deps.files.keys('public').filter((k) => k.startsWith(`public/${doc.id}/`))).toEqual([stored.publicKey]);
  });

  it('two requests with the key at once make one correction', async () => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    const both = await Promise.all([
      correctDocumentOnce(deps, caller, doc.id, correction('更正后的通知。'), KEY),
      correctDocumentOnce(deps, caller, doc.id, correction('更正后的通知。'), KEY),
    ]);
    expect(both.map((r) => r.created).sort()).toEqual([false, true]);
    expect((await docOf(deps, doc.id)).corrections).toHaveLength(1);
  });

  it('the key with another file or note is refused, and the correction stays', async () => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    await correctDocumentOnce(deps, caller, doc.id, correction('更正后的通知。'), KEY);
    const stored = await docOf(deps, doc.id);
    for (const other of [correction('另一份更正。'), correction('更正后的通知。', '另一条说明')]) {
      const attempt = correctDocumentOnce(deps, caller, doc.id, other, KEY);
      await expect(attempt).rejects.toBeInstanceOf(ReusedKeyError);
      await expect(attempt).rejects.toThrow('with another file or note');
    }
    expect(await docOf(deps, doc.id)).toEqual(stored);
  });

  it('another key is another correction; and the publisher’s staff only, key or none', async () => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    await correctDocumentOnce(deps, caller, doc.id, correction('第一次更正。'), KEY);
    const second = await correctDocumentOnce(deps, caller, doc.id, correction('第二次更正。'), `${KEY}-2`);
    expect(second.created).toBe(true);
    expect(second.document.corrections).toHaveLength(2);
    const reviewer = await user(deps, 'wang.fang');
    await expect(correctDocumentOnce(deps, reviewer, doc.id, correction('第一次更正。'), KEY)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe('two different corrections at once', () => {
  it.each([
    ['a published document', 0],
    ['a document corrected before', 1],
  ])('of %s: one is written, the other is 409, and the public copy is the written one', async (_, before) => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    for (let i = 0; i < before; i++) await correctDocument(deps, caller, doc.id, correction(`早先的更正${i}。`));
    const results = await Promise.allSettled([
      correctDocument(deps, caller, doc.id, correction('甲的更正。', '甲')),
      correctDocument(deps, caller, doc.id, correction('乙的更正。', '乙')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);

    const stored = await docOf(deps, doc.id);
    // Nothing lost: every correction written is in the list, and what the public gets is what it says.
    expect(stored.corrections).toHaveLength(before + 1);
    const copy = deps.files.readPublic(stored.publicKey ?? '');
    expect(sha256(textOf(copy?.bytes))).toBe(stored.publicSha256);
    expect(stored.corrections?.at(-1)?.sha256).toBe(stored.publicSha256);
    // The loser's copy is gone; the ones of earlier corrections stay in the bucket's history only.
    expect(deps.files.keys('public').filter((k) => k.startsWith(`public/${doc.id}/`))).toEqual([stored.publicKey]);
  });
});

describe('withdrawDocumentOnce', () => {
  const REASON = '内容有误，予以撤回';

  it('the same key again answers the first withdrawal: one event, the public copy gone (again)', async () => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    const first = await withdrawDocumentOnce(deps, caller, doc.id, REASON, KEY);
    expect(first).toMatchObject({ created: true, document: { status: 'WITHDRAWN', withdrawalReason: REASON } });
    // Had the first request ended between its write and taking the copy down, the retry takes it down.
    await deps.files.putPublicCopy(doc.publicKey ?? '', bytesOf('仍在公开的副本'), 'text/plain', 'notice.txt');
    const again = await withdrawDocumentOnce(deps, caller, doc.id, REASON, KEY);
    expect(again).toEqual({ created: false, document: await docOf(deps, doc.id) });
    expect(deps.files.keys('public').filter((k) => k.startsWith(`public/${doc.id}/`))).toEqual([]);
    const codes = (await deps.documents.history(doc.id)).map((e) => e.note?.code);
    expect(codes.filter((c) => c === 'withdrawn')).toHaveLength(1);
    expect((await docOf(deps, doc.id)).withdrawalRequestDigest).toMatch(/^[0-9a-f]{32}$/);
  });

  it('two requests with the key at once withdraw once', async () => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    const both = await Promise.all([
      withdrawDocumentOnce(deps, caller, doc.id, REASON, KEY),
      withdrawDocumentOnce(deps, caller, doc.id, REASON, KEY),
    ]);
    expect(both.map((r) => r.created).sort()).toEqual([false, true]);
    const codes = (await deps.documents.history(doc.id)).map((e) => e.note?.code);
    expect(codes.filter((c) => c === 'withdrawn')).toHaveLength(1);
  });

  it('the key with another reason is refused; without the key, or with another, a second withdrawal is 409', async () => {
    const deps = world();
    const doc = await publishedDocument(deps);
    const caller = await user(deps, 'zhang.wei');
    await withdrawDocumentOnce(deps, caller, doc.id, REASON, KEY);
    const stored = await docOf(deps, doc.id);
    const reused = withdrawDocumentOnce(deps, caller, doc.id, '另一个理由', KEY);
    await expect(reused).rejects.toBeInstanceOf(ReusedKeyError);
    await expect(reused).rejects.toThrow('with another reason; a new withdrawal needs a new key');
    await expect(withdrawDocument(deps, caller, doc.id, REASON)).rejects.toBeInstanceOf(ConflictError);
    await expect(withdrawDocumentOnce(deps, caller, doc.id, REASON, `${KEY}-2`)).rejects.toBeInstanceOf(ConflictError);
    // Another caller's request with the same key is not the first one's retry.
    const colleague = await user(deps, 'li.na');
    await expect(withdrawDocumentOnce(deps, colleague, doc.id, REASON, KEY)).rejects.toBeInstanceOf(ConflictError);
    expect(await docOf(deps, doc.id)).toEqual(stored);
  });
});
