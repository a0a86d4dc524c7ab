import { Hono } from 'hono';
import { z } from 'zod';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { quarterlyAttributeReview, withheldSelfCheck } from '../../../shared/pipeline/reviews';
import type { StaffEnv } from '../env';

/** The periodic reviews: REVIEW-3.4 (quarterly, attributes) and FIVE-4 (yearly self-check). */
export function reviewRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/attributes', async (c) => {
    const quarter = z.string().parse(c.req.query('quarter') ?? '');
    return c.json(await quarterlyAttributeReview(deps, c.get('identity'), quarter));
  });
  app.get('/withheld', async (c) => {
    const year = z.coerce.number().int().parse(c.req.query('year'));
    return c.json(await withheldSelfCheck(deps, c.get('identity'), year));
  });
  return app;
}
