import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/model/errors';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import { INDEX_NUMBER_PATTERN } from '../../../shared/pipeline/index-number';
import { linkInterpretation, publishDocument } from '../../../shared/pipeline/publish';
import {
  advance,
  awaitingSignoff,
  CLEAN,
  decide,
  docOf,
  lastEvent,
  METADATA,
  routed,
  sha256,
  signedOff,
  textOf,
  throughFlow,
  watchConflicts,
  world,
} from './drive';

describe('FIVE-3 OGI-26 publication of a proactive document', () => {
  it('FIVE-3 assigns the index number, puts the signed-off bytes in the public bucket and writes the catalogue entry', async () => {
    const deps = world();
    const id = await routed(deps, CLEAN);
    const result = await publishDocument(deps, id);
    expect(result).toEqual({ indexNumber: '0201-02-2026-000001', status: 'PUBLISHED' });

    const doc = await docOf(deps, id);
    expect(doc).toMatchObject({ status: 'PUBLISHED', indexNumber: '0201-02-2026-000001' });
    expect(doc.publishedAt).toBe((await lastEvent(deps, id)).at);
    const publicKey = doc.publicKey ?? '';
    expect(publicKey.startsWith(`public/${id}/`)).toBe(true);
    expect(deps.files.keys('public')).toEqual([publicKey]);
    const copy = deps.files.readPublic(publicKey);
    expect(textOf(copy?.bytes)).toBe(CLEAN);
    expect(copy).toMatchObject({ contentType: 'text/plain', downloadName: 'notice.txt' });
    // Accuracy compares what the public gets with what was signed off.
    expect(doc.publicSha256).toBe(sha256(CLEAN));
    expect(doc.publicSha256).toBe(doc.sha256);

    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'ROUTED',
      to: 'PUBLISHED',
      actor: SYSTEM_ACTOR,
      rules: ['FIVE-3', 'OGI-26'],
    });
    expect((await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries).toEqual([
      {
        documentId: id,
        indexNumber: '0201-02-2026-000001',
        title: METADATA.title,
        agency: 'edu',
        agencyName: '区教育局',
        category: '02',
        documentNumber: '台教发〔2026〕31号',
        formedAt: '2026-11-20',
        publishedAt: doc.publishedAt,
        publicKey,
      },
    ]);
    expect(await deps.publications.lastSequence('0201', 2026)).toBe(1);
  });

  it('a retried publication publishes once: same number, one event, one sequence taken', async () => {
    const deps = world();
    const id = await routed(deps);
    const first = await publishDocument(deps, id);
    const again = await publishDocument(deps, id);
    expect(again).toEqual(first);
    expect((await deps.documents.history(id)).filter((e) => e.to === 'PUBLISHED')).toHaveLength(1);
    expect(await deps.publications.lastSequence('0201', 2026)).toBe(1);
    expect((await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries).toHaveLength(1);
  });

  it('index numbers are gap-free and unique per agency and year when documents publish at once', async () => {
    const deps = world();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await routed(deps, `第${i}份通知。`, { title: `并发公开测试${i}` }));
    const health: string[] = [];
    for (let i = 0; i < 3; i++) {
      health.push(await routed(deps, `卫生第${i}份。`, { agency: 'health', department: 'office' }));
    }
    const conflicts = watchConflicts(deps);
    const results = await Promise.all([...ids, ...health].map((id) => publishDocument(deps, id)));
    // They really raced for the numbers: the losers read again and took the next one.
    expect(conflicts).toContain('sequence');
    const numbers = results.map((r) => r.indexNumber);
    expect(numbers.every((n) => INDEX_NUMBER_PATTERN.test(n))).toBe(true);
    const sequences = (prefix: string) =>
      numbers
        .filter((n) => n.startsWith(prefix))
        .map((n) => Number(n.slice(-6)))
        .sort((a, b) => a - b);
    expect(sequences('0201-02-2026-')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sequences('0202-02-2026-')).toEqual([1, 2, 3]);
    expect(await deps.publications.lastSequence('0201', 2026)).toBe(8);
    expect(await deps.publications.lastSequence('0202', 2026)).toBe(3);
    const catalog = (await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries;
    expect(catalog.map((e) => e.indexNumber).sort()).toEqual([...numbers].sort());
    for (const [i, id] of ids.entries()) {
      expect((await docOf(deps, id)).indexNumber).toBe(results[i]?.indexNumber);
    }
  });

  it('the year of the index number is the year in Beijing', async () => {
    const deps = world();
    const id = await routed(deps);
    deps.clock.set('2026-12-31T16:30:00.000Z'); // 2027-01-01 00:30 in Beijing
    expect((await publishDocument(deps, id)).indexNumber).toBe('0201-02-2027-000001');
    expect((await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries).toEqual([]);
    expect((await deps.publications.catalogPage({ year: 2027, limit: 100 })).entries.map((e) => e.documentId)).toEqual([
      id,
    ]);
  });
});

describe('FIVE-1 on-request and not-disclosed documents are RECORDED, never in the public catalogue', () => {
  it.each([
    ['on-request', {}],
    ['not-disclosed', { legalReason: '依据《政府信息公开条例》第十六条，内部事务信息不予公开' }],
  ] as const)('FIVE-1 a %s document gets an index number and is RECORDED', async (disclosure, extra) => {
    const deps = world();
    const id = await routed(deps, CLEAN, { disclosure, ...extra });
    expect(await publishDocument(deps, id)).toEqual({ indexNumber: '0201-02-2026-000001', status: 'RECORDED' });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('RECORDED');
    expect(doc.publicKey).toBeUndefined();
    expect(doc.publicSha256).toBeUndefined();
    expect(await lastEvent(deps, id)).toMatchObject({ from: 'ROUTED', to: 'RECORDED', rules: ['FIVE-1'] });
    expect(deps.files.keys('public')).toEqual([]);
    expect((await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries).toEqual([]);
    // The number is taken: the next publication of the agency continues after it.
    const next = await routed(deps);
    expect((await publishDocument(deps, next)).indexNumber).toBe('0201-02-2026-000002');
  });
});

describe('publication refuses what is not ready', () => {
  it('a document that was not routed', async () => {
    const deps = world();
    const id = await signedOff(deps);
    const attempt = publishDocument(deps, id);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow('is SIGNED_OFF, not ROUTED');
    expect((await docOf(deps, id)).indexNumber).toBeUndefined();
    // Nothing reaches the public bucket before routing (COORD-4, COORD-6, REVIEW-4.3).
    expect(deps.files.keys('public')).toEqual([]);
  });

  it('COORD-4 a document waiting for the competent department’s approval', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { sensitiveCategory: 'statistics' });
    await advance(deps, id);
    expect((await docOf(deps, id)).status).toBe('AWAITING_APPROVAL');
    await expect(publishDocument(deps, id)).rejects.toBeInstanceOf(ConflictError);
    expect(await deps.publications.lastSequence('0201', 2026)).toBe(0);
    expect((await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries).toEqual([]);
    // COORD-4: unapproved information is not released, not even as a copy.
    expect(deps.files.keys('public')).toEqual([]);
  });
});

describe('INTERP-3 INTERP-6 an important policy and its interpretation are linked in the catalogue', () => {
  it('INTERP-6 the policy first: publishing the interpretation links it from the policy’s entry', async () => {
    const deps = world();
    const policy = await throughFlow(deps, '关于深化义务教育改革的实施意见。', {
      title: '关于深化义务教育改革的实施意见',
      importantPolicy: true,
    });
    expect(policy.status).toBe('PUBLISHED');
    const [before] = (await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries;
    expect(before).toMatchObject({ documentId: policy.id, importantPolicy: true });
    expect(before?.interpretation).toBeUndefined();

    const interpretation = await throughFlow(deps, '《实施意见》政策解读：一图读懂。', {
      title: '《关于深化义务教育改革的实施意见》解读',
      interprets: policy.id,
    });
    expect(interpretation.status).toBe('PUBLISHED');
    const linked = await docOf(deps, policy.id);
    expect(linked).toMatchObject({
      interpretationId: interpretation.id,
      interpretationLinkedAt: interpretation.publishedAt,
    });
    // Linking is no status change.
    expect(linked.status).toBe('PUBLISHED');
    const entries = (await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries;
    expect(entries.find((e) => e.documentId === policy.id)?.interpretation).toEqual({
      documentId: interpretation.id,
      indexNumber: interpretation.indexNumber,
      publicKey: interpretation.publicKey,
    });
    expect(entries.find((e) => e.documentId === interpretation.id)).toMatchObject({ interprets: policy.id });
  });

  it('INTERP-6 the interpretation first: the policy’s entry links it as soon as the policy is published', async () => {
    const deps = world();
    const { id: policyId, task } = await awaitingSignoff(deps, '关于深化义务教育改革的实施意见。', {
      importantPolicy: true,
    });
    const interpretation = await throughFlow(deps, '政策解读。', { interprets: policyId });
    expect(interpretation.status).toBe('PUBLISHED');
    // Linked on the policy still in flight; no catalogue entry to update yet.
    expect(await docOf(deps, policyId)).toMatchObject({
      status: 'AWAITING_SIGNOFF',
      interpretationId: interpretation.id,
      interpretationLinkedAt: interpretation.publishedAt,
    });
    await decide(deps, task.id, 'approve');
    const policy = await advance(deps, policyId);
    expect(policy.status).toBe('PUBLISHED');
    const entry = (await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries.find(
      (e) => e.documentId === policyId,
    );
    expect(entry).toMatchObject({
      importantPolicy: true,
      interpretation: {
        documentId: interpretation.id,
        indexNumber: interpretation.indexNumber,
        publicKey: interpretation.publicKey,
      },
    });
  });

  it('an interpretation disclosed on request links nothing', async () => {
    const deps = world();
    const policy = await throughFlow(deps, '实施意见。', { importantPolicy: true });
    const interpretation = await throughFlow(deps, '解读。', { interprets: policy.id, disclosure: 'on-request' });
    expect(interpretation.status).toBe('RECORDED');
    expect((await docOf(deps, policy.id)).interpretationId).toBeUndefined();
  });

  it('linking to a policy that does not exist is a conflict', async () => {
    const deps = world();
    const link = { documentId: 'x', indexNumber: '0201-02-2026-000001', publicKey: 'public/x/x.txt' };
    await expect(linkInterpretation(deps, 'no-such-policy', link, deps.clock.now().toISOString())).rejects.toThrow(
      'policy no-such-policy vanished',
    );
  });
});
