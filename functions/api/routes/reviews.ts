import { Hono } from 'hono';
import * as z from 'zod';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { quarterlyAttributeReview, withheldSelfCheck } from '../../../shared/pipeline/reviews';
import type { StaffEnv } from '../env';
import { parseQuery, YearSchema } from '../request';

export const AttributeReviewQuerySchema = z.object({
  quarter: z
    .string({ error: 'quarter is required, as YYYYQn (e.g. 2026Q4)' })
    .regex(/^\d{4}Q[1-4]$/, 'quarter must look like 2026Q4'),
});

export const WithheldQuerySchema = z.object({ year: YearSchema });

/** The periodic reviews: REVIEW-3.4 (quarterly, attributes) and FIVE-4 (yearly self-check). */
export function reviewRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/attributes', async (c) => {
    const { quarter } = parseQuery(c, AttributeReviewQuerySchema);
    return c.json(await quarterlyAttributeReview(deps, c.get('identity'), quarter));
  });
  app.get('/withheld', async (c) => {
    const { year } = parseQuery(c, WithheldQuerySchema);
    return c.json(await withheldSelfCheck(deps, c.get('identity'), year));
  });
  return app;
}
