// chinese-days builds its lookup tables at load time from local-time dates, and west of UTC they
// are a day off (2024-01-01 reads as a working day in America/Los_Angeles). So we read its bundled
// JSON (documented in its README) and do the date arithmetic ourselves, free of time zones.
import officialArrangements from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { ValidationError } from '../model/errors';
import { fromDayNumber, type IsoDate, toDayNumber, weekdayOf, yearOf } from './iso-date';
import { type CalendarOverrides, parseCalendarOverrides } from './overrides';

export interface WorkingDayResult {
  /** The Nth working day after the start date. */
  readonly due: IsoDate;
  /**
   * True when a day examined lies in a year whose holiday arrangement is not yet published
   * (neither in chinese-days nor in the overrides); such years count weekends only, so the date
   * may move once the State Council publishes the arrangement.
   */
  readonly provisional: boolean;
}

export interface WorkingCalendar {
  /** Working day on the official calendar: Mon–Fri unless a statutory holiday, plus 调休 make-up days. */
  isWorkingDay(date: IsoDate): boolean;
  /** Whether the holiday arrangement for `year` is known (bundled package data or overrides). */
  isPublishedYear(year: number): boolean;
  /**
   * The Nth working day after `from`; `from` itself (the day of formation/receipt) never counts.
   * `n = 0` returns `from` unchanged (an immediate deadline), not provisional.
   */
  addWorkingDays(from: IsoDate, n: number): WorkingDayResult;
  /**
   * Working days in (from, to]: 0 when `to === from`; negative (−count of working days in (to, from])
   * when `to` is before `from`. So `workingDaysBetween(due, publishedOn)` is "late by N working days"
   * when positive, and `addWorkingDays(a, n).due = b` implies `workingDaysBetween(a, b) = n`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
  /** True when a day counted by `workingDaysBetween(from, to)` lies in an unpublished year. */
  isProvisionalBetween(from: IsoDate, to: IsoDate): boolean;
}

/** Upper bound on `n`: far beyond any statutory deadline; stops a bad input from looping for ever. */
export const MAX_WORKING_DAYS = 10_000;

const official = indexArrangement(
  Object.keys(officialArrangements.holidays),
  Object.keys(officialArrangements.workdays),
);

/** Years chinese-days has an arrangement for (2004–2026 in version 1.5.7). */
export const PACKAGE_YEARS: readonly number[] = [...official.years].sort((a, b) => a - b);

/**
 * A working-day clock. For a year present in `overrides`, the override lists take precedence
 * date by date over chinese-days (so ops can add a new year or correct one); dates they do not
 * list fall back to the package, then to the weekend rule. The overrides are validated here.
 */
export function createWorkingCalendar(overrides?: CalendarOverrides): WorkingCalendar {
  const valid = parseCalendarOverrides(overrides ?? { years: {} });
  const entries = Object.values(valid.years);
  const override = indexArrangement(
    entries.flatMap((y) => y.holidays),
    entries.flatMap((y) => y.workdays),
  );
  for (const year of Object.keys(valid.years)) override.years.add(Number(year));

  const isWorkingDayNumber = (day: number): boolean => {
    if (override.holidays.has(day)) return false;
    if (override.workdays.has(day)) return true;
    if (official.holidays.has(day)) return false;
    if (official.workdays.has(day)) return true;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  };
  const isPublishedYear = (year: number): boolean => override.years.has(year) || official.years.has(year);
  const isPublishedDay = (day: number): boolean => isPublishedYear(yearOf(fromDayNumber(day)));

  return {
    isWorkingDay: (date) => isWorkingDayNumber(toDayNumber(date)),
    isPublishedYear,

    addWorkingDays(from, n) {
      let day = toDayNumber(from, 'from');
      if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
        throw new ValidationError(`n must be a whole number of working days from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
      }
      let provisional = false;
      for (let remaining = n; remaining > 0; ) {
        day += 1;
        if (!isPublishedDay(day)) provisional = true;
        if (isWorkingDayNumber(day)) remaining -= 1;
      }
      return { due: fromDayNumber(day), provisional };
    },

    workingDaysBetween(from, to) {
      const a = toDayNumber(from, 'from');
      const b = toDayNumber(to, 'to');
      const [start, end, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      let count = 0;
      for (let day = start + 1; day <= end; day += 1) {
        if (isWorkingDayNumber(day)) count += 1;
      }
      return sign * count;
    },

    isProvisionalBetween(from, to) {
      const a = toDayNumber(from, 'from');
      const b = toDayNumber(to, 'to');
      if (a === b) return false;
      const firstYear = yearOf(fromDayNumber(Math.min(a, b) + 1));
      const lastYear = yearOf(fromDayNumber(Math.max(a, b)));
      for (let year = firstYear; year <= lastYear; year += 1) {
        if (!isPublishedYear(year)) return true;
      }
      return false;
    },
  };
}

interface ArrangementIndex {
  readonly holidays: Set<number>;
  readonly workdays: Set<number>;
  readonly years: Set<number>;
}

function indexArrangement(holidays: readonly IsoDate[], workdays: readonly IsoDate[]): ArrangementIndex {
  return {
    holidays: new Set(holidays.map((d) => toDayNumber(d))),
    workdays: new Set(workdays.map((d) => toDayNumber(d))),
    // Every published arrangement names at least New Year's Day, so a year with holidays is published.
    years: new Set(holidays.map(yearOf)),
  };
}
