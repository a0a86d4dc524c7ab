import { Hono } from 'hono';
import type { z } from 'zod';
import type * as Api from '../../../shared/api/responses';
import { beijingDate } from '../../../shared/calendar/beijing';
import { seesEveryAgency } from '../../../shared/model/identity';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import type { StaffEnv } from '../env';

/** Documents in flight, with the working days left before their publication deadline. */
export function pipelineRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/', async (c) => {
    const caller = c.get('identity');
    const everyAgency = seesEveryAgency(caller);
    // Working days left count the holidays ops imported last.
    const [docs, agencies] = await Promise.all([
      deps.documents.listInFlight(),
      deps.directory.listAgencies(),
      deps.calendar.refresh?.(),
    ]);
    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const today = beijingDate(deps.clock.now());
    return c.json(
      docs
        .filter((d) => d.status !== 'DRAFT' && (everyAgency || d.agency === caller.agency))
        .map((d) => ({
          id: d.id,
          title: d.title,
          agency: d.agency,
          agencyName: names.get(d.agency) ?? d.agency,
          status: d.status,
          formedAt: d.formedAt,
          dueAt: d.dueAt,
          provisional: d.dueProvisional ?? false,
          workingDaysLeft: d.dueAt ? deps.calendar.workingDaysBetween(today, d.dueAt) : null,
        }))
        .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? '')) satisfies z.input<typeof Api.PipelineSchema>,
    );
  });
  return app;
}
