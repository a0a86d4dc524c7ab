import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AgencyListSchema,
  BatchViewSchema,
  IdentitySchema,
  OpenedBatchSchema,
  type SentRows,
  SentRowsSchema,
} from '../../shared/api/responses';
import { beijingDate } from '../../shared/calendar/beijing';
import { MANIFEST_NAMES, REPORT_NAME } from '../../shared/model/batch';
import { ValidationError } from '../../shared/model/errors';
import { MAX_ROWS_PER_REQUEST } from '../../shared/pipeline/batch/api';
import { checkRows, preflight } from '../../shared/pipeline/batch/check';
import { cellsOf, layoutOf } from '../../shared/pipeline/batch/manifest';
import { ManifestReadError, readManifest } from '../../shared/pipeline/batch/read';

export const BATCH_USAGE = `  gongkai batch upload FOLDER --manifest manifest.xlsx|.csv [--dry-run] [--label TEXT]
      every row checked first; then registered and each file PUT to its own upload URL; prints progress
      (stderr) and the report (stdout); exit 1 when a row was refused or a file did not arrive
      the local runtime (default http://127.0.0.1:3000, --user zhang.wei) or a deployment
      (--url https://… --token ACCESS_TOKEN, or GONGKAI_URL and GONGKAI_TOKEN); [--wait SECONDS] for the flow (default 60)`;

export interface BatchEnvironment {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Progress lines. @default stderr */
  readonly progress?: (line: string) => void;
}

const OPTIONS = {
  manifest: { type: 'string' },
  'dry-run': { type: 'boolean' },
  label: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  user: { type: 'string' },
  wait: { type: 'string' },
} as const;

/** Uploads at once, and tries of each (a dropped connection, an expired link). */
const PARALLEL_UPLOADS = 4;
const UPLOAD_TRIES = 3;

class Client {
  constructor(
    private readonly base: string,
    private readonly http: typeof fetch,
    private token?: string,
  ) {}

  async login(user: string): Promise<void> {
    const body = await this.json('POST', '/api/dev/login', { user });
    this.token = (body as { token: string }).token;
  }

  async json(method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await this.http(`${this.base}${path}`, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new ValidationError(`cannot reach ${this.base}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const message = (parsed as { error?: { message?: string } } | undefined)?.error?.message ?? text;
      throw new ValidationError(`${method} ${path}: ${res.status} ${message}`);
    }
    return parsed;
  }

  /** A PUT to a presigned URL; undefined when it arrived, else why not. */
  put(url: string, bytes: Uint8Array, contentType: string): Promise<string | undefined> {
    return this.http(url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes }).then(
      (res) => (res.ok ? undefined : `HTTP ${res.status}`),
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
  }
}

/** The files of the folder (not its subfolders), besides the manifest and a report. */
async function folderFiles(folder: string): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    throw new ValidationError(
      `cannot read the folder ${folder}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  for (const name of names) {
    if (name === REPORT_NAME || (MANIFEST_NAMES as readonly string[]).includes(name)) continue;
    const info = await stat(join(folder, name));
    if (info.isFile()) files.set(name, info.size);
  }
  return files;
}

export async function runBatch(
  argv: string[],
  environment: BatchEnvironment = {},
): Promise<{ value: unknown; exitCode: number }> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS, strict: true });
  const [command, folderArg, ...extra] = positionals;
  if (command !== 'upload')
    throw new ValidationError(command ? `unknown batch command "${command}"` : 'batch what? (upload)');
  if (!folderArg || extra.length > 0) throw new ValidationError('batch upload takes one FOLDER');
  if (!values.manifest) throw new ValidationError('--manifest FILE is required (manifest.xlsx or manifest.csv)');
  const env = environment.env ?? process.env;
  const progress = environment.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const wait = Number(values.wait ?? 60);
  if (!Number.isFinite(wait) || wait < 0)
    throw new ValidationError(`--wait must be a number of seconds, not "${values.wait}"`);

  const folder = resolve(folderArg);
  const manifestPath = await firstReadable([resolve(values.manifest), join(folder, values.manifest)]);
  const files = await folderFiles(folder);
  const client = new Client(
    (values.url ?? env.GONGKAI_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, ''),
    environment.fetch ?? fetch,
    values.token ?? env.GONGKAI_TOKEN,
  );
  if (values.user) await client.login(values.user);
  const me = IdentitySchema.parse(await client.json('GET', '/api/me'));
  const agencies = AgencyListSchema.parse(await client.json('GET', '/api/agencies'));

  let table: ReturnType<typeof readManifest>;
  try {
    table = readManifest(new Uint8Array(await readFile(manifestPath)), manifestPath);
  } catch (err) {
    if (err instanceof ManifestReadError) throw new ValidationError(`${manifestPath}: ${err.message}`);
    throw err;
  }
  const layout = layoutOf(table.header);
  if (layout.problems.length > 0) {
    return {
      value: { dryRun: !!values['dry-run'], manifest: basename(manifestPath), invalid: layout.problems },
      exitCode: 1,
    };
  }
  const headers = Object.fromEntries(layout.columns.map((c) => [c.column, c.header]));
  const rows = table.rows.map(({ row, cells }) => ({ row, cells: cellsOf(layout, cells) }));
  const context = {
    agency: me.agency,
    today: beijingDate(new Date()),
    departments: new Set(agencies.find((a) => a.id === me.agency)?.departments.map((d) => d.id) ?? []),
    agencies: new Set(agencies.map((a) => a.id)),
  };
  const checked = preflight(checkRows(rows, context, headers), files);
  progress(
    `${checked.rows} rows: ${checked.valid} valid, ${checked.invalid.length} problems; ${files.size} files in ${folder}`,
  );
  const clean =
    checked.invalid.length === 0 && checked.filesWithoutRow.length === 0 && checked.rowsWithoutFile.length === 0;
  if (values['dry-run'])
    return { value: { dryRun: true, manifest: basename(manifestPath), ...checked }, exitCode: clean ? 0 : 1 };

  const opened = OpenedBatchSchema.parse(
    await client.json('POST', '/api/batches', { label: values.label ?? basename(folder) }),
  );
  progress(`batch ${opened.id} opened for ${opened.agency}`);
  const sent: SentRows['rows'][number][] = [];
  for (let i = 0; i < rows.length; i += MAX_ROWS_PER_REQUEST) {
    const part = rows.slice(i, i + MAX_ROWS_PER_REQUEST);
    sent.push(
      ...SentRowsSchema.parse(await client.json('POST', `/api/batches/${opened.id}/rows`, { rows: part })).rows,
    );
    progress(`registered ${Math.min(i + part.length, rows.length)}/${rows.length} rows`);
  }
  const failed = await uploadAll(client, opened.id, rows, sent, folder, files, progress);
  const uploaded = new Set(sent.filter((r) => r.uploadUrl && r.file && files.has(r.file)).map((r) => r.documentId));
  const view = await waitForFlow(client, opened.id, uploaded, wait, progress);
  const report = { ...view.report, filesWithoutRow: checked.filesWithoutRow, rowsWithoutFile: checked.rowsWithoutFile };
  const value = {
    batch: opened.id,
    label: values.label ?? basename(folder),
    stages: view.stages,
    report,
    uploadsFailed: failed,
  };
  const ok =
    report.invalid.length === 0 &&
    failed.length === 0 &&
    report.filesWithoutRow.length === 0 &&
    report.rowsWithoutFile.length === 0;
  return { value, exitCode: ok ? 0 : 1 };
}

async function firstReadable(paths: readonly string[]): Promise<string> {
  for (const path of paths) {
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // try the next
    }
  }
  throw new ValidationError(`cannot read the manifest ${paths[0]}`);
}

/**
 * PUTs each registered row's file to its presigned URL, a few at a time. A failed PUT (a dropped
 * connection, a link that expired) asks for the row again — the server finds its registration and
 * hands out a fresh link — and tries again.
 */
async function uploadAll(
  client: Client,
  batchId: string,
  rows: ReadonlyArray<{ row: number; cells: Record<string, string> }>,
  sent: readonly SentRows['rows'][number][],
  folder: string,
  files: ReadonlyMap<string, number>,
  progress: (line: string) => void,
): Promise<Array<{ file: string; reason: string }>> {
  const todo = sent.filter((r) => r.uploadUrl && r.file && files.has(r.file));
  const failed: Array<{ file: string; reason: string }> = [];
  let done = 0;
  const one = async (row: SentRows['rows'][number]) => {
    const file = row.file as string;
    const bytes = await readFile(join(folder, file));
    let url = row.uploadUrl as string;
    for (let attempt = 1; ; attempt++) {
      const reason = await client.put(url, bytes, row.contentType ?? '');
      if (!reason) break;
      if (attempt >= UPLOAD_TRIES) {
        failed.push({ file, reason });
        return;
      }
      progress(`${file}: ${reason}; trying again (${attempt + 1} of ${UPLOAD_TRIES})`);
      const again = rows.find((r) => r.row === row.row);
      const fresh = SentRowsSchema.parse(await client.json('POST', `/api/batches/${batchId}/rows`, { rows: [again] }))
        .rows[0];
      if (!fresh?.uploadUrl) break; // it arrived after all
      url = fresh.uploadUrl;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
    done++;
    progress(`uploaded ${done}/${todo.length} ${file} (${bytes.byteLength} bytes)`);
  };
  for (let i = 0; i < todo.length; i += PARALLEL_UPLOADS)
    await Promise.all(todo.slice(i, i + PARALLEL_UPLOADS).map(one));
  return failed;
}

const BEFORE_PEOPLE: ReadonlySet<string> = new Set(['DRAFT', 'RECEIVED', 'CLEARED']);

/** Polls the batch until every uploaded file's document is past its automated steps (or `seconds` pass). */
async function waitForFlow(
  client: Client,
  batchId: string,
  uploaded: ReadonlySet<string | undefined>,
  seconds: number,
  progress: (line: string) => void,
) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const view = BatchViewSchema.parse(await client.json('GET', `/api/batches/${batchId}`));
    const moving = view.rows.filter((r) => uploaded.has(r.documentId) && BEFORE_PEOPLE.has(r.status ?? '')).length;
    const s = view.stages;
    progress(
      `registered ${s.registered}, in review ${s.inReview}, awaiting sign-off ${s.awaitingSignoff}, published ${s.published}, failed ${s.failed}`,
    );
    if (moving === 0 || Date.now() >= deadline) return view;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
