import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { type Administrator, operator } from '../../shared/directory/access';
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
} from '../../shared/directory/admin';
import type { DirectoryDeps } from '../../shared/directory/context';
import { decodeCsv } from '../../shared/directory/csv';
import { directoryCsv } from '../../shared/directory/export';
import { importDirectory } from '../../shared/directory/import';
import { revertImport } from '../../shared/directory/import-rollback';
import { ImportRejectedError } from '../../shared/directory/import-rows';
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
} from '../../shared/directory/schemas';
import { readSnapshot } from '../../shared/directory/snapshot';
import { ValidationError } from '../../shared/model/errors';
import { entityId } from '../../shared/model/text';

export const DIRECTORY_USAGE = `  gongkai directory import FILE.csv [--dry-run]      bulk import: every row checked, all or nothing
  gongkai directory export [--out FILE.csv]          the directory in the import's format
  gongkai directory rollback IMPORT_ID               undo an import a failure left half-written
  gongkai directory agencies|departments|users|imports [--agency ID]
  gongkai directory log [--agency ID] [--limit N]    the change log, newest first
  gongkai directory agency create ID --name N --code 0201 [--head U] [--competent-for statistics;…] [--disclosure-office]
  gongkai directory agency update ID [--name N] [--code C] [--head U | --no-head] [--competent-for …] [--disclosure-office]
  gongkai directory agency abolish ID --abolished-by AGENCY [--successor AGENCY]     (COORD-3)
  gongkai directory department create AGENCY ID --name N --leader U [--effective-from YYYY-MM-DD]
  gongkai directory department rename AGENCY ID --name N
  gongkai directory department assign AGENCY ID --leader U --effective-from YYYY-MM-DD   (EXPAND-2)
  gongkai directory user create ID --name N --roles uploader;leader --agency A [--department D] [--email E] [--subject S]
  gongkai directory user update ID [--name N] [--roles …] [--agency A] [--department D | --no-department] [--email E | --no-email]
  gongkai directory user disable ID [--reason TEXT] | enable ID | link ID --subject S | unlink ID
      every change is logged as cli:<--actor, default the OS user>
      local data (default): [--data-dir DIR] [--dynamo-endpoint URL]; a deployment: --table NAME (or GONGKAI_TABLE)`;

/** What `gongkai directory` writes to, and how to let go of it. */
export interface DirectoryTarget {
  readonly deps: DirectoryDeps;
  close(): Promise<void>;
}

export interface DirectoryEnvironment {
  /** Reaches the local runtime's table: passed in by the bin, which may load the local tooling. */
  readonly connectLocalDirectory?: (options: { dataDir?: string; dynamoEndpoint?: string }) => Promise<DirectoryTarget>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A result with its exit code: 0, or 1 for an import file with errors (listed on stdout). */
export interface DirectoryOutcome {
  readonly value: unknown;
  readonly exitCode: number;
}

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  out: { type: 'string' },
  agency: { type: 'string' },
  limit: { type: 'string' },
  name: { type: 'string' },
  code: { type: 'string' },
  head: { type: 'string' },
  'no-head': { type: 'boolean' },
  'competent-for': { type: 'string' },
  'disclosure-office': { type: 'boolean' },
  'abolished-by': { type: 'string' },
  successor: { type: 'string' },
  leader: { type: 'string' },
  'effective-from': { type: 'string' },
  roles: { type: 'string' },
  department: { type: 'string' },
  'no-department': { type: 'boolean' },
  email: { type: 'string' },
  'no-email': { type: 'boolean' },
  subject: { type: 'string' },
  reason: { type: 'string' },
  actor: { type: 'string' },
  table: { type: 'string' },
  'data-dir': { type: 'string' },
  'dynamo-endpoint': { type: 'string' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** A list in one option: `a;b` or `a,b`. */
const list = (value: string | undefined) =>
  value
    ?.split(/[;,；、]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The input checked by the API's own schema, so the command line and the API refuse alike. */
function input<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(defined);
  if (parsed.success) return parsed.data;
  const flag = (path: PropertyKey[]) =>
    `--${String(path[0] ?? 'input').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new ValidationError(parsed.error.issues.map((i) => `${flag(i.path)}: ${i.message}`).join('; '));
}

function ids(args: readonly string[], names: readonly string[]): string[] {
  if (args.length !== names.length) {
    throw new ValidationError(`expected ${names.join(' ')}, got ${args.length ? args.join(' ') : 'nothing'}`);
  }
  return args.map((arg, i) => {
    const parsed = entityId(names[i] ?? 'id').safeParse(arg);
    if (!parsed.success) throw new ValidationError(`${names[i]}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  });
}

function exclusive(values: Values, a: keyof Values, b: keyof Values): void {
  if (values[a] !== undefined && values[b] !== undefined) throw new ValidationError(`--${a} or --${b}, not both`);
}

/** Which of a field's two options was given: a value, null (removed), or undefined (unchanged). */
const either = (value: string | undefined, remove: boolean | undefined) => (remove ? null : value);

async function change(deps: DirectoryDeps, admin: Administrator, what: string, args: string[], v: Values) {
  const [verb, ...rest] = args;
  switch (`${what} ${verb}`) {
    case 'agency create': {
      const [id] = ids(rest, ['ID']);
      const body = {
        id,
        name: v.name,
        code: v.code,
        head: v.head,
        competentFor: list(v['competent-for']),
        disclosureOffice: v['disclosure-office'] || undefined,
      };
      return createAgency(deps, admin, input(AgencyInputSchema, body));
    }
    case 'agency update': {
      const [id = ''] = ids(rest, ['ID']);
      exclusive(v, 'head', 'no-head');
      const patch = input(AgencyPatchSchema, {
        name: v.name,
        code: v.code,
        head: either(v.head, v['no-head']),
        competentFor: list(v['competent-for']),
        disclosureOffice: v['disclosure-office'] || undefined,
      });
      return updateAgency(deps, admin, id, patch);
    }
    case 'agency abolish': {
      const [id = ''] = ids(rest, ['ID']);
      const abolition = input(AbolitionSchema, { abolishedBy: v['abolished-by'], successorId: v.successor });
      return abolishAgency(deps, admin, id, abolition);
    }
    case 'department create': {
      const [agency = '', id] = ids(rest, ['AGENCY', 'ID']);
      const body = { id, name: v.name, leader: v.leader, effectiveFrom: v['effective-from'] };
      return createDepartment(deps, admin, agency, input(DepartmentInputSchema, body));
    }
    case 'department rename': {
      const [agency = '', id = ''] = ids(rest, ['AGENCY', 'ID']);
      return renameDepartment(deps, admin, agency, id, input(DepartmentPatchSchema, { name: v.name }).name);
    }
    case 'department assign': {
      const [agency = '', id = ''] = ids(rest, ['AGENCY', 'ID']);
      const body = input(LeaderAssignmentSchema, { leader: v.leader, effectiveFrom: v['effective-from'] });
      return assignLeader(deps, admin, agency, id, body);
    }
    case 'user create': {
      const [user] = ids(rest, ['ID']);
      const body = {
        user,
        name: v.name,
        roles: list(v.roles),
        agency: v.agency,
        department: v.department,
        email: v.email,
        subject: v.subject,
      };
      return createUser(deps, admin, input(UserInputSchema, body));
    }
    case 'user update': {
      const [user = ''] = ids(rest, ['ID']);
      exclusive(v, 'department', 'no-department');
      exclusive(v, 'email', 'no-email');
      const patch = input(UserPatchSchema, {
        name: v.name,
        roles: list(v.roles),
        agency: v.agency,
        department: either(v.department, v['no-department']),
        email: either(v.email, v['no-email']),
      });
      return updateUser(deps, admin, user, patch);
    }
    case 'user disable': {
      const [user = ''] = ids(rest, ['ID']);
      const { reason } = input(DisableSchema, { reason: v.reason });
      return disableUser(deps, admin, user, reason || undefined);
    }
    case 'user enable':
      return enableUser(deps, admin, ids(rest, ['ID'])[0] ?? '');
    case 'user link': {
      const [user = ''] = ids(rest, ['ID']);
      return linkSubject(deps, admin, user, input(SubjectLinkSchema, { subject: v.subject }).subject);
    }
    case 'user unlink':
      return linkSubject(deps, admin, ids(rest, ['ID'])[0] ?? '', null);
    default:
      throw new ValidationError(
        verb ? `unknown command "directory ${what} ${verb}"` : `directory ${what} what? (see the usage below)`,
      );
  }
}

async function importFile(deps: DirectoryDeps, admin: Administrator, args: string[], dryRun: boolean) {
  const [path] = args;
  if (!path || args.length > 1) throw new ValidationError('directory import takes one FILE.csv');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ValidationError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const report = await importDirectory(deps, admin, decodeCsv(bytes), { dryRun });
    return { value: { ok: true, ...report, errors: [] }, exitCode: 0 };
  } catch (err) {
    if (!(err instanceof ImportRejectedError)) throw err;
    for (const e of err.errors) process.stderr.write(`${path}:${e.line ?? '-'}: ${e.message}\n`);
    process.stderr.write(`gongkai: ${err.errors.length} errors, nothing imported\n`);
    return { value: { ok: false, dryRun, warnings: [], errors: err.errors }, exitCode: 1 };
  }
}

async function run(deps: DirectoryDeps, admin: Administrator, args: string[], v: Values): Promise<DirectoryOutcome> {
  const [command, ...rest] = args;
  const agency = v.agency;
  const only = <T extends { agency: string }>(items: T[]) => items.filter((x) => !agency || x.agency === agency);
  const done = (value: unknown) => ({ value, exitCode: 0 });
  const none = () => {
    if (rest.length > 0) throw new ValidationError(`unexpected arguments: ${rest.join(' ')}`);
  };
  switch (command) {
    case 'import':
      return importFile(deps, admin, rest, v['dry-run'] ?? false);
    case 'export': {
      none();
      const csv = directoryCsv(await readSnapshot(deps.directory));
      if (!v.out) return done({ csv });
      await writeFile(v.out, csv);
      return done({ file: v.out, rows: csv.trim().split(/\r\n/).length - 1 });
    }
    case 'rollback':
      return done(await revertImport(deps, admin, ids(rest, ['IMPORT_ID'])[0] ?? ''));
    case 'agencies':
      none();
      return done(await deps.directory.listAgencies());
    case 'departments':
      none();
      return done(only(await deps.directory.listDepartments()));
    case 'users':
      none();
      return done(only(await deps.directory.listUsers()));
    case 'imports':
      none();
      return done(await deps.directory.listImports());
    case 'log': {
      none();
      const limit = v.limit === undefined ? 50 : Number(v.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new ValidationError(`--limit must be a whole number from 1 to 1000, got "${v.limit}"`);
      }
      return done(await deps.directory.changeLog({ limit, ...(agency ? { agency } : {}) }));
    }
    case 'agency':
    case 'department':
    case 'user':
      return done(await change(deps, admin, command, rest, v));
    default:
      throw new ValidationError(command ? `unknown command "directory ${command}"` : 'directory what?');
  }
}

/** A deployment's table, with the AWS credentials and region of the environment. */
async function deploymentTarget(tableName: string): Promise<DirectoryTarget> {
  const [{ DynamoDBClient }, { buildDirectoryDeps }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../adapters/directory'),
  ]);
  const dynamo = new DynamoDBClient({});
  return { deps: buildDirectoryDeps({ tableName, dynamo }), close: async () => dynamo.destroy() };
}

/**
 * `gongkai directory …`: the directory administered from the command line, through the same use
 * cases, checks and change log as the API, with the district administrator's authority (whoever
 * can write the table can do it all anyway); the log names the operator as `cli:<actor>`.
 */
export async function runDirectory(argv: string[], environment: DirectoryEnvironment): Promise<DirectoryOutcome> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS, strict: true });
  const v = values as Values;
  const env = environment.env ?? process.env;
  const actor = (v.actor ?? env.GONGKAI_ACTOR ?? userInfo().username).trim();
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(actor)) throw new ValidationError(`--actor "${actor}" is not a plain name`);
  const table = v.table ?? env.GONGKAI_TABLE;
  let target: DirectoryTarget;
  if (table) {
    if (v['data-dir'] || v['dynamo-endpoint']) {
      throw new ValidationError('--data-dir and --dynamo-endpoint are for local data, not a deployment');
    }
    target = await deploymentTarget(table);
  } else {
    if (!environment.connectLocalDirectory) {
      throw new ValidationError('local data can only be reached through the gongkai bin');
    }
    target = await environment.connectLocalDirectory({
      ...(v['data-dir'] ? { dataDir: v['data-dir'] } : {}),
      ...(v['dynamo-endpoint'] ? { dynamoEndpoint: v['dynamo-endpoint'] } : {}),
    });
  }
  try {
    return await run(target.deps, operator(`cli:${actor}`), positionals, v);
  } finally {
    await target.close();
  }
}
