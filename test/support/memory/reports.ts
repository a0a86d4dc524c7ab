import type { AnnualReportStore } from '../../../shared/ports';
import { type AnnualReportRecord, ReportConflictError } from '../../../shared/report/model';
import { byKey, checkItemSize, copy, stored } from './items';
import { type MemoryState, partition } from './state';

const sortKey = (agency: string) => `AGENCY#${agency}`;

/** Annual reports as the DynamoDB adapter keeps them: a partition per year, conditional puts. */
export class MemoryReports implements AnnualReportStore {
  constructor(private readonly state: MemoryState) {}

  async getReport(agency: string, year: number): Promise<AnnualReportRecord | undefined> {
    const item = this.state.reports.get(String(year))?.get(sortKey(agency));
    return item ? copy(item) : undefined;
  }

  async putReport(report: AnnualReportRecord, expectedVersion: number | null): Promise<void> {
    const item = stored(report);
    checkItemSize({ pk: `REPORT#${report.year}`, sk: sortKey(report.agency), ...item });
    const current = this.state.reports.get(String(report.year))?.get(sortKey(report.agency));
    const holds = expectedVersion === null ? current === undefined : current?.version === expectedVersion;
    if (!holds) throw new ReportConflictError(report.agency, report.year);
    partition(this.state.reports, String(report.year)).set(sortKey(report.agency), item);
  }

  async listReports(year: number): Promise<AnnualReportRecord[]> {
    const items = this.state.reports.get(String(year));
    if (!items) return [];
    return [...items.entries()].sort(byKey(([sk]) => sk)).map(([, r]) => copy(r));
  }
}
