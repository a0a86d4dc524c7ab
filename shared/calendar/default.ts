import { parseCalendarOverrides } from './overrides';
import bundledOverrides from './overrides.json' with { type: 'json' };
import { createWorkingCalendar } from './working-calendar';

/**
 * The calendar with the bundled overrides.json. Validated at module load, so a bad edit to the
 * file fails at cold start rather than producing wrong deadlines later.
 */
export const defaultCalendar = createWorkingCalendar(
  parseCalendarOverrides(bundledOverrides, 'shared/calendar/overrides.json'),
);
