import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AnnualReportStore } from '../../../shared/ports';
import type { AnnualReportRecord } from '../../../shared/report/model';
import { ReportConflictError } from '../../../shared/report/model';
import { keys, partitions } from './keys';
import { isConditionFailure, type Table } from './table';

/** Annual reports: `REPORT#<year>` / `AGENCY#<agency>`, written conditional on the version read. */
export class DynamoReports implements AnnualReportStore {
  constructor(private readonly table: Table) {}

  getReport(agency: string, year: number): Promise<AnnualReportRecord | undefined> {
    return this.table.get<AnnualReportRecord>(keys.annualReport(year, agency), true);
  }

  async putReport(report: AnnualReportRecord, expectedVersion: number | null): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.annualReport(report.year, report.agency), ...report },
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new ReportConflictError(report.agency, report.year);
      throw err;
    }
  }

  listReports(year: number): Promise<AnnualReportRecord[]> {
    return this.table.partition<AnnualReportRecord>(partitions.annualReports(year), { consistent: true });
  }
}
