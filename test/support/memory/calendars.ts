import type { StoredArrangement } from '../../../shared/calendar/arrangement';
import { ConflictError } from '../../../shared/model/errors';
import type { CalendarStore } from '../../../shared/ports';
import { copy, stored } from './items';
import type { MemoryState } from './state';

/** The imported arrangements by year, as the DynamoDB adapter keeps them (one item per year). */
export class MemoryCalendars implements CalendarStore {
  constructor(private readonly state: MemoryState) {}

  async listYears(): Promise<StoredArrangement[]> {
    // The CALENDAR partition's sort keys are the years as strings.
    return [...this.state.calendarYears.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, arrangement]) => copy(arrangement));
  }

  async putYear(arrangement: StoredArrangement, expectedVersion: number): Promise<void> {
    const current = this.state.calendarYears.get(String(arrangement.year));
    const holds = expectedVersion === 0 ? current === undefined : current?.version === expectedVersion;
    if (!holds) throw new ConflictError(`the ${arrangement.year} arrangement was imported meanwhile: import it again`);
    this.state.calendarYears.set(String(arrangement.year), stored(arrangement));
  }
}
