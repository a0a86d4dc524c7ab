import type { CalendarTarget } from '../../functions/cli/calendar';
import { buildCalendarDeps } from '../../functions/deps';
import { connectLocalDynamo, type LocalDataOptions } from './local-data';
import { LOCAL_NAMES } from './names';

/**
 * `gongkai calendar …` on local data: the table of the local runtime (./local-data.ts). A running
 * runtime reads the imported year before it sets its next deadline (StoredCalendar.refresh).
 */
export async function connectLocalCalendar(options: LocalDataOptions): Promise<CalendarTarget> {
  const { client, close } = await connectLocalDynamo(options);
  return { deps: buildCalendarDeps({ tableName: LOCAL_NAMES.table, dynamo: client }), close };
}
