import * as z from 'zod';
import { ValidationError } from '../model/errors';
import { type IsoDate, toDayNumber, weekdayOf } from './iso-date';
import statutoryEstimates from './statutory-estimates.json' with { type: 'json' };

/**
 * A year's holiday arrangement as the State Council publishes it each November or December
 * (国务院办公厅关于YYYY年部分节假日安排的通知), in the file ops import (`gongkai calendar import
 * 2027.json`, or the Admin page): the days off (放假, including the weekend days inside a holiday
 * block) and the make-up working days (调休上班).
 */
export interface YearArrangement {
  readonly year: number;
  readonly holidays: readonly IsoDate[];
  readonly workdays: readonly IsoDate[];
  /** The notice it comes from, e.g. 国办发明电〔2026〕7号. */
  readonly notice?: string;
}

/** A stored arrangement: who imported it, when, and its version (each import of the year adds one). */
export interface StoredArrangement extends YearArrangement {
  readonly version: number;
  readonly importedAt: string;
  readonly importedBy: string;
}

/** Days every arrangement since 2008 gives off, whatever the lunar calendar does: 元旦, 劳动节, 国庆. */
const FIXED_HOLIDAYS = ['01-01', '05-01', '10-01', '10-02', '10-03'];
const ESTIMATES: Readonly<Record<string, readonly string[]>> = statutoryEstimates.years;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const dateList = z.array(z.string(), { error: 'a list of dates as YYYY-MM-DD' });

const ArrangementInputSchema = z.strictObject({
  year: z.number({ error: 'year is required, a number such as 2027' }).int().min(2004).max(2100),
  holidays: dateList.min(1, 'a published arrangement lists its holidays'),
  workdays: dateList.default([]),
  notice: z.string().trim().min(1).max(200).optional(),
});

/** What an arrangement file holds, as JSON (`workdays` and `notice` may be left out). */
export type ArrangementInput = z.input<typeof ArrangementInputSchema>;

/**
 * A year's arrangement, checked in full: a year, every date a real one inside it, none listed
 * twice or as both a holiday and a working day, every make-up working day a weekend day, and the
 * whole year's holidays — every statutory holiday the law fixes for it (元旦, 春节, 清明, 劳动节,
 * 端午, 中秋, 国庆; the lunar ones from statutory-estimates.json) — so a file with one festival only
 * is refused rather than marking the year published. Throws a ValidationError naming every problem.
 */
export function parseArrangement(input: unknown, source = 'the arrangement'): YearArrangement {
  const parsed = ArrangementInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`);
    throw new ValidationError(`invalid ${source}: ${problems.join('; ')}`);
  }
  const { year, holidays, workdays, notice } = parsed.data;
  const problems: string[] = [];
  const seen = new Map<string, 'holidays' | 'workdays'>();
  for (const list of ['holidays', 'workdays'] as const) {
    parsed.data[list].forEach((date, index) => {
      const where = `${list}[${index}]`;
      let day: number;
      try {
        day = toDayNumber(date);
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
        return;
      }
      if (!date.startsWith(`${year}-`)) problems.push(`${where}: ${date} is not in ${year}`);
      const earlier = seen.get(date);
      if (earlier === list) problems.push(`${where}: ${date} is listed twice`);
      else if (earlier) problems.push(`${where}: ${date} is both a holiday and a working day`);
      seen.set(date, list);
      const weekday = weekdayOf(day);
      if (list === 'workdays' && weekday !== 0 && weekday !== 6) {
        problems.push(
          `${where}: ${date} is a ${WEEKDAY_NAMES[weekday]}, already a working day (调休上班 falls on a weekend)`,
        );
      }
    });
  }
  const statutory = ESTIMATES[String(year)] ?? FIXED_HOLIDAYS.map((d) => `${year}-${d}`);
  const listed = new Set(holidays);
  const missing = statutory.filter((d) => !listed.has(d));
  if (missing.length > 0 && problems.length === 0) {
    problems.push(
      `holidays: not the whole year's arrangement — the statutory holidays ${missing.join(', ')} are missing`,
    );
  }
  if (problems.length > 0) throw new ValidationError(`invalid ${source} of ${year}: ${problems.join('; ')}`);
  const sorted = (dates: readonly string[]) => [...dates].sort();
  return { year, holidays: sorted(holidays), workdays: sorted(workdays), ...(notice ? { notice } : {}) };
}

/** Whether two arrangements say the same (the notice aside): importing one again changes nothing. */
export function sameArrangement(a: YearArrangement, b: YearArrangement): boolean {
  return (
    a.year === b.year &&
    a.holidays.join() === [...b.holidays].sort().join() &&
    a.workdays.join() === [...b.workdays].sort().join()
  );
}
