import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredArrangement } from '../../../shared/calendar/arrangement';
import { ConflictError } from '../../../shared/model/errors';
import type { CalendarStore } from '../../../shared/ports';
import { keys, partitions } from './keys';
import { isConditionFailure, type Table } from './table';

/** The imported holiday arrangements: one small item per year in the CALENDAR partition. */
export class DynamoCalendars implements CalendarStore {
  constructor(private readonly table: Table) {}

  listYears(): Promise<StoredArrangement[]> {
    return this.table.partition<StoredArrangement>(partitions.calendarYears, { consistent: true });
  }

  async putYear(arrangement: StoredArrangement, expectedVersion: number): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.calendarYear(arrangement.year), ...arrangement },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new ConflictError(`the ${arrangement.year} arrangement was imported meanwhile: import it again`);
      }
      throw err;
    }
  }
}
