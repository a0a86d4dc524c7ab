import { describe, expect, it } from 'vitest';
import {
  createWorkingCalendar,
  DEADLINE_RULES,
  DEADLINES,
  defaultCalendar,
  PACKAGE_YEARS,
} from '../../../shared/calendar';
import statutoryEstimates from '../../../shared/calendar/statutory-estimates.json' with { type: 'json' };
import { ValidationError } from '../../../shared/model/errors';

const calendar = createWorkingCalendar();

describe('working days on the official calendar', () => {
  it('OGI-26 treats Spring Festival 2025 as off and its 调休 Sunday/Saturday as working', () => {
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true); // Sunday, make-up day
    expect(calendar.isWorkingDay('2025-01-28')).toBe(false); // 除夕, Tuesday
    expect(calendar.isWorkingDay('2025-02-04')).toBe(false); // Tuesday inside the holiday
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true); // Saturday, make-up day
    expect(calendar.isWorkingDay('2025-02-09')).toBe(false); // ordinary Sunday
  });

  it('OGI-26 treats National Day 2026 as off and 2026-09-20 (Sun) / 2026-10-10 (Sat) as working', () => {
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false); // Wednesday inside the holiday
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
  });

  it('OGI-26 agrees with chinese-days on every day of 2024–2026', async () => {
    // chinese-days builds its tables at load time in local time and is a day off west of UTC
    // (the reason we read its JSON instead); evaluate it in China time, where it is right.
    const savedTz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const { default: chineseDays } = await import('chinese-days');
      const mismatches: string[] = [];
      for (let day = new Date(2024, 0, 1); day.getFullYear() <= 2026; day.setDate(day.getDate() + 1)) {
        const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
        if (calendar.isWorkingDay(iso) !== chineseDays.isWorkday(new Date(day))) mismatches.push(iso);
      }
      expect(mismatches).toEqual([]);
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
  });

  it('OGI-26 knows which years chinese-days publishes', () => {
    expect(PACKAGE_YEARS[0]).toBe(2004);
    expect(PACKAGE_YEARS).toContain(2026);
    expect(calendar.isPublishedYear(2026)).toBe(true);
    expect(calendar.isPublishedYear(2031)).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it('OGI-26 does not count the day of formation', () => {
    expect(calendar.addWorkingDays('2025-03-03', 1)).toEqual({ due: '2025-03-04', provisional: false });
  });

  it('OGI-26 skips Spring Festival 2025 in one step', () => {
    expect(calendar.addWorkingDays('2025-01-27', 1)).toEqual({ due: '2025-02-05', provisional: false });
  });

  it('OGI-26 counts the 调休 Sunday after Spring Festival 2024', () => {
    // 2024-02-09 (Fri) works, 02-10..17 off, 02-18 (Sun) is a make-up working day.
    expect(calendar.addWorkingDays('2024-02-08', 2)).toEqual({ due: '2024-02-18', provisional: false });
  });

  it('OGI-26 gives the 20-working-day deadline from just before National Day 2026', () => {
    // 09-30 (1), 10-01..07 off, 10-08, 10-09, 10-10 Sat make-up (4), then four full weeks, 11-02 (20).
    expect(calendar.addWorkingDays('2026-09-29', DEADLINES.publication)).toEqual({
      due: '2026-11-02',
      provisional: false,
    });
  });

  it('OGI-26 gives the 20-working-day deadline from just before National Day 2024', () => {
    // 09-29 (Sun) and 10-12 (Sat) are make-up working days.
    expect(calendar.addWorkingDays('2024-09-27', 20)).toEqual({ due: '2024-10-30', provisional: false });
  });

  it('OGI-26 counts 20 working days across National Day / Mid-autumn 2025', () => {
    expect(calendar.addWorkingDays('2025-09-26', 20)).toEqual({ due: '2025-10-30', provisional: false });
  });

  it('OGI-26 returns the start date for n = 0 (immediate)', () => {
    expect(calendar.addWorkingDays('2031-05-01', 0)).toEqual({ due: '2031-05-01', provisional: false });
  });

  it('OGI-26 marks a deadline in an unpublished year (2031) as provisional, counting weekends and statutory holidays', () => {
    // 2031-01-01 (Wednesday) is 元旦 by law; the rest of the week counts: 01-02, 01-03, 01-06.
    expect(calendar.addWorkingDays('2030-12-31', 3)).toEqual({ due: '2031-01-06', provisional: true });
    expect(calendar.addWorkingDays('2031-03-01', 5)).toEqual({ due: '2031-03-07', provisional: true });
  });

  it('OGI-26 is provisional when the count runs from a published year into an unpublished one', () => {
    // 12-31, then 元旦 2027 and the weekend, then 01-04 and 01-05.
    expect(calendar.addWorkingDays('2026-12-30', 3)).toEqual({ due: '2027-01-05', provisional: true });
  });

  it('OGI-26 estimates an unpublished year with the holidays the law fixes, lunar ones included', () => {
    // 2027: 除夕 02-05 to 初三 02-08, 清明 04-05, 端午 06-09, 中秋 09-15 (generate-estimates.ts).
    for (const day of ['2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']) {
      expect(calendar.isWorkingDay(day), day).toBe(false);
    }
    expect(calendar.isWorkingDay('2027-02-09')).toBe(true);
  });

  it('OGI-26 the estimate method reproduces the statutory holidays of every published year it covers', () => {
    for (const year of ['2025', '2026'] as const) {
      const estimated = statutoryEstimates.years[year];
      expect(estimated).toHaveLength(13);
      for (const day of estimated)
        expect(calendar.isWorkingDay(day), `${day} is off in the official ${year} calendar`).toBe(false);
    }
  });

  it('OGI-26 uses an override file for an unpublished year and drops the provisional flag', () => {
    const withOverrides = createWorkingCalendar({
      years: { '2031': { holidays: ['2031-01-01', '2031-01-02'], workdays: ['2031-01-04'] } },
    });
    expect(withOverrides.isPublishedYear(2031)).toBe(true);
    expect(withOverrides.isWorkingDay('2031-01-01')).toBe(false);
    expect(withOverrides.isWorkingDay('2031-01-04')).toBe(true); // Saturday, make-up day
    // 01-02 off, 01-03 (1), 01-04 Sat (2), 01-06 (3).
    expect(withOverrides.addWorkingDays('2030-12-31', 3)).toEqual({ due: '2031-01-06', provisional: false });
  });

  it('OGI-26 lets overrides take precedence over the package date by date', () => {
    const corrected = createWorkingCalendar({
      years: { '2026': { holidays: ['2026-10-12'], workdays: ['2026-10-10'] } },
    });
    expect(corrected.isWorkingDay('2026-10-12')).toBe(false); // override
    expect(corrected.isWorkingDay('2026-10-01')).toBe(false); // still from the package
    expect(corrected.isWorkingDay('2026-10-10')).toBe(true);
  });

  it('OGI-26 fails when n is negative or fractional', () => {
    expect(() => calendar.addWorkingDays('2025-01-02', -1)).toThrow(ValidationError);
    expect(() => calendar.addWorkingDays('2025-01-02', 1.5)).toThrow(/whole number/);
  });
});

describe('workingDaysBetween', () => {
  it('OGI-26 counts working days after from, up to and including to', () => {
    // 10-09, 10-10, 10-11 (Sat make-up), 10-13.
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-13')).toBe(4);
  });

  it('OGI-26 is 0 for the same day and negative when to is before from', () => {
    expect(calendar.workingDaysBetween('2025-10-13', '2025-10-13')).toBe(0);
    expect(calendar.workingDaysBetween('2025-10-13', '2025-09-30')).toBe(-4);
  });

  it('OGI-26 reports late-by-N against a due date from addWorkingDays', () => {
    const { due } = calendar.addWorkingDays('2026-09-29', DEADLINES.publication);
    expect(calendar.workingDaysBetween('2026-09-29', due)).toBe(DEADLINES.publication);
    expect(calendar.workingDaysBetween(due, '2026-11-04')).toBe(2); // published two working days late
    expect(calendar.workingDaysBetween(due, '2026-10-30')).toBe(-1); // one working day early
  });

  it('OGI-26 flags spans that reach an unpublished year', () => {
    expect(calendar.isProvisionalBetween('2026-12-01', '2026-12-31')).toBe(false);
    expect(calendar.isProvisionalBetween('2026-12-31', '2027-01-04')).toBe(true);
    expect(calendar.isProvisionalBetween('2027-01-04', '2026-12-31')).toBe(true);
  });
});

describe('input dates', () => {
  it.each(['2025-02-29', '2025-13-01', '2025-04-31', '2025-1-5', '20250105', '2025-01-05T00:00:00Z', ''])(
    'OGI-26 fails when the date is %j',
    (bad) => {
      expect(() => calendar.isWorkingDay(bad)).toThrow(ValidationError);
      expect(() => calendar.addWorkingDays(bad, 1)).toThrow(ValidationError);
      expect(() => calendar.workingDaysBetween('2025-01-02', bad)).toThrow(ValidationError);
    },
  );

  it('OGI-26 accepts 29 February in a leap year', () => {
    expect(calendar.isWorkingDay('2024-02-29')).toBe(true);
  });
});

describe('deadlines and the default calendar', () => {
  it('OGI-26 / COORD-5(3) / COORD-5(4) time limits match the rules', () => {
    expect(DEADLINES).toEqual({
      publication: 20,
      consultationReply: 10,
      onRequestSolicitation: 5,
      onRequestReply: 5,
    });
    expect(DEADLINE_RULES).toEqual({
      publication: 'OGI-26',
      consultationReply: 'COORD-5(3)',
      onRequestSolicitation: 'COORD-5(4)',
      onRequestReply: 'COORD-5(4)',
    });
  });

  it('OGI-26 default calendar loads the bundled overrides.json', () => {
    expect(defaultCalendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(defaultCalendar.isPublishedYear(2026)).toBe(true);
  });
});
