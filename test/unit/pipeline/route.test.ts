import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/model/errors';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import { publishDocument } from '../../../shared/pipeline/publish';
import { routeDocument } from '../../../shared/pipeline/route';
import { advance, CLEAN, decide, docOf, lastEvent, openTasksOf, path, signedOff, submit, world } from './drive';

describe('COORD-1 COORD-6 who publishes what an agency made or holds', () => {
  it('COORD-1 an agency’s own document is ROUTED to it, for publication', async () => {
    const deps = world();
    const id = await signedOff(deps);
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'publish' });
    expect(await docOf(deps, id)).toMatchObject({
      status: 'ROUTED',
      publisher: 'edu',
      approvals: [],
      routingRules: ['COORD-1'],
    });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'SIGNED_OFF',
      to: 'ROUTED',
      actor: SYSTEM_ACTOR,
      rules: ['COORD-1'],
      note: { code: 'routed', publisher: 'edu', approvals: [] },
    });
  });

  it('COORD-1 information the agency obtained and holds is its own to publish', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { origin: 'obtained' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'publish' });
  });

  it('COORD-1 COORD-6 uploading what another agency made is refused as unauthorised publication', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { madeBy: 'health' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'health', next: 'refused' });
    const doc = await docOf(deps, id);
    expect(doc).toMatchObject({
      status: 'REJECTED',
      publisher: 'health',
      wrongPublisherAttempt: true,
      routingRules: ['COORD-1', 'COORD-6'],
    });
    expect(doc.indexNumber).toBeUndefined();
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'SIGNED_OFF',
      to: 'REJECTED',
      actor: SYSTEM_ACTOR,
      rules: ['COORD-1', 'COORD-6'],
      note: { code: 'refused', agency: 'edu', publisher: 'health' },
    });
    // Nothing publishes it afterwards.
    await expect(publishDocument(deps, id)).rejects.toBeInstanceOf(ConflictError);
    expect((await docOf(deps, id)).status).toBe('REJECTED');
    expect((await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries).toEqual([]);
    expect(deps.files.keys('public')).toEqual([]);
  });

  it('COORD-1 COORD-6 information held by another agency is refused too', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { origin: 'obtained', heldBy: 'civil' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'civil', next: 'refused' });
    expect((await lastEvent(deps, id)).note).toEqual({ code: 'refused', agency: 'edu', publisher: 'civil' });
  });
});

describe('COORD-2 COORD-3 jointly drafted and abolished agencies', () => {
  it('COORD-2 a co-drafter’s upload goes on under the lead drafter, who publishes it with its own index number', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { leadDrafter: 'health' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'health', next: 'publish' });
    expect(await docOf(deps, id)).toMatchObject({ status: 'ROUTED', routingRules: ['COORD-1', 'COORD-2'] });
    const { indexNumber } = await publishDocument(deps, id);
    expect(indexNumber).toBe('0202-02-2026-000001');
    const [entry] = (await deps.publications.catalogPage({ year: 2026, limit: 100 })).entries;
    expect(entry).toMatchObject({ documentId: id, agency: 'health', agencyName: '区卫生健康局' });
  });

  it('COORD-2 COORD-3 a joint document led by an abolished agency is published by its successor', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { leadDrafter: 'land' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'natres', next: 'publish' });
    expect((await docOf(deps, id)).routingRules).toEqual(['COORD-1', 'COORD-2', 'COORD-3']);
    expect((await publishDocument(deps, id)).indexNumber).toMatch(/^0206-02-2026-/);
  });

  it('COORD-3 what an abolished agency made is the successor’s to publish: its own upload goes on', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { agency: 'natres', department: 'office', madeBy: 'land' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'natres', next: 'publish' });
    expect((await docOf(deps, id)).routingRules).toEqual(['COORD-1', 'COORD-3']);
  });

  it('COORD-3 COORD-6 another agency uploading an abolished agency’s document is refused in favour of the successor', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { madeBy: 'land' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'natres', next: 'refused' });
    expect((await docOf(deps, id)).routingRules).toEqual(['COORD-1', 'COORD-3', 'COORD-6']);
  });

  it('COORD-3 with no inheritor, the deciding agency publishes', async () => {
    const deps = world();
    await deps.directory.putAgency({
      id: 'xiezuo',
      name: '原区教育协作办公室',
      code: '0230',
      status: 'abolished',
      abolishedBy: 'gov-office',
    });
    const id = await signedOff(deps, CLEAN, { leadDrafter: 'xiezuo' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'gov-office', next: 'publish' });
    expect((await publishDocument(deps, id)).indexNumber).toMatch(/^0101-02-2026-/);
  });

  it('COORD-3 a successor cycle cannot be routed: the document stays signed off', async () => {
    const deps = world();
    await deps.directory.putAgency({ id: 'a1', name: '甲', code: '0231', status: 'abolished', successorId: 'a2' });
    await deps.directory.putAgency({ id: 'a2', name: '乙', code: '0232', status: 'abolished', successorId: 'a1' });
    const id = await signedOff(deps, CLEAN, { leadDrafter: 'a1' });
    const attempt = routeDocument(deps, id);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow('successor cycle: a1 → a2 → a1');
    expect((await docOf(deps, id)).status).toBe('SIGNED_OFF');
  });
});

describe('COORD-4 COORD-5 approvals and consultations decided at routing', () => {
  it('COORD-4 statistical data needs the statistics bureau’s approval: routing recorded, the approval task next', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { sensitiveCategory: 'statistics' });
    const before = await deps.documents.history(id);
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'approval' });
    expect(await docOf(deps, id)).toMatchObject({
      status: 'SIGNED_OFF',
      publisher: 'edu',
      approvals: ['stats'],
      routingRules: ['COORD-1', 'COORD-4'],
    });
    // The approval task's opening is the transition.
    expect(await deps.documents.history(id)).toEqual(before);
  });

  it('COORD-4 the competent department publishing its own statistics needs no further approval', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { agency: 'stats', department: 'survey', sensitiveCategory: 'statistics' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'stats', next: 'publish' });
    expect(await docOf(deps, id)).toMatchObject({ approvals: [], routingRules: ['COORD-1', 'COORD-4'] });
  });

  it('COORD-4 each sensitive category goes to its competent department', async () => {
    const deps = world();
    const cases = [
      ['infectious-disease', 'health'],
      ['agri-product-safety', 'agri'],
      ['animal-epidemic', 'agri'],
      ['foreign-trade', 'commerce'],
      ['geographic-data', 'natres'],
    ] as const;
    for (const [sensitiveCategory, competent] of cases) {
      const id = await signedOff(deps, CLEAN, { sensitiveCategory });
      await routeDocument(deps, id);
      expect((await docOf(deps, id)).approvals, sensitiveCategory).toEqual([competent]);
    }
  });

  it('COORD-5(1) agencies to consult: routing recorded, the consultation next', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { consult: ['health'] });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'consultation' });
    expect(await docOf(deps, id)).toMatchObject({ status: 'SIGNED_OFF', publisher: 'edu', routingRules: ['COORD-1'] });
  });

  it('COORD-5 after the consultation: waiting, escalation, or on to publication', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { consult: ['health'] });
    await advance(deps, id);
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'consultation' });
    const [task] = await openTasksOf(deps, id);
    await decide(deps, task?.id ?? '', 'object', { comment: '应以卫生健康局意见为准' });
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'escalation' });
    expect((await docOf(deps, id)).status).toBe('IN_CONSULTATION');
  });
});

describe('routing: retried steps and unknown documents', () => {
  it('a retried routing answers with what was decided, without writing again', async () => {
    const deps = world();
    const routedId = await signedOff(deps);
    await routeDocument(deps, routedId);
    const approvalId = await signedOff(deps, CLEAN, { sensitiveCategory: 'statistics' });
    await advance(deps, approvalId); // AWAITING_APPROVAL
    const refusedId = await signedOff(deps, CLEAN, { madeBy: 'health' });
    await routeDocument(deps, refusedId);
    const histories = await Promise.all([routedId, approvalId, refusedId].map((id) => deps.documents.history(id)));
    expect(await routeDocument(deps, routedId)).toEqual({ publisher: 'edu', next: 'publish' });
    expect(await routeDocument(deps, approvalId)).toEqual({ publisher: 'edu', next: 'approval' });
    expect(await routeDocument(deps, refusedId)).toEqual({ publisher: 'health', next: 'refused' });
    expect(await Promise.all([routedId, approvalId, refusedId].map((id) => deps.documents.history(id)))).toEqual(
      histories,
    );
    expect(path(histories[0] ?? []).at(-1)).toBe('SIGNED_OFF→ROUTED');
  });

  it('a document not yet signed off is not routed', async () => {
    const deps = world();
    const { id } = await submit(deps);
    // REVIEW-4.3: no path past routing without review and sign-off.
    expect((await routeDocument(deps, id)).next).not.toBe('publish');
    expect((await docOf(deps, id)).status).toBe('RECEIVED');
    expect((await docOf(deps, id)).publisher).toBeUndefined();
    await expect(routeDocument(deps, 'no-such-document')).rejects.toBeInstanceOf(NotFoundError);
  });
});
