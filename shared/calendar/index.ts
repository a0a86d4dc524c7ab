export { DEADLINE_RULES, DEADLINES, type DeadlineKind } from './deadlines';
export { defaultCalendar } from './default';
export type { IsoDate } from './iso-date';
export {
  type CalendarOverrides,
  calendarOverridesSchema,
  parseCalendarOverrides,
  type ValidCalendarOverrides,
} from './overrides';
export {
  createWorkingCalendar,
  MAX_WORKING_DAYS,
  PACKAGE_YEARS,
  type WorkingCalendar,
  type WorkingDayResult,
} from './working-calendar';
