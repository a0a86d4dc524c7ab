import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { DEADLINES, defaultCalendar } from '../../shared/calendar';
import { contentTypeOfExtension } from '../../shared/model/document';
import { DomainError } from '../../shared/model/errors';
import { type AuditDeps, verifyAudit } from '../../shared/pipeline/audit';
import { scanDocument } from '../../shared/review';
import { parseRoutingCase, route } from '../../shared/routing';
import { buildAuditDeps } from '../adapters/audit';
import { BATCH_USAGE, type BatchEnvironment, runBatch } from './batch';
import { CALENDAR_USAGE, type CalendarEnvironment, runCalendar } from './calendar';
import { CATALOG_USAGE, runCatalog } from './catalog';
import { DIRECTORY_USAGE, type DirectoryEnvironment, runDirectory } from './directory';
import { OPS_USAGE, type OpsEnvironment, runOps } from './ops';

const USAGE = `usage:
  gongkai scan FILE                                 confidentiality scan (FIVE-4)
  gongkai route CASE.json                           publisher routing (COORD-1..4)
  gongkai deadline YYYY-MM-DD [--working-days N]    working-day deadline (default 20, art. 26)
  gongkai audit verify [--document ID]              recompute the audit chains; exit 1 on a mismatch
      local data (default): [--data-dir DIR] [--dynamo-endpoint URL]
      a deployment: --table NAME --digest-bucket NAME (or GONGKAI_TABLE, GONGKAI_DIGEST_BUCKET)
${DIRECTORY_USAGE}
${BATCH_USAGE}
${CALENDAR_USAGE}
${CATALOG_USAGE}
${OPS_USAGE}`;

/** Bad input: exit 2 with a message on stderr. */
class UsageError extends Error {}

/** A command's output with an exit code other than 0 (audit verify: 1 when something does not match). */
class Outcome {
  constructor(
    readonly value: unknown,
    readonly exitCode: number,
  ) {}
}

/** What `audit verify` reads, and how to let go of it. */
export interface AuditTarget {
  readonly deps: AuditDeps;
  close(): Promise<void>;
}

/** Where the local runtime's data is (infra/local/audit-cli.ts reaches it). */
export interface LocalAuditOptions {
  readonly dataDir?: string;
  readonly dynamoEndpoint?: string;
}

export interface CliEnvironment extends DirectoryEnvironment, OpsEnvironment, CalendarEnvironment, BatchEnvironment {
  /** Reaches the local runtime's data: passed in by the bin, which may load the local tooling. */
  readonly connectLocal?: (options: LocalAuditOptions) => Promise<AuditTarget>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const AUDIT_OPTIONS = ['document', 'table', 'digest-bucket', 'data-dir', 'dynamo-endpoint'] as const;

/** A deployment's table and digest bucket, with the AWS credentials and region of the environment. */
async function deploymentTarget(tableName: string, bucket: string): Promise<AuditTarget> {
  const [{ DynamoDBClient }, { S3Client }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-s3'),
  ]);
  const dynamo = new DynamoDBClient({});
  const s3 = new S3Client({});
  return {
    deps: buildAuditDeps({ tableName, dynamo, digests: { s3, bucket } }),
    async close() {
      dynamo.destroy();
      s3.destroy();
    },
  };
}

async function audit(
  subcommand: string | undefined,
  values: Partial<Record<(typeof AUDIT_OPTIONS)[number], string>>,
  environment: CliEnvironment,
): Promise<Outcome> {
  if (subcommand !== 'verify')
    throw new UsageError(subcommand ? `unknown audit command "${subcommand}"` : 'audit what? (verify)');
  const env = environment.env ?? process.env;
  const table = values.table ?? env.GONGKAI_TABLE;
  const bucket = values['digest-bucket'] ?? env.GONGKAI_DIGEST_BUCKET;
  if (values.document !== undefined && values.document.trim() === '') throw new UsageError('--document needs an id');
  let target: AuditTarget;
  if (table || bucket) {
    if (!table || !bucket) throw new UsageError('a deployment needs both --table and --digest-bucket');
    if (values['data-dir'] || values['dynamo-endpoint']) {
      throw new UsageError('--data-dir and --dynamo-endpoint are for local data, not a deployment');
    }
    target = await deploymentTarget(table, bucket);
  } else {
    if (!environment.connectLocal) throw new UsageError('local data can only be read through the gongkai bin');
    target = await environment.connectLocal({
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      ...(values['dynamo-endpoint'] ? { dynamoEndpoint: values['dynamo-endpoint'] } : {}),
    });
  }
  try {
    const report = await verifyAudit(target.deps, values.document ? { documentId: values.document } : {});
    return new Outcome(report, report.mismatches.length > 0 ? 1 : 0);
  } finally {
    await target.close();
  }
}

async function read(path: string | undefined, what: string): Promise<Buffer> {
  if (!path) throw new UsageError(`missing ${what}`);
  try {
    return await readFile(path);
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function run(argv: string[], environment: CliEnvironment): Promise<unknown> {
  if (argv[0] === 'directory' && !argv.includes('--help') && !argv.includes('-h')) {
    const { value, exitCode } = await runDirectory(argv.slice(1), environment);
    return new Outcome(value, exitCode);
  }
  if (argv[0] === 'calendar' && !argv.includes('--help') && !argv.includes('-h')) {
    return runCalendar(argv.slice(1), environment);
  }
  if (argv[0] === 'catalog' && !argv.includes('--help') && !argv.includes('-h')) {
    return runCatalog(argv.slice(1), environment.env ?? process.env);
  }
  if (argv[0] === 'batch' && !argv.includes('--help') && !argv.includes('-h')) {
    const { value, exitCode } = await runBatch(argv.slice(1), environment);
    return new Outcome(value, exitCode);
  }
  if (argv[0] === 'ops' && !argv.includes('--help') && !argv.includes('-h')) {
    const { value, exitCode } = await runOps(argv.slice(1), environment);
    return new Outcome(value, exitCode);
  }
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'working-days': { type: 'string' },
      document: { type: 'string' },
      table: { type: 'string' },
      'digest-bucket': { type: 'string' },
      'data-dir': { type: 'string' },
      'dynamo-endpoint': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg, ...extra] = positionals;
  if (values.help || !command) throw new UsageError('');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const misplaced =
    command === 'audit'
      ? values['working-days'] !== undefined && ['working-days']
      : AUDIT_OPTIONS.filter((name) => values[name] !== undefined);
  if (misplaced && misplaced.length > 0) {
    throw new UsageError(`${misplaced.map((name) => `--${name}`).join(', ')} is not an option of ${command}`);
  }
  switch (command) {
    case 'audit':
      return audit(arg, values, environment);
    case 'scan': {
      const bytes = await read(arg, 'FILE');
      const contentType = contentTypeOfExtension(arg ?? '');
      const result = await scanDocument(new Uint8Array(bytes), {
        filename: arg,
        ...(contentType ? { contentType } : {}),
      });
      return {
        decision: result.decision,
        findings: result.findings.map(({ kind, text, start, end, rule, location }) => ({
          kind,
          text,
          start,
          end,
          rule,
          ...(location !== undefined ? { location } : {}),
        })),
      };
    }
    case 'route': {
      const text = (await read(arg, 'CASE.json')).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new UsageError(`${arg} is not JSON: ${(err as Error).message}`);
      }
      const { publisher, approvals, rules } = route(parseRoutingCase(json));
      return { publisher, approvals, rules };
    }
    case 'deadline': {
      if (!arg) throw new UsageError('missing YYYY-MM-DD');
      const raw = values['working-days'];
      const n = raw === undefined ? DEADLINES.publication : Number(raw);
      if (!Number.isInteger(n) || n < 0 || (String(n) !== raw?.trim() && raw !== undefined)) {
        throw new UsageError(`--working-days must be a whole number ≥ 0, got "${raw}"`);
      }
      const { due, provisional } = defaultCalendar.addWorkingDays(arg, n);
      return { due, provisional };
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/**
 * Runs one command: one JSON object on stdout, exit 0 (audit verify: 1 when it found mismatches);
 * bad input → message on stderr, exit 2.
 */
export async function main(argv: string[], environment: CliEnvironment = {}): Promise<number> {
  try {
    const result = await run(argv, environment);
    const [value, exitCode] = result instanceof Outcome ? [result.value, result.exitCode] : [result, 0];
    process.stdout.write(`${JSON.stringify(value)}\n`);
    return exitCode;
  } catch (err) {
    if (err instanceof UsageError || err instanceof DomainError || err instanceof ZodError || isArgError(err)) {
      const message =
        err instanceof ZodError
          ? err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')
          : err.message;
      process.stderr.write(`${message ? `gongkai: ${message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`gongkai: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  }
}

function isArgError(err: unknown): err is Error {
  return err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
}
