import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { beijingYear } from '../../../shared/calendar/beijing';
import type { CatalogEntry } from '../../../shared/model/catalog';
import { CATALOG_PAGE_LIMIT, catalogPage } from '../../../shared/pipeline/catalog';
import { lookUpCatalogEntry } from '../../../shared/pipeline/catalog-queries';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { pageParameters, parseQuery, pathId } from '../request';
import type { VisitorOf } from '../visitor';

export const CatalogQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  agency: z.string().min(1).optional(),
  category: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  q: z.string().max(200).optional(),
  ...pageParameters(CATALOG_PAGE_LIMIT),
});

/** What anyone may read without signing in (READ-4, READ-6). */
export function publicRoutes(deps: PipelineDeps, visitorOf: VisitorOf) {
  const app = new Hono();

  /** A catalogue entry as the public reads it: links to the copy and the interpretation. */
  const toPublic = ({ interpretation, ...e }: CatalogEntry) => ({
    ...e,
    // A withdrawn document stays listed, with its reason, but is no longer handed out.
    ...(e.status === 'WITHDRAWN' ? {} : { url: deps.files.publicUrl(e.publicKey) }),
    ...(interpretation
      ? {
          interpretationUrl: deps.files.publicUrl(interpretation.publicKey),
          interpretationIndexNumber: interpretation.indexNumber,
        }
      : {}),
    // INTERP-3: an important policy without its interpretation shows the gap.
    ...(e.importantPolicy && !interpretation ? { interpretationMissing: true } : {}),
  });

  app.get('/health', (c) => c.json({ ok: true }));

  app.get('/catalog', async (c) => {
    const query = parseQuery(c, CatalogQuerySchema);
    const year = query.year ?? beijingYear(deps.clock.now());
    const page = await catalogPage(deps.publications, { ...query, year });
    return c.json({ ...page, entries: page.entries.map(toPublic) } satisfies z.input<typeof Api.CatalogSchema>);
  });

  // READ-5(6): looking an entry up counts one query of it per visitor and day (no personal data is kept).
  app.get('/catalog/entries/:documentId', async (c) => {
    const entry = await lookUpCatalogEntry(deps, pathId(c, 'documentId'), visitorOf(c));
    if (!entry) return c.json({ error: { code: 'not_found', message: 'no such catalogue entry' } }, 404);
    return c.json(toPublic(entry) satisfies z.input<typeof Api.PublicCatalogEntrySchema>);
  });

  app.get('/agencies', async (c) => {
    const [agencies, departments] = await Promise.all([
      deps.directory.listAgencies(),
      deps.directory.listDepartments(),
    ]);
    return c.json(
      agencies.map(({ id, name, code, status, successorId }) => ({
        id,
        name,
        code,
        status,
        ...(successorId ? { successorId } : {}),
        departments: departments
          .filter((d) => d.agency === id)
          .map(({ id: dept, name: deptName }) => ({ id: dept, name: deptName })),
      })) satisfies z.input<typeof Api.AgencyListSchema>,
    );
  });

  return app;
}
