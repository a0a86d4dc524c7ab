/**
 * The AnnualReportStore port's contract (shared/ports.ts): the memory store (unit) and the DynamoDB
 * one (integration, on DynamoDB Local) pass the same tests.
 */

import { describe, expect, it } from 'vitest';
import type { AnnualReportStore } from '../../shared/ports';
import { type AnnualReportRecord, emptyReport, ReportConflictError } from '../../shared/report/model';

export function reportRecord(agency: string, year: number, version = 1): AnnualReportRecord {
  const base = emptyReport(agency, year);
  return {
    ...base,
    requests: { ...base.requests, newReceived: [1, 0, 0, 0, 0, 0, 1], carriedForward: [1, 0, 0, 0, 0, 0, 1] },
    fees: { charges: 1.2345, processing: 0 },
    decisionCounts: { licensing: { count: 12, source: '区政务服务平台' } },
    sections: { overview: '总体情况', problems: '', other: '本年度未收取信息处理费。' },
    version,
    updatedAt: '2026-01-20T02:00:00.000Z',
    updatedBy: 'zhang.wei',
  };
}

export function describeReportContract(name: string, setup: () => AnnualReportStore | Promise<AnnualReportStore>) {
  describe(`annual reports contract: ${name}`, () => {
    it('keeps a report and gives it back exactly (empty strings, decimals, nested figures)', async () => {
      const reports = await setup();
      const report = reportRecord('edu', 2025);
      expect(await reports.getReport('edu', 2025)).toBeUndefined();
      await reports.putReport(report, null);
      expect(await reports.getReport('edu', 2025)).toEqual(report);
      expect(await reports.getReport('edu', 2024)).toBeUndefined();
      expect(await reports.getReport('health', 2025)).toBeUndefined();
    });

    it('writes only on the version read: a second creation or a stale version conflicts and writes nothing', async () => {
      const reports = await setup();
      await reports.putReport(reportRecord('edu', 2025, 1), null);
      await expect(reports.putReport(reportRecord('edu', 2025, 1), null)).rejects.toBeInstanceOf(ReportConflictError);
      const next = { ...reportRecord('edu', 2025, 2), updatedBy: 'li.na' };
      await reports.putReport(next, 1);
      await expect(reports.putReport({ ...reportRecord('edu', 2025, 2), updatedBy: 'late' }, 1)).rejects.toBeInstanceOf(
        ReportConflictError,
      );
      expect(await reports.getReport('edu', 2025)).toEqual(next);
      await expect(reports.putReport(reportRecord('health', 2025, 2), 1)).rejects.toBeInstanceOf(ReportConflictError);
      expect(await reports.getReport('health', 2025)).toBeUndefined();
    });

    it("lists a year's reports in agency order, no other year's", async () => {
      const reports = await setup();
      for (const agency of ['health', 'district', 'edu']) await reports.putReport(reportRecord(agency, 2025), null);
      await reports.putReport(reportRecord('edu', 2024), null);
      expect((await reports.listReports(2025)).map((r) => r.agency)).toEqual(['district', 'edu', 'health']);
      expect(await reports.listReports(2024)).toEqual([reportRecord('edu', 2024)]);
      expect(await reports.listReports(2023)).toEqual([]);
    });

    it('keeps a submission with its frozen table', async () => {
      const reports = await setup();
      const submitted: AnnualReportRecord = {
        ...reportRecord('edu', 2025),
        submission: {
          documentId: '0b6e9d0c-3c8f-4a6e-9a34-6a5d2a1e8f10',
          at: '2026-01-25T02:00:00.000Z',
          by: 'li.na',
          proactive: {
            regulations: {
              issued: { value: 0, source: 'computed' },
              abolished: { value: 0, source: 'computed' },
              inForce: { value: 1, source: 'computed' },
              lapsed: 0,
            },
            normative: {
              issued: { value: 3, source: 'computed' },
              abolished: { value: 1, source: 'computed' },
              inForce: { value: 3, source: 'computed' },
              lapsed: 1,
            },
            licensing: { value: 12, source: 'entered', note: '区政务服务平台' },
            punishment: { value: 0, source: 'computed' },
            enforcement: { value: 0, source: 'computed' },
            charges: { value: 1.2345, source: 'entered' },
          },
        },
      };
      await reports.putReport(submitted, null);
      expect(await reports.getReport('edu', 2025)).toEqual(submitted);
    });
  });
}
