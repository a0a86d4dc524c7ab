import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { beijingDate, beijingYear } from '../../../shared/calendar/beijing';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { agencyEvidence, annualScores, assertMayReadScores } from '../../../shared/scores/service';
import type { StaffEnv } from '../env';
import { parsePath, parseQuery, pathId, YearSchema } from '../request';

export const ScoresQuerySchema = z.object({ year: YearSchema.optional() });

/** REVIEW-4.2: the annual accuracy, completeness and timeliness of every agency, with evidence. */
export function scoreRoutes(deps: PipelineDeps) {
  const { scores } = deps;
  const app = new Hono<StaffEnv>();
  app.use(async (c, next) => {
    assertMayReadScores(c.get('identity'));
    await next();
  });
  const today = () => beijingDate(deps.clock.now());

  app.get('/', async (c) => {
    const year = parseQuery(c, ScoresQuerySchema).year ?? beijingYear(deps.clock.now());
    return c.json(
      (await annualScores(scores, deps.directory, year, today())) satisfies z.input<typeof Api.ScoresSchema>,
    );
  });

  app.get('/years', async (c) => c.json((await scores.scoreYears()) satisfies z.input<typeof Api.ScoreYearsSchema>));

  app.get('/:agency/:year', async (c) => {
    const agency = pathId(c, 'agency');
    const year = parsePath(c, 'year', YearSchema);
    // Lateness in working days counts the holidays ops imported last.
    await deps.calendar.refresh?.();
    const evidence = await agencyEvidence(scores, deps.directory, deps.calendar, agency, year, today());
    return c.json(evidence satisfies z.input<typeof Api.AgencyEvidenceSchema>);
  });
  return app;
}
