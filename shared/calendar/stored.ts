import type { CalendarStore } from '../ports';
import type { StoredArrangement } from './arrangement';
import { parseCalendarOverrides, type ValidCalendarOverrides } from './overrides';
import bundledOverrides from './overrides.json' with { type: 'json' };
import { createWorkingCalendar, type WorkingCalendar, type WorkingDayResult } from './working-calendar';

const BUNDLED = parseCalendarOverrides(bundledOverrides, 'shared/calendar/overrides.json');

/** The bundled overrides with the imported years over them (an import of a year replaces it whole). */
export function calendarOverridesWith(
  stored: readonly StoredArrangement[],
  bundled: ValidCalendarOverrides = BUNDLED,
): ValidCalendarOverrides {
  const years = { ...bundled.years };
  for (const s of stored) years[String(s.year)] = { holidays: [...s.holidays], workdays: [...s.workdays] };
  return { years };
}

/**
 * The working-day calendar of a deployment: chinese-days, overrides.json and the years ops
 * imported. `refresh` reads the store (one small query) and rebuilds only when a year changed;
 * the use cases that set a deadline refresh first, so an import is seen without a redeploy.
 */
export class StoredCalendar implements WorkingCalendar {
  private current: WorkingCalendar;
  private versions = '';

  constructor(private readonly store: CalendarStore) {
    this.current = createWorkingCalendar(BUNDLED);
  }

  async refresh(): Promise<void> {
    const stored = await this.store.listYears();
    const versions = stored.map((s) => `${s.year}:${s.version}`).join(',');
    if (versions === this.versions) return;
    this.current = createWorkingCalendar(calendarOverridesWith(stored));
    this.versions = versions;
  }

  isWorkingDay(date: string): boolean {
    return this.current.isWorkingDay(date);
  }

  isPublishedYear(year: number): boolean {
    return this.current.isPublishedYear(year);
  }

  addWorkingDays(from: string, n: number): WorkingDayResult {
    return this.current.addWorkingDays(from, n);
  }

  workingDaysBetween(from: string, to: string): number {
    return this.current.workingDaysBetween(from, to);
  }

  isProvisionalBetween(from: string, to: string): boolean {
    return this.current.isProvisionalBetween(from, to);
  }
}
