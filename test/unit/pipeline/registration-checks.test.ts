import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/model/errors';
import { checkFormedAt } from '../../../shared/pipeline/upload';
import { register, world } from './drive';

/** What registerDocument checks beyond the schema: the formedAt window and the agencies it names. */

describe('formedAt: 2000-01-01 … a year from today (Beijing)', () => {
  // drive.ts's NOW: Monday 2026-11-23, 10:00 in Beijing.
  it.each(['2000-01-01', '2026-11-23', '2027-11-23'])('accepts %s', async (formedAt) => {
    const deps = world();
    expect((await register(deps, { formedAt })).formedAt).toBe(formedAt);
  });

  it.each(['1900-01-01', '1999-12-31', '2027-11-24', '2099-06-01', '9999-12-31'])(
    'refuses %s, naming formedAt and the window',
    async (formedAt) => {
      const deps = world();
      const attempt = register(deps, { formedAt });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(`formedAt ${formedAt} is outside 2000-01-01 … 2027-11-23`);
      // Nothing registered, no score year made.
      expect(await deps.documents.listByAgency('edu')).toEqual([]);
      expect(await deps.scores.scoreYears()).toEqual([]);
    },
  );

  it('counts today by Beijing’s calendar, and a year from 29 February is 28 February', () => {
    expect(() => checkFormedAt('2027-11-24', '2026-11-24')).not.toThrow();
    expect(() => checkFormedAt('2029-02-28', '2028-02-29')).not.toThrow();
    expect(() => checkFormedAt('2029-03-01', '2028-02-29')).toThrow('2000-01-01 … 2029-02-28');
  });

  it('takes the Beijing day from the clock', async () => {
    // 2026-11-23T17:00Z is already the 24th in Beijing.
    const deps = world('2026-11-23T17:00:00.000Z');
    expect((await register(deps, { formedAt: '2027-11-24' })).formedAt).toBe('2027-11-24');
  });
});

describe('the agencies a registration names exist', () => {
  it.each([
    ['consult', { consult: ['health', 'no-such-agency'] }],
    ['leadDrafter', { leadDrafter: 'no-such-agency' }],
    ['madeBy', { madeBy: 'no-such-agency' }],
    ['heldBy', { origin: 'obtained' as const, heldBy: 'no-such-agency' }],
  ])('COORD-1 COORD-2 COORD-5 refuses an unknown agency in %s, naming the field', async (field, overrides) => {
    const deps = world();
    const attempt = register(deps, overrides);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(`${field}: unknown agency "no-such-agency"`);
    expect(await deps.documents.listByAgency('edu')).toEqual([]);
  });

  it('accepts agencies that exist', async () => {
    const deps = world();
    expect((await register(deps, { consult: ['health', 'stats'] })).consult).toEqual(['health', 'stats']);
  });
});
