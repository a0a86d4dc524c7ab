import { readFileSync } from 'node:fs';
import officialArrangements from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../../infra/paths';
import { parseArrangement } from '../../../shared/calendar/arrangement';
import { ValidationError } from '../../../shared/model/errors';
import { importCalendarYear } from '../../../shared/pipeline/calendar-import';
import { createWorld } from '../../api/support';

/**
 * A 2027 arrangement as the State Council might publish it (the real one is not out when this is
 * written): 元旦 three days, 春节 nine days with a make-up Sunday, 清明, 劳动节 five days, 端午, 中秋,
 * 国庆 seven days with two make-up weekend days. The same file the command-line tests import.
 */
const ARRANGEMENT_2027 = JSON.parse(readFileSync(fromRoot('test/fixtures/calendar/2027.json'), 'utf8')) as {
  year: number;
  notice: string;
  holidays: string[];
  workdays: string[];
};

function problem(input: unknown): string {
  try {
    parseArrangement(input);
  } catch (err) {
    if (err instanceof ValidationError) return err.message;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('a year’s holiday arrangement, as ops import it', () => {
  it('OGI-26 accepts a full year, and the official 2025 and 2026 arrangements as chinese-days has them', () => {
    expect(parseArrangement(ARRANGEMENT_2027)).toMatchObject({ year: 2027, notice: ARRANGEMENT_2027.notice });
    for (const year of [2025, 2026]) {
      const of = (dates: Record<string, unknown>) => Object.keys(dates).filter((d) => d.startsWith(`${year}-`));
      const official = {
        year,
        holidays: of(officialArrangements.holidays),
        workdays: of(officialArrangements.workdays),
      };
      expect(parseArrangement(official).holidays).toHaveLength(official.holidays.length);
    }
  });

  it('OGI-26 refuses a part of a year: every statutory holiday must be there', () => {
    // Only the Spring Festival block: 元旦, 清明, 劳动节 … missing.
    const springOnly = { year: 2027, holidays: ARRANGEMENT_2027.holidays.filter((d) => d.startsWith('2027-02')) };
    expect(problem(springOnly)).toContain("not the whole year's arrangement");
    expect(problem(springOnly)).toContain('2027-01-01');
    expect(problem(springOnly)).toContain('2027-10-03');
    // 中秋 (the lunar date) forgotten.
    const noMidAutumn = { ...ARRANGEMENT_2027, holidays: ARRANGEMENT_2027.holidays.filter((d) => d !== '2027-09-15') };
    expect(problem(noMidAutumn)).toContain('statutory holidays 2027-09-15 are missing');
  });

  it('OGI-26 refuses dates outside the year, unreal dates, doubles and a day both off and on', () => {
    const with_ = (holidays: string[], workdays: string[] = []) => ({
      year: 2027,
      holidays: [...ARRANGEMENT_2027.holidays, ...holidays],
      workdays: [...ARRANGEMENT_2027.workdays, ...workdays],
    });
    expect(problem(with_(['2028-01-01']))).toContain('2028-01-01 is not in 2027');
    expect(problem(with_(['2027-02-30']))).toContain('"2027-02-30" is not a real calendar date');
    expect(problem(with_(['2027-01-01']))).toContain('2027-01-01 is listed twice');
    expect(problem(with_([], ['2027-10-02']))).toContain('2027-10-02 is both a holiday and a working day');
    // 2027-02-15 is a Monday: a working day anyway, so no 调休 day.
    expect(problem(with_([], ['2027-02-15']))).toContain('2027-02-15 is a Monday');
  });

  it('OGI-26 refuses what is not an arrangement file, naming the field', () => {
    expect(problem({ holidays: ['2027-01-01'] })).toContain('year');
    expect(problem({ year: '2027', holidays: [] })).toContain('year');
    expect(problem({ year: 1999, holidays: ['1999-01-01'] })).toContain('year');
    expect(problem({ year: 2027, holidays: [] })).toContain('holidays');
    expect(problem({ ...ARRANGEMENT_2027, workday: [] })).toMatch(/workday/);
    expect(problem([ARRANGEMENT_2027])).toMatch(/input|expected object/i);
    expect(problem({ ...ARRANGEMENT_2027, holidays: 'all of them' })).toContain('holidays');
  });
});

describe('importing a year recomputes the deadlines in flight', () => {
  /**
   * 3 February 2027, before the arrangement is out: a notice formed on 20 January waits for its
   * leader's sign-off — its deadline counted only weekends and the statutory days (provisional),
   * and so did the sign-off's. One formed on 28 December ends inside 2027 too; one formed in
   * November 2026 does not reach into 2027.
   */
  async function world() {
    const w = createWorld();
    w.clock.set('2026-11-24T02:00:00.000Z');
    const november = await w.awaitingSignoff({ formedAt: '2026-11-20' });
    w.clock.set('2026-12-29T02:00:00.000Z');
    const december = await w.register({ formedAt: '2026-12-28' });
    w.clock.set('2027-02-03T02:00:00.000Z');
    const january = await w.awaitingSignoff({ formedAt: '2027-01-20' });
    return { w, november, december, january };
  }

  it('OGI-26 a document formed before a holiday the import adds gets its new deadline, no longer provisional', async () => {
    const { w, january } = await world();
    expect(january.doc).toMatchObject({ dueAt: '2027-02-19', dueProvisional: true });
    const task = await w.deps.tasks.getTask(january.taskId);
    expect(task?.dueAt).toBe('2027-02-10');

    const result = await importCalendarYear(w.deps, 'ops', ARRANGEMENT_2027);

    // 20 working days after 20 January: the nine days of 春节 off, Sunday 14 February worked.
    const doc = await w.doc(january.id);
    expect(doc).toMatchObject({ dueAt: '2027-02-24', dueProvisional: false });
    // The sign-off opened on 3 February: 3 working days are 4, 14 and 15 February.
    expect((await w.deps.tasks.getTask(january.taskId))?.dueAt).toBe('2027-02-15');
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { documentId: january.id, deadline: 'publication', from: '2027-02-19', to: '2027-02-24', provisional: false },
        {
          documentId: january.id,
          deadline: 'task',
          taskId: january.taskId,
          kind: 'signoff',
          from: '2027-02-10',
          to: '2027-02-15',
          provisional: false,
        },
      ]),
    );
    // One audit event per deadline moved, by the importer, under the rule each deadline comes from.
    const events = (await w.deps.documents.history(january.id)).filter((e) => e.note?.code === 'deadline-recomputed');
    expect(events.map((e) => [e.actor, e.rules, e.note])).toEqual([
      [
        'ops',
        ['OGI-26'],
        {
          code: 'deadline-recomputed',
          year: 2027,
          deadline: 'publication',
          from: '2027-02-19',
          to: '2027-02-24',
          provisional: false,
        },
      ],
      [
        'ops',
        ['EXPAND-2'],
        {
          code: 'deadline-recomputed',
          year: 2027,
          deadline: 'task',
          from: '2027-02-10',
          to: '2027-02-15',
          provisional: false,
          taskId: january.taskId,
          kind: 'signoff',
        },
      ],
    ]);
    // The leader's list follows the task's new date.
    const listed = await w.deps.tasks.listOpen(['li.na']);
    expect(listed.find((t) => t.id === january.taskId)?.dueAt).toBe('2027-02-15');
  });

  it('OGI-26 clears the provisional mark where the date stays, and leaves what the import does not reach', async () => {
    const { w, november, december, january } = await world();
    expect(december).toMatchObject({ dueAt: '2027-01-26', dueProvisional: true });
    const before = await w.doc(november.id);
    const result = await importCalendarYear(w.deps, 'ops', ARRANGEMENT_2027);
    // 元旦 was already counted: the date stays, but it is no longer an estimate.
    expect(await w.doc(december.id)).toMatchObject({ dueAt: '2027-01-26', dueProvisional: false });
    expect(result.changes.filter((c) => c.documentId === december.id)).toEqual([
      { documentId: december.id, deadline: 'publication', from: '2027-01-26', to: '2027-01-26', provisional: false },
    ]);
    expect(await w.doc(november.id)).toEqual(before);
    expect(result).toMatchObject({
      year: 2027,
      version: 1,
      unchanged: false,
      dryRun: false,
      documents: { inFlight: 3, changed: 2 },
      tasks: { open: 2, changed: 1 },
    });
    expect(result.changes.map((c) => c.documentId)).not.toContain(november.id);
    expect(result.changes.filter((c) => c.documentId === january.id)).toHaveLength(2);
  });

  it('OGI-26 a deadline fixed as a date (the annual report’s) stays; a decided task is not moved', async () => {
    const { w, january } = await world();
    const fixed = await w.register({ formedAt: '2027-01-20' });
    w.deps.state.documents.set(fixed.id, { ...fixed, dueAt: '2027-01-31', dueFixed: true, dueProvisional: false });
    await w.decide(january.taskId, 'approve');
    const result = await importCalendarYear(w.deps, 'ops', ARRANGEMENT_2027);
    expect((await w.doc(fixed.id)).dueAt).toBe('2027-01-31');
    expect(result.changes.map((c) => c.documentId)).not.toContain(fixed.id);
    expect((await w.deps.tasks.getTask(january.taskId))?.dueAt).toBe('2027-02-10');
    expect(result.changes.filter((c) => c.deadline === 'task')).toEqual([]);
  });

  it('OGI-26 later deadlines read the imported year: a new registration, a new task', async () => {
    const { w } = await world();
    await importCalendarYear(w.deps, 'ops', ARRANGEMENT_2027);
    const later = await w.awaitingSignoff({ formedAt: '2027-01-20' });
    expect(later.doc).toMatchObject({ dueAt: '2027-02-24', dueProvisional: false });
    expect((await w.deps.tasks.getTask(later.taskId))?.dueAt).toBe('2027-02-15');
  });

  it('OGI-26 a dry run says what would move and changes nothing; the same file again stores nothing', async () => {
    const { w, january } = await world();
    const preview = await importCalendarYear(w.deps, 'ops', ARRANGEMENT_2027, { dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, version: 1, tasks: { changed: 1 } });
    expect(preview.changes).toHaveLength(3);
    expect(await w.deps.calendars.listYears()).toEqual([]);
    expect((await w.doc(january.id)).dueAt).toBe('2027-02-19');

    const first = await importCalendarYear(w.deps, 'ops', ARRANGEMENT_2027);
    expect(first.changes).toEqual(preview.changes);
    const again = await importCalendarYear(w.deps, 'cli:ops', {
      ...ARRANGEMENT_2027,
      holidays: [...ARRANGEMENT_2027.holidays].reverse(),
    });
    expect(again).toMatchObject({ unchanged: true, version: 1, changes: [] });
    expect((await w.deps.calendars.listYears()).map((y) => [y.year, y.version, y.importedBy])).toEqual([
      [2027, 1, 'ops'],
    ]);

    // A corrected arrangement (中秋 given a bridging day) is a new version, and moves again what it reaches.
    const corrected = { ...ARRANGEMENT_2027, holidays: [...ARRANGEMENT_2027.holidays, '2027-09-16'] };
    expect(await importCalendarYear(w.deps, 'ops', corrected)).toMatchObject({ version: 2, unchanged: false });
  });

  it('OGI-26 a refused file stores nothing and moves nothing', async () => {
    const { w, january } = await world();
    await expect(importCalendarYear(w.deps, 'ops', { ...ARRANGEMENT_2027, workdays: ['2027-02-15'] })).rejects.toThrow(
      ValidationError,
    );
    expect(await w.deps.calendars.listYears()).toEqual([]);
    expect((await w.doc(january.id)).dueAt).toBe('2027-02-19');
  });
});
