import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, parseCalendarOverrides } from '../../../shared/calendar';
import bundled from '../../../shared/calendar/overrides.json' with { type: 'json' };
import { ValidationError } from '../../../shared/model/errors';

function errorOf(input: unknown): ValidationError {
  try {
    parseCalendarOverrides(input, 'overrides.json');
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('calendar override file', () => {
  it('OGI-26 bundled overrides.json is valid', () => {
    expect(() => parseCalendarOverrides(bundled, 'shared/calendar/overrides.json')).not.toThrow();
  });

  it('OGI-26 defaults workdays to an empty list', () => {
    expect(parseCalendarOverrides({ years: { '2027': { holidays: ['2027-01-01'] } } })).toEqual({
      years: { '2027': { holidays: ['2027-01-01'], workdays: [] } },
    });
  });

  it('OGI-26 fails naming the entry that is not a real date', () => {
    const error = errorOf({ years: { '2027': { holidays: ['2027-01-01', '2027-02-30'] } } });
    expect(error.message).toContain('invalid overrides.json');
    expect(error.message).toContain('years.2027.holidays[1]: date "2027-02-30" is not a real calendar date');
  });

  it('OGI-26 fails when a date is listed under another year', () => {
    expect(errorOf({ years: { '2027': { holidays: ['2026-12-31'] } } }).message).toContain(
      'years.2027.holidays[0]: 2026-12-31 is not in 2027; list it under "2026"',
    );
  });

  it('OGI-26 fails when a date is both a holiday and a working day', () => {
    expect(errorOf({ years: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-01'] } } }).message).toContain(
      'years.2027.workdays[0]: 2027-01-01 is listed as both a holiday and a working day',
    );
  });

  it('OGI-26 fails on a duplicate date', () => {
    expect(errorOf({ years: { '2027': { holidays: ['2027-01-01', '2027-01-01'] } } }).message).toContain(
      'years.2027.holidays[1]: 2027-01-01 is listed twice',
    );
  });

  it('OGI-26 fails on an empty holiday list, a misspelt key or a bad year key', () => {
    expect(errorOf({ years: { '2027': { holidays: [] } } }).message).toContain('years.2027.holidays');
    expect(errorOf({ years: { '2027': { holidays: ['2027-01-01'], workday: [] } } }).message).toMatch(/workday/);
    expect(errorOf({ years: { '27': { holidays: ['2027-01-01'] } } }).message).toContain('four digits');
    expect(errorOf({}).message).toContain('years');
  });

  it('OGI-26 createWorkingCalendar validates overrides too', () => {
    expect(() => createWorkingCalendar({ years: { '2027': { holidays: ['2027-02-30'] } } })).toThrow(ValidationError);
  });
});
