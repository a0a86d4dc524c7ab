import { describe, expect, it } from 'vitest';
import { appealViolations, identityChecks, requestViolations } from '../../../shared/report/checks';
import { applyUpdate, emptyReport, emptyRequests, ReportUpdateSchema } from '../../../shared/report/model';
import { sumAppeals, sumRequests } from '../../../shared/report/sum';
import { asTable, CONSISTENT_APPEALS, consistentRequests } from './fixtures';

describe('the identities of tables 三 and 四', () => {
  it('a consistent table breaks none, and the checklist says each holds', () => {
    expect(requestViolations(asTable(consistentRequests()))).toEqual([]);
    expect(appealViolations(CONSISTENT_APPEALS)).toEqual([]);
    expect(identityChecks(asTable(consistentRequests()), CONSISTENT_APPEALS).every((c) => c.ok)).toBe(true);
  });

  it('总计 ≠ the six columns: names the row, the total column and both sides', () => {
    const t = consistentRequests();
    t.disclosed = [5, 1, 0, 1, 0, 0, 8]; // 5 + 1 + 1 = 7, not 8
    t.resultsTotal = [8, 1, 0, 1, 0, 0, 11];
    t.carriedForward = [3, 1, 0, 0, 0, 0, 3];
    expect(requestViolations(asTable(t))).toEqual([
      {
        check: 'column-total',
        table: 'requests',
        row: 'disclosed',
        column: 'total',
        left: { expression: 'total', value: 8 },
        right: { expression: 'natural + commercial + research + publicInterest + legalService + otherOrg', value: 7 },
        message: expect.stringContaining('requests row disclosed (三（一）予以公开), column total (总计)'),
      },
      expect.objectContaining({ check: 'column-total', row: 'resultsTotal', left: { expression: 'total', value: 11 } }),
      expect.objectContaining({
        check: 'column-total',
        row: 'carriedForward',
        right: expect.objectContaining({ value: 4 }),
      }),
    ]);
  });

  it('三（七） ≠ （一）…（六）: names resultsTotal, the column and both sides', () => {
    const t = consistentRequests();
    t['notProcessed.repeated'] = [1, 0, 0, 0, 0, 0, 1]; // natural results: 5 + 1 + 1 + 1 + 1 = 9, total says 8
    const found = requestViolations(asTable(t));
    expect(found.map((v) => [v.check, v.row, v.column, v.left.value, v.right.value])).toEqual([
      ['results-total', 'resultsTotal', 'natural', 8, 9],
      ['results-total', 'resultsTotal', 'total', 10, 11],
    ]);
    expect(found[0]?.message).toBe(
      'requests row resultsTotal (三（七）总计), column natural (自然人): 三（七）总计 is the sum of the results （一）…（六）, ' +
        'but resultsTotal = 8 and disclosed + … + otherHandling.other = 9',
    );
  });

  it('一 + 二 ≠ 三（七） + 四: names carriedForward, the column and both sides', () => {
    const t = consistentRequests();
    t.carriedForward = [2, 1, 0, 0, 0, 0, 3]; // natural: 10 + 1 = 11, but 8 + 2 = 10
    const found = requestViolations(asTable(t));
    expect(found.map((v) => [v.check, v.row, v.column, v.left, v.right])).toEqual([
      [
        'balance',
        'carriedForward',
        'natural',
        { expression: 'newReceived + carriedOver', value: 11 },
        { expression: 'resultsTotal + carriedForward', value: 10 },
      ],
      [
        'balance',
        'carriedForward',
        'total',
        { expression: 'newReceived + carriedOver', value: 14 },
        { expression: 'resultsTotal + carriedForward', value: 13 },
      ],
    ]);
  });

  it('table 四: a 总计 that is not its four outcomes names the group', () => {
    const a = [...CONSISTENT_APPEALS];
    a[4] = 3; // 行政复议 总计 3, outcomes 1 + 0 + 0 + 1 = 2
    expect(appealViolations(a)).toEqual([
      expect.objectContaining({
        check: 'appeal-total',
        table: 'appeals',
        row: 'review',
        column: 'total',
        left: { expression: 'total', value: 3 },
        right: { expression: 'maintained + corrected + other + pending', value: 2 },
      }),
    ]);
    expect(identityChecks(asTable(consistentRequests()), a).filter((c) => !c.ok)).toHaveLength(1);
  });

  it('sums of consistent tables are consistent (the district report needs no figures of its own)', () => {
    const a = asTable(consistentRequests());
    // 3 new applications from other organisations: 2 handled (其他), 1 carried forward.
    const b = emptyRequests() as unknown as Record<string, number[]>;
    b.newReceived = [0, 0, 0, 0, 0, 3, 3];
    b['otherHandling.other'] = [0, 0, 0, 0, 0, 2, 2];
    b.resultsTotal = [0, 0, 0, 0, 0, 2, 2];
    b.carriedForward = [0, 0, 0, 0, 0, 1, 1];
    expect(requestViolations(asTable(b))).toEqual([]);
    const sum = sumRequests([a, asTable(b)]);
    expect(sum.newReceived).toEqual([10, 2, 0, 1, 0, 3, 16]);
    expect(requestViolations(sum)).toEqual([]);
    expect(sumAppeals([CONSISTENT_APPEALS, CONSISTENT_APPEALS])[4]).toBe(4);
  });
});

describe('what a PUT may hold', () => {
  it('refuses an unknown row, a row of six numbers, a negative or fractional count, an unknown part', () => {
    const issues = (body: unknown) =>
      ReportUpdateSchema.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ requests: { newRecieved: [0, 0, 0, 0, 0, 0, 0] } })[0]).toMatch(/^requests: .*newRecieved/);
    expect(issues({ requests: { newReceived: [0, 0, 0, 0, 0, 0] } })).toEqual([
      'requests.newReceived: a requests row has 7 numbers: natural, commercial, research, publicInterest, legalService, otherOrg, total',
    ]);
    expect(issues({ appeals: [...CONSISTENT_APPEALS.slice(0, 14), -1] })).toEqual([
      'appeals.14: appeals cannot be negative',
    ]);
    expect(issues({ requests: { disclosed: [0.5, 0, 0, 0, 0, 0, 0] } })).toEqual([
      'requests.disclosed.0: a requests cell must be a whole number',
    ]);
    expect(issues({ fees: { charges: 1.23456 } })).toEqual(['fees.charges: fees.charges has at most 4 decimals']);
    expect(issues({ proactive: {} })[0]).toMatch(/proactive/);
  });

  it('applies rows one by one, the other parts whole; null puts back the computed decision count', () => {
    const kept = applyUpdate(emptyReport('edu', 2025), {
      requests: { newReceived: [1, 0, 0, 0, 0, 0, 1] },
      decisionCounts: { licensing: { count: 5, source: '平台' } },
      sections: { overview: '概述' },
    });
    const next = applyUpdate(kept, {
      requests: { carriedOver: [2, 0, 0, 0, 0, 0, 2] },
      decisionCounts: { licensing: null },
    });
    expect(next.requests.newReceived).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(next.requests.carriedOver).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(next.decisionCounts).toEqual({});
    expect(next.sections).toEqual({ overview: '概述', problems: '', other: '' });
  });
});
