import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { DEADLINES, defaultCalendar } from '../../shared/calendar';
import { DomainError } from '../../shared/model/errors';
import { scanDocument } from '../../shared/review';
import { parseRoutingCase, route } from '../../shared/routing';

const USAGE = `usage:
  gongkai scan FILE                                 confidentiality scan (FIVE-4)
  gongkai route CASE.json                           publisher routing (COORD-1..4)
  gongkai deadline YYYY-MM-DD [--working-days N]    working-day deadline (default 20, art. 26)`;

/** Bad input: exit 2 with a message on stderr. */
class UsageError extends Error {}

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

async function read(path: string | undefined, what: string): Promise<Buffer> {
  if (!path) throw new UsageError(`missing ${what}`);
  try {
    return await readFile(path);
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function run(argv: string[]): Promise<unknown> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'working-days': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, arg, ...extra] = positionals;
  if (values.help || !command) throw new UsageError('');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  switch (command) {
    case 'scan': {
      const bytes = await read(arg, 'FILE');
      const contentType = CONTENT_TYPES[extname(arg ?? '').toLowerCase()];
      const result = await scanDocument(new Uint8Array(bytes), {
        filename: arg,
        ...(contentType ? { contentType } : {}),
      });
      return {
        decision: result.decision,
        findings: result.findings.map(({ kind, text, start, end, rule }) => ({ kind, text, start, end, rule })),
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

/** Runs one command: one JSON object on stdout, exit 0; bad input → message on stderr, exit 2. */
export async function main(argv: string[]): Promise<number> {
  try {
    process.stdout.write(`${JSON.stringify(await run(argv))}\n`);
    return 0;
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
