import { Hono } from 'hono';
import * as z from 'zod';
import type * as Api from '../../../shared/api/responses';
import { administratorOf, seesAgency } from '../../../shared/directory/access';
import {
  abolishAgency,
  assignLeader,
  createAgency,
  createDepartment,
  createUser,
  disableUser,
  enableUser,
  linkSubject,
  renameDepartment,
  updateAgency,
  updateUser,
} from '../../../shared/directory/admin';
import { directoryCsv } from '../../../shared/directory/export';
import { importDirectory } from '../../../shared/directory/import';
import { ImportRejectedError } from '../../../shared/directory/import-rows';
import {
  AbolitionSchema,
  AgencyInputSchema,
  AgencyPatchSchema,
  DepartmentInputSchema,
  DepartmentPatchSchema,
  DisableSchema,
  LeaderAssignmentSchema,
  SubjectLinkSchema,
  UserInputSchema,
  UserPatchSchema,
} from '../../../shared/directory/schemas';
import { readSnapshot, type Snapshot } from '../../../shared/directory/snapshot';
import type { ChangeResult } from '../../../shared/directory/write';
import { NotFoundError } from '../../../shared/model/errors';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import type { StaffEnv } from '../env';
import { parseBody, parseQuery, pathId } from '../request';

/** The largest import file: ~1,400 rows of a district are ~150 KB. */
export const MAX_IMPORT_CHARACTERS = 2_000_000;

export const ImportRequestSchema = z.strictObject({
  /** The file's text (the dashboard decodes UTF-8 or GB18030). */
  csv: z
    .string({ error: 'csv must be the text of the file' })
    .min(1, 'csv is required')
    .max(MAX_IMPORT_CHARACTERS, `csv is at most ${MAX_IMPORT_CHARACTERS} characters`),
  /** Check and plan only: nothing is written. */
  dryRun: z.boolean().optional(),
});

const agencyFilter = z.string().max(200).optional();
export const ListQuerySchema = z.object({ agency: agencyFilter });
export const LogQuerySchema = z.object({
  agency: agencyFilter,
  before: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const changed = (result: ChangeResult) => result satisfies z.input<typeof Api.DirectoryChangeSchema>;

/** Only what an agency administrator may see: their own agency's (everything for admin). */
function visible<T extends { agency: string }>(items: Iterable<T>, sees: (agency: string) => boolean, agency?: string) {
  return [...items].filter((x) => sees(x.agency) && (!agency || x.agency === agency));
}

/** An agency administrator's export: their agency, its departments and people. */
function scoped(s: Snapshot, sees: (agency: string) => boolean): Snapshot {
  return {
    agencies: new Map([...s.agencies].filter(([id]) => sees(id))),
    departments: new Map([...s.departments].filter(([, d]) => sees(d.agency))),
    users: new Map([...s.users].filter(([, u]) => sees(u.agency))),
    claims: s.claims,
  };
}

/**
 * The directory, administered (admin: everything; agency-admin: its own agency's departments,
 * leader assignments and users). Every route asks who is calling before it reads or writes.
 */
export function directoryRoutes(deps: PipelineDeps) {
  const app = new Hono<StaffEnv>();
  const admin = (c: { get(key: 'identity'): StaffEnv['Variables']['identity'] }) => administratorOf(c.get('identity'));

  app.get('/agencies', async (c) => {
    administratorOf(c.get('identity'));
    return c.json((await deps.directory.listAgencies()) satisfies z.input<typeof Api.AdminAgencyListSchema>);
  });

  app.post('/agencies', async (c) => {
    const who = admin(c);
    const input = await parseBody(c, AgencyInputSchema);
    return c.json(changed(await createAgency(deps, who, input)), 201);
  });

  app.put('/agencies/:id', async (c) => {
    const who = admin(c);
    const id = pathId(c, 'id');
    const patch = await parseBody(c, AgencyPatchSchema);
    return c.json(changed(await updateAgency(deps, who, id, patch)));
  });

  app.post('/agencies/:id/abolish', async (c) => {
    const who = admin(c);
    const id = pathId(c, 'id');
    const abolition = await parseBody(c, AbolitionSchema);
    return c.json(changed(await abolishAgency(deps, who, id, abolition)));
  });

  app.post('/agencies/:agency/departments', async (c) => {
    const who = admin(c);
    const agency = pathId(c, 'agency');
    const input = await parseBody(c, DepartmentInputSchema);
    return c.json(changed(await createDepartment(deps, who, agency, input)), 201);
  });

  app.put('/agencies/:agency/departments/:id', async (c) => {
    const who = admin(c);
    const [agency, id] = [pathId(c, 'agency'), pathId(c, 'id')];
    const { name } = await parseBody(c, DepartmentPatchSchema);
    return c.json(changed(await renameDepartment(deps, who, agency, id, name)));
  });

  // EXPAND-2: a new leader in charge; the department's open sign-offs move with the assignment.
  app.post('/agencies/:agency/departments/:id/leader', async (c) => {
    const who = admin(c);
    const [agency, id] = [pathId(c, 'agency'), pathId(c, 'id')];
    const input = await parseBody(c, LeaderAssignmentSchema);
    return c.json(changed(await assignLeader(deps, who, agency, id, input)));
  });

  app.get('/departments', async (c) => {
    const who = admin(c);
    const { agency } = parseQuery(c, ListQuerySchema);
    const departments = visible(await deps.directory.listDepartments(), (a) => seesAgency(who, a), agency);
    return c.json(departments satisfies z.input<typeof Api.AdminDepartmentListSchema>);
  });

  app.get('/users', async (c) => {
    const who = admin(c);
    const { agency } = parseQuery(c, ListQuerySchema);
    const users = visible(await deps.directory.listUsers(), (a) => seesAgency(who, a), agency);
    return c.json(users satisfies z.input<typeof Api.AdminUserListSchema>);
  });

  app.post('/users', async (c) => {
    const who = admin(c);
    const input = await parseBody(c, UserInputSchema);
    return c.json(changed(await createUser(deps, who, input)), 201);
  });

  /** A user another agency's administrator may not see is not found, like one that does not exist. */
  const userFor = async (who: ReturnType<typeof administratorOf>, id: string) => {
    const user = await deps.directory.getUser(id);
    if (!user || !seesAgency(who, user.agency)) throw new NotFoundError(`no user ${id}`);
    return user;
  };

  app.put('/users/:id', async (c) => {
    const who = admin(c);
    const id = pathId(c, 'id');
    const patch = await parseBody(c, UserPatchSchema);
    await userFor(who, id);
    return c.json(changed(await updateUser(deps, who, id, patch)));
  });

  app.post('/users/:id/disable', async (c) => {
    const who = admin(c);
    const id = pathId(c, 'id');
    const { reason } = await parseBody(c, DisableSchema);
    await userFor(who, id);
    return c.json(changed(await disableUser(deps, who, id, reason || undefined)));
  });

  app.post('/users/:id/enable', async (c) => {
    const who = admin(c);
    const id = pathId(c, 'id');
    await userFor(who, id);
    return c.json(changed(await enableUser(deps, who, id)));
  });

  app.post('/users/:id/subject', async (c) => {
    const who = admin(c);
    const id = pathId(c, 'id');
    const { subject } = await parseBody(c, SubjectLinkSchema);
    await userFor(who, id);
    return c.json(changed(await linkSubject(deps, who, id, subject)));
  });

  app.post('/import', async (c) => {
    const who = admin(c);
    const { csv, dryRun = false } = await parseBody(c, ImportRequestSchema);
    try {
      const report = await importDirectory(deps, who, csv, { dryRun });
      return c.json({ ok: true, ...report, errors: [] } satisfies z.input<typeof Api.ImportResponseSchema>);
    } catch (err) {
      if (!(err instanceof ImportRejectedError)) throw err;
      if (dryRun) {
        return c.json({ ok: false, dryRun, warnings: [], errors: err.errors } satisfies z.input<
          typeof Api.ImportResponseSchema
        >);
      }
      return c.json(
        { error: { code: err.code, message: err.message }, errors: err.errors } satisfies z.input<
          typeof Api.ImportRejectionSchema
        >,
        400,
      );
    }
  });

  app.get('/imports', async (c) => {
    const who = admin(c);
    // An agency administrator sees their own imports.
    const imports = (await deps.directory.listImports()).filter((i) => who.kind === 'admin' || i.actor === who.actor);
    return c.json(imports satisfies z.input<typeof Api.DirectoryImportListSchema>);
  });

  app.get('/export', async (c) => {
    const who = admin(c);
    const snapshot = scoped(await readSnapshot(deps.directory), (a) => seesAgency(who, a));
    return c.json({ csv: directoryCsv(snapshot) } satisfies z.input<typeof Api.DirectoryExportSchema>);
  });

  app.get('/log', async (c) => {
    const who = admin(c);
    const query = parseQuery(c, LogQuerySchema);
    // An agency administrator reads the entries that touch their agency, whatever they ask for.
    const agency = who.kind === 'admin' ? query.agency : who.agency;
    const page = await deps.directory.changeLog({
      limit: query.limit ?? 50,
      ...(query.before ? { before: query.before } : {}),
      ...(agency ? { agency } : {}),
    });
    return c.json(page satisfies z.input<typeof Api.DirectoryLogSchema>);
  });

  return app;
}
