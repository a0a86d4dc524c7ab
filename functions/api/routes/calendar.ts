import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { calendarImporter, importCalendarYear } from '../../../shared/pipeline/calendar-import';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import type { StaffEnv } from '../env';
import { parseBody } from '../request';

/** POST /api/calendar/years: a year's arrangement file as it is (checked by the use case), and whether to only check it. */
export const CalendarImportSchema = z.object({
  arrangement: z.record(z.string(), z.unknown()),
  dryRun: z.boolean().optional(),
});

/** The holiday calendar as data (admin): the years imported, and the yearly import that recomputes deadlines. */
export function calendarRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();

  app.get('/years', async (c) => {
    calendarImporter(c.get('identity'));
    return c.json((await deps.calendars.listYears()) satisfies z.input<typeof Api.StoredArrangementListSchema>);
  });

  app.post('/years', async (c) => {
    const actor = calendarImporter(c.get('identity'));
    const { arrangement, dryRun } = await parseBody(c, CalendarImportSchema);
    const result = await importCalendarYear(deps, actor, arrangement, { dryRun: dryRun ?? false });
    return c.json(result satisfies z.input<typeof Api.CalendarImportResultSchema>);
  });
  return app;
}
