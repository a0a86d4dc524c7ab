import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ValidationError } from '../../shared/model/errors';
import { type CalendarImportDeps, importCalendarYear } from '../../shared/pipeline/calendar-import';

export const CALENDAR_USAGE = `  gongkai calendar import YEAR.json [--dry-run]    store a year's holidays and 调休 working days; recompute in-flight deadlines
  gongkai calendar list                             the years imported
      the import is audited as cli:<--actor, default the OS user>
      local data (default): [--data-dir DIR] [--dynamo-endpoint URL]; a deployment: --table NAME (or GONGKAI_TABLE)`;

/** What `gongkai calendar` works on, and how to let go of it. */
export interface CalendarTarget {
  readonly deps: CalendarImportDeps;
  close(): Promise<void>;
}

export interface CalendarEnvironment {
  /** Reaches the local runtime's table: passed in by the bin, which may load the local tooling. */
  readonly connectLocalCalendar?: (options: { dataDir?: string; dynamoEndpoint?: string }) => Promise<CalendarTarget>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  actor: { type: 'string' },
  table: { type: 'string' },
  'data-dir': { type: 'string' },
  'dynamo-endpoint': { type: 'string' },
} as const;

/** A deployment's table, with the AWS credentials and region of the environment. */
async function deploymentTarget(tableName: string): Promise<CalendarTarget> {
  const [{ DynamoDBClient }, { buildCalendarDeps }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../deps'),
  ]);
  const dynamo = new DynamoDBClient({});
  return { deps: buildCalendarDeps({ tableName, dynamo }), close: async () => dynamo.destroy() };
}

/** The arrangement file as JSON; a file that is missing or not JSON is bad input. */
async function arrangementFile(path: string | undefined): Promise<unknown> {
  if (!path) throw new ValidationError('calendar import needs the arrangement file, e.g. 2027.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ValidationError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ValidationError(`${path} is not JSON: ${(err as Error).message}`);
  }
}

/**
 * `gongkai calendar …`: the yearly holiday import from the command line — the same use case as
 * the Admin page (shared/pipeline/calendar-import.ts), with the administrator's authority (whoever
 * can write the table can anyway); the audit events name the operator as `cli:<actor>`.
 */
export async function runCalendar(argv: string[], environment: CalendarEnvironment): Promise<unknown> {
  const { positionals, values: v } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS, strict: true });
  const [command, file, ...extra] = positionals;
  if (command !== 'import' && command !== 'list') {
    throw new ValidationError(command ? `unknown command "calendar ${command}"` : 'calendar what? (import, list)');
  }
  if (extra.length > 0 || (command === 'list' && file !== undefined)) {
    throw new ValidationError(`unexpected arguments: ${[...(command === 'list' ? [file] : []), ...extra].join(' ')}`);
  }
  const env = environment.env ?? process.env;
  const actor = (v.actor ?? env.GONGKAI_ACTOR ?? userInfo().username).trim();
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(actor)) throw new ValidationError(`--actor "${actor}" is not a plain name`);
  // Read before connecting: a bad file starts nothing.
  const arrangement = command === 'import' ? await arrangementFile(file) : undefined;
  const table = v.table ?? env.GONGKAI_TABLE;
  let target: CalendarTarget;
  if (table) {
    if (v['data-dir'] || v['dynamo-endpoint']) {
      throw new ValidationError('--data-dir and --dynamo-endpoint are for local data, not a deployment');
    }
    target = await deploymentTarget(table);
  } else {
    if (!environment.connectLocalCalendar)
      throw new ValidationError('local data can only be reached through the gongkai bin');
    target = await environment.connectLocalCalendar({
      ...(v['data-dir'] ? { dataDir: v['data-dir'] } : {}),
      ...(v['dynamo-endpoint'] ? { dynamoEndpoint: v['dynamo-endpoint'] } : {}),
    });
  }
  try {
    if (command === 'list') return await target.deps.calendars.listYears();
    return await importCalendarYear(target.deps, `cli:${actor}`, arrangement, { dryRun: v['dry-run'] ?? false });
  } finally {
    await target.close();
  }
}
