import * as z from 'zod';
import { ValidationError } from '../model/errors';
import { toDayNumber } from './iso-date';

const isoDateSchema = z.string().superRefine((value, ctx) => {
  try {
    toDayNumber(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

const yearArrangementSchema = z.strictObject({
  /** Statutory holidays (放假), including any weekend days inside the holiday block. */
  // At least one entry: every published arrangement has New Year's Day, so an empty list is a stub
  // that would wrongly mark the year as published.
  holidays: z.array(isoDateSchema).min(1, 'a published arrangement lists at least one holiday'),
  /** Make-up working days (调休上班), normally weekend days. */
  workdays: z.array(isoDateSchema).default([]),
});

export const calendarOverridesSchema = z
  .strictObject({
    years: z.record(z.string(), yearArrangementSchema),
  })
  .superRefine(({ years }, ctx) => {
    for (const [year, arrangement] of Object.entries(years)) {
      // Checked here rather than as a record key schema, whose error hides the reason.
      if (!/^\d{4}$/.test(year)) {
        ctx.addIssue({
          code: 'custom',
          path: ['years', year],
          message: 'year keys are four digits, e.g. "2027"',
        });
        continue;
      }
      const seen = new Map<string, 'holidays' | 'workdays'>();
      for (const list of ['holidays', 'workdays'] as const) {
        arrangement[list].forEach((date, index) => {
          const path = ['years', year, list, index];
          // Each date sits under its own year, so "which years are published" is read off the keys.
          if (!date.startsWith(`${year}-`)) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `${date} is not in ${year}; list it under "${date.slice(0, 4)}"`,
            });
          }
          const earlier = seen.get(date);
          if (earlier === list) {
            ctx.addIssue({ code: 'custom', path, message: `${date} is listed twice` });
          } else if (earlier) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `${date} is listed as both a holiday and a working day`,
            });
          }
          seen.set(date, list);
        });
      }
    }
  });

/** What ops write in overrides.json (`workdays` may be omitted). */
export type CalendarOverrides = z.input<typeof calendarOverridesSchema>;
/** Overrides after validation. */
export type ValidCalendarOverrides = z.output<typeof calendarOverridesSchema>;

/**
 * Validates an override document (e.g. the parsed overrides.json). Throws a `ValidationError` whose
 * message names the source and every bad entry, e.g. `years.2027.holidays[3]: "2027-02-30" is not a real calendar date`.
 */
export function parseCalendarOverrides(input: unknown, source = 'calendar overrides'): ValidCalendarOverrides {
  const result = calendarOverridesSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = formatPath(issue.path);
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  throw new ValidationError(`invalid ${source}: ${problems.join('; ')}`);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
