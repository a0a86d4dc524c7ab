import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StoredCalendar } from '../../shared/calendar/stored';
import type { CalendarImportDeps } from '../../shared/pipeline/calendar-import';
import { type Clock, systemClock } from '../../shared/ports';
import { documentClient } from './aws';
import { DynamoCalendars } from './dynamo/calendars';
import { DynamoDocuments } from './dynamo/documents';
import { Table } from './dynamo/table';
import { DynamoTasks } from './dynamo/tasks';

/**
 * What `gongkai calendar …` works through: the stored arrangements, and the documents in flight
 * and their open tasks whose deadlines an import recomputes.
 */
export function buildCalendarDeps(config: {
  readonly tableName: string;
  readonly dynamo: DynamoDBClient;
  readonly clock?: Clock;
}): CalendarImportDeps {
  const table = new Table(documentClient(config.dynamo), config.tableName);
  const calendars = new DynamoCalendars(table);
  return {
    calendars,
    calendar: new StoredCalendar(calendars),
    documents: new DynamoDocuments(table),
    tasks: new DynamoTasks(table),
    clock: config.clock ?? systemClock,
  };
}
