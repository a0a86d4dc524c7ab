import { Hono } from 'hono';
import type { z } from 'zod';
import type * as Api from '../../../shared/api/responses';
import { beijingDate } from '../../../shared/calendar/beijing';
import { seesEveryAgency } from '../../../shared/model/identity';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { pipelinePage } from '../../../shared/pipeline/lists';
import type { StaffEnv } from '../env';
import { PageQuerySchema, parseQuery } from '../request';

/** Documents in flight, a page at a time, with the working days left before their publication deadline. */
export function pipelineRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/', async (c) => {
    const request = parseQuery(c, PageQuerySchema);
    const caller = c.get('identity');
    // Working days left count the holidays ops imported last.
    const [agencies] = await Promise.all([deps.directory.listAgencies(), deps.calendar.refresh?.()]);
    const scope = seesEveryAgency(caller) ? { district: agencies.map((a) => a.id) } : { agency: caller.agency };
    const page = await pipelinePage(deps.documents, scope, request);
    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const today = beijingDate(deps.clock.now());
    return c.json({
      ...page,
      entries: page.entries.map((d) => ({
        id: d.id,
        title: d.title,
        agency: d.agency,
        agencyName: names.get(d.agency) ?? d.agency,
        status: d.status,
        formedAt: d.formedAt,
        dueAt: d.dueAt,
        provisional: d.dueProvisional ?? false,
        workingDaysLeft: d.dueAt ? deps.calendar.workingDaysBetween(today, d.dueAt) : null,
      })),
    } satisfies z.input<typeof Api.PipelineSchema>);
  });
  return app;
}
