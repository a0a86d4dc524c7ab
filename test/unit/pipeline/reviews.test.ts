import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../../../shared/model/errors';
import { quarterlyAttributeReview, withheldSelfCheck } from '../../../shared/pipeline/reviews';
import { advance, decide, PERSONAL, register, submit, throughFlow, user, world } from './drive';

type World = ReturnType<typeof world>;

const REASON = '依据《政府信息公开条例》第十六条，内部事务信息不予公开';

/** Registers a document on `at` (moves the clock there). */
async function registeredOn(deps: World, at: string, overrides = {}) {
  deps.clock.set(at);
  return register(deps, overrides);
}

/** A proactive document with personal data that the pre-review group withholds. */
async function withheld(deps: World, title: string) {
  const { id } = await submit(deps, PERSONAL, { title });
  const doc = await advance(deps, id);
  await decide(deps, doc.openTaskId ?? '', 'withhold', { comment: '涉及个人隐私，不予公开' });
  return id;
}

describe('REVIEW-3.4 the quarterly review of disclosure attributes', () => {
  it('REVIEW-3.4 cuts quarters by the calendar day in Beijing, not in UTC', async () => {
    const deps = world();
    // 17:00 UTC on 31 March is 01:00 on 1 April in Beijing: the second quarter.
    const april = await registeredOn(deps, '2026-03-31T17:00:00.000Z', { title: '四月一日凌晨' });
    const march = await registeredOn(deps, '2026-03-31T15:59:59.000Z', { title: '三月最后一刻' });
    const reviewer = await user(deps, 'wang.fang');
    const ids = async (quarter: string) =>
      (await quarterlyAttributeReview(deps, reviewer, quarter)).documents.map((d) => d.id);
    expect(await ids('2026Q2')).toEqual([april.id]);
    expect(await ids('2026Q1')).toEqual([march.id]);
  });

  it('REVIEW-3.4 lists every agency’s documents registered in the quarter, with counts per attribute', async () => {
    const deps = world();
    const before = await registeredOn(deps, '2026-09-30T08:00:00.000Z', { title: '上季度' });
    const proactive = await registeredOn(deps, '2026-10-01T00:00:00.000Z', { title: '主动公开' });
    const onRequest = await registeredOn(deps, '2026-11-02T02:00:00.000Z', { disclosure: 'on-request' });
    const notDisclosed = await registeredOn(deps, '2026-12-31T10:00:00.000Z', {
      agency: 'health',
      disclosure: 'not-disclosed',
      legalReason: REASON,
    });
    const after = await registeredOn(deps, '2027-01-01T00:00:00.000Z', { title: '下季度' });

    const review = await quarterlyAttributeReview(deps, await user(deps, 'wang.fang'), '2026Q4');
    expect(review).toMatchObject({
      quarter: '2026Q4',
      from: '2026-10-01',
      to: '2027-01-01',
      counts: { proactive: 1, 'on-request': 1, 'not-disclosed': 1 },
    });
    expect(review.documents.map((d) => d.id).sort()).toEqual([proactive.id, onRequest.id, notDisclosed.id].sort());
    expect(review.documents.map((d) => d.id)).not.toContain(before.id);
    expect(review.documents.map((d) => d.id)).not.toContain(after.id);
    expect(review.documents.find((d) => d.id === notDisclosed.id)).toEqual({
      id: notDisclosed.id,
      title: notDisclosed.title,
      agency: 'health',
      disclosure: 'not-disclosed',
      status: 'DRAFT',
      createdAt: '2026-12-31T10:00:00.000Z',
      legalReason: REASON,
    });
    const q3 = await quarterlyAttributeReview(deps, await user(deps, 'qian.hui'), '2026Q3');
    expect(q3).toMatchObject({ from: '2026-07-01', to: '2026-10-01', counts: { proactive: 1 } });
    expect(q3.documents.map((d) => d.id)).toEqual([before.id]);
  });

  it('REVIEW-3.4 a recorded document is listed with its index number', async () => {
    const deps = world();
    const recorded = await throughFlow(deps, '依申请公开的答复材料。', { disclosure: 'on-request' });
    const review = await quarterlyAttributeReview(deps, await user(deps, 'ops'), '2026Q4');
    expect(review.documents).toEqual([
      expect.objectContaining({ id: recorded.id, status: 'RECORDED', indexNumber: recorded.indexNumber }),
    ]);
  });

  it('REVIEW-3.4 belongs to the disclosure office and the review groups; the quarter must be well formed', async () => {
    const deps = world();
    for (const name of ['zhang.wei', 'li.na', 'zhou.qiang']) {
      const attempt = quarterlyAttributeReview(deps, await user(deps, name), '2026Q4');
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    }
    for (const quarter of ['2026-4', '2026Q5', '2026Q0', 'Q4']) {
      const attempt = quarterlyAttributeReview(deps, await user(deps, 'wang.fang'), quarter);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(`quarter must look like 2026Q4, got "${quarter}"`);
    }
  });
});

describe('FIVE-4 the yearly self-check of withheld and on-request information', () => {
  it('FIVE-4 lists the agency’s withheld, on-request and not-disclosed documents of the year, not the proactive ones', async () => {
    const deps = world();
    const withheldId = await withheld(deps, '内部联络表');
    const onRequest = await register(deps, { disclosure: 'on-request' });
    const notDisclosed = await register(deps, { disclosure: 'not-disclosed', legalReason: REASON });
    const proactive = await throughFlow(deps);
    const otherAgency = await register(deps, { agency: 'health', disclosure: 'on-request' });
    const lastYear = await registeredOn(deps, '2025-12-01T02:00:00.000Z', { disclosure: 'on-request' });

    const check = await withheldSelfCheck(deps, await user(deps, 'zhang.wei'), 2026);
    expect(check.year).toBe(2026);
    expect(check.documents.map((d) => d.id).sort()).toEqual([withheldId, onRequest.id, notDisclosed.id].sort());
    expect(check.documents.find((d) => d.id === withheldId)).toMatchObject({
      disclosure: 'proactive',
      status: 'WITHHELD',
      legalReason: '涉及个人隐私，不予公开',
    });
    const ids = check.documents.map((d) => d.id);
    for (const left of [proactive.id, otherAgency.id, lastYear.id]) expect(ids).not.toContain(left);

    // The district groups see every agency's.
    const district = await withheldSelfCheck(deps, await user(deps, 'wang.fang'), 2026);
    expect(district.documents.map((d) => d.id)).toContain(otherAgency.id);
    expect(district.documents.every((d) => d.disclosure !== 'proactive' || d.status === 'WITHHELD')).toBe(true);
    expect(district.documents).toHaveLength(4);
    expect((await withheldSelfCheck(deps, await user(deps, 'zhang.wei'), 2025)).documents.map((d) => d.id)).toEqual([
      lastYear.id,
    ]);
  });

  it('refuses a year out of range', async () => {
    const deps = world();
    for (const year of [1999, 2101, 2026.5]) {
      await expect(withheldSelfCheck(deps, await user(deps, 'zhang.wei'), year)).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
  });
});
