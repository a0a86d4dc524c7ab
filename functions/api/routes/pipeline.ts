import { Hono } from 'hono';
import { isoDay, type PipelineDeps } from '../../../shared/pipeline/deps';
import type { StaffEnv } from '../env';

const SEES_EVERY_AGENCY = new Set(['reviewer', 'oversight', 'admin']);

/** Documents in flight, with the working days left before their publication deadline. */
export function pipelineRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/', async (c) => {
    const caller = c.get('identity');
    const everyAgency = caller.roles.some((r) => SEES_EVERY_AGENCY.has(r));
    const [docs, agencies] = await Promise.all([deps.documents.listInFlight(), deps.directory.listAgencies()]);
    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const today = isoDay(deps.clock.now());
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
        .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? '')),
    );
  });
  return app;
}
