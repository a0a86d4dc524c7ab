import { Hono } from 'hono';
import { z } from 'zod';
import { isoDay, type PipelineDeps } from '../../../shared/pipeline/deps';
import { agencyEvidence, annualScores, assertMayReadScores, type ScoreStore } from '../../../shared/scores/service';
import type { StaffEnv } from '../env';

const Year = z.coerce.number().int().min(2000).max(2100);

/** REVIEW-4.2: the annual accuracy, completeness and timeliness of every agency, with evidence. */
export function scoreRoutes(deps: PipelineDeps, scores: ScoreStore) {
  const app = new Hono<StaffEnv>();
  app.use(async (c, next) => {
    assertMayReadScores(c.get('identity'));
    await next();
  });
  const today = () => isoDay(deps.clock.now());

  app.get('/', async (c) => {
    const year = Year.parse(c.req.query('year') ?? today().slice(0, 4));
    return c.json(await annualScores(scores, deps.directory, year, today()));
  });

  app.get('/years', async (c) => c.json(await scores.scoreYears()));

  app.get('/:agency/:year', async (c) => {
    const year = Year.parse(c.req.param('year'));
    return c.json(await agencyEvidence(scores, deps.directory, deps.calendar, c.req.param('agency'), year, today()));
  });
  return app;
}
