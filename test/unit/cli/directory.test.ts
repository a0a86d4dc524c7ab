import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../functions/cli/main';
import { demoDirectoryCsv } from '../../../infra/local/seed';
import { fromRoot } from '../../../infra/paths';
import { createMemoryDeps, type MemoryDeps } from '../../support/memory';
import { awaitingSignoff, NOW, TickingClock } from '../pipeline/drive';

/**
 * `gongkai directory …` in this process on the in-memory adapters (the bin reaches DynamoDB
 * through the same `connectLocalDirectory`; test/integration/directory-cli.test.ts runs it there).
 */

const dir = mkdtempSync(join(tmpdir(), 'gongkai-directory-cli-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

afterEach(() => {
  vi.restoreAllMocks();
});

function fresh(): MemoryDeps {
  const deps = createMemoryDeps({ clock: new TickingClock() });
  deps.clock.set(NOW);
  return deps;
}

/** Runs the command on `deps`, as operator `tester`: exit code, the JSON on stdout, stderr. */
async function gongkai(deps: MemoryDeps, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  let closed = false;
  const code = await main(['directory', ...args, '--actor', 'tester'], {
    connectLocalDirectory: async () => ({
      deps,
      close: async () => {
        closed = true;
      },
    }),
  });
  vi.restoreAllMocks();
  expect(closed || code === 2).toBe(true);
  return { code, json: stdout ? JSON.parse(stdout) : undefined, stdout, stderr };
}

async function demo(): Promise<MemoryDeps> {
  const deps = fresh();
  const { code } = await gongkai(deps, 'import', file('demo.csv', demoDirectoryCsv()));
  expect(code).toBe(0);
  return deps;
}

describe('gongkai directory import', () => {
  it('--dry-run checks every row and writes nothing; the import then writes it all, logged as cli:<actor>', async () => {
    const deps = fresh();
    const path = file('district.csv', demoDirectoryCsv());
    const dry = await gongkai(deps, 'import', path, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ ok: true, dryRun: true, errors: [], summary: { agencies: { created: 16 } } });
    expect(await deps.directory.listAgencies()).toEqual([]);

    const real = await gongkai(deps, 'import', path);
    expect(real.code).toBe(0);
    expect(real.json).toMatchObject({ ok: true, dryRun: false, importId: expect.any(String) });
    expect(await deps.directory.listAgencies()).toHaveLength(16);
    const [entry] = (await deps.directory.changeLog({ limit: 1 })).entries;
    expect(entry).toMatchObject({ actor: 'cli:tester', action: 'import', importId: real.json.importId });
  });

  it('a file with errors: exit 1, every error by line on stdout (JSON) and stderr, nothing written', async () => {
    const deps = fresh();
    const path = file(
      'bad.csv',
      ['type,agency,id,name,code,roles', 'agency,edu,,区教育局,201,', 'user,edu,zhang.wei,张伟,,uploader;chief'].join(
        '\n',
      ),
    );
    const { code, json, stderr } = await gongkai(deps, 'import', path);
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.errors).toEqual([
      { line: 2, message: expect.stringContaining('code must be four digits') },
      { line: 3, message: expect.stringContaining('roles') },
    ]);
    expect(stderr).toContain(`${path}:2: code`);
    expect(stderr).toContain('nothing imported');
    expect(await deps.directory.listUsers()).toEqual([]);
  });

  it('reads a GB18030 file as spreadsheets in China save it', async () => {
    const deps = fresh();
    const csv = demoDirectoryCsv();
    const { encode } = await import('iconv-lite');
    const { code } = await gongkai(deps, 'import', file('gbk.csv', encode(csv, 'gb18030')), '--dry-run');
    expect(code).toBe(0);
    const plain = await gongkai(deps, 'import', file('gbk.csv', encode(csv, 'gb18030')));
    expect(plain.code).toBe(0);
    expect((await deps.directory.getAgency('edu'))?.name).toBe('区教育局');
  });

  it("imports the README's example file (the format documented there)", async () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const example = readme.split('### Bulk import')[1]?.match(/```csv\n([\s\S]*?)```/)?.[1];
    expect(example).toBeDefined();
    const deps = fresh();
    const { code, json } = await gongkai(deps, 'import', file('readme.csv', example ?? ''));
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
    expect(json.summary).toMatchObject({
      agencies: { created: 2 },
      departments: { created: 2 },
      users: { created: 4 },
    });
    expect(await deps.directory.getAgency('stats')).toMatchObject({ competentFor: ['statistics'], head: 'zhao.lei' });
  });

  it('export --out writes a file that imports again unchanged', async () => {
    const deps = await demo();
    const out = join(dir, 'export.csv');
    const exported = await gongkai(deps, 'export', '--out', out);
    expect(exported.code).toBe(0);
    expect(exported.json).toEqual({ file: out, rows: expect.any(Number) });
    const again = await gongkai(deps, 'import', out, '--dry-run');
    expect(again.json.summary).toMatchObject({ transactions: 0, agencies: { created: 0, updated: 0 } });
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(/^type,agency,id,name,code,/);
  });
});

describe('gongkai directory: one change at a time, through the API’s checks', () => {
  it('creates, renames, recodes and abolishes an agency (COORD-3), each an entry of the log', async () => {
    const deps = await demo();
    const created = await gongkai(deps, 'agency', 'create', 'culture', '--name', '区文旅局', '--code', '0231');
    expect(created).toMatchObject({ code: 0, json: { changed: 1, tasksMoved: 0 } });
    await gongkai(deps, 'agency', 'update', 'culture', '--name', '区文化和旅游局', '--code', '0232');
    expect(await deps.directory.getAgency('culture')).toMatchObject({ name: '区文化和旅游局', code: '0232' });
    const abolished = await gongkai(
      deps,
      'agency',
      'abolish',
      'culture',
      '--abolished-by',
      'gov-office',
      '--successor',
      'edu',
    );
    expect(abolished.code).toBe(0);
    expect(await deps.directory.getAgency('culture')).toMatchObject({
      status: 'abolished',
      abolishedBy: 'gov-office',
      successorId: 'edu',
    });
    const log = await gongkai(deps, 'log', '--agency', 'culture');
    expect(log.json.entries.map((e: { action: string }) => e.action)).toEqual([
      'agency-abolished',
      'agency-updated',
      'agency-created',
    ]);
  });

  it('EXPAND-2 department assign moves the open sign-offs to the new leader', async () => {
    const deps = await demo();
    const { task } = await awaitingSignoff(deps);
    await gongkai(deps, 'user', 'create', 'sun.yu', '--name', '孙宇', '--roles', 'leader', '--agency', 'edu');
    const moved = await gongkai(
      deps,
      'department',
      'assign',
      'edu',
      'office',
      '--leader',
      'sun.yu',
      '--effective-from',
      '2026-11-23',
    );
    expect(moved).toMatchObject({ code: 0, json: { tasksMoved: 1 } });
    expect((await deps.tasks.getTask(task.id))?.assignee).toBe('sun.yu');
  });

  it('creates, changes, disables, enables and links a user', async () => {
    const deps = await demo();
    await gongkai(
      deps,
      'user',
      'create',
      'qin.lan',
      '--name',
      '秦兰',
      '--roles',
      'uploader',
      '--agency',
      'edu',
      '--department',
      'office',
      '--email',
      'Qin.Lan@tai.gov.cn',
    );
    expect(await deps.directory.getUser('qin.lan')).toMatchObject({ email: 'qin.lan@tai.gov.cn', roles: ['uploader'] });
    await gongkai(deps, 'user', 'update', 'qin.lan', '--roles', 'uploader,agency-admin', '--no-email');
    expect(await deps.directory.getUser('qin.lan')).not.toHaveProperty('email');
    expect((await deps.directory.getUser('qin.lan'))?.roles).toEqual(['uploader', 'agency-admin']);
    await gongkai(deps, 'user', 'disable', 'qin.lan', '--reason', '调离');
    expect((await deps.directory.getUser('qin.lan'))?.disabled).toBe(true);
    await gongkai(deps, 'user', 'enable', 'qin.lan');
    await gongkai(deps, 'user', 'link', 'qin.lan', '--subject', 'idp|4711');
    expect(await deps.directory.getUser('qin.lan')).toMatchObject({ subject: 'idp|4711' });
    expect(await deps.directory.claimOwner('subject', 'idp|4711')).toBe('qin.lan');
    await gongkai(deps, 'user', 'unlink', 'qin.lan');
    expect(await deps.directory.getUser('qin.lan')).not.toHaveProperty('subject');
  });

  it.each([
    [['user', 'create', 'x', '--name', '某', '--roles', 'king', '--agency', 'edu'], /--roles: roles are/],
    [['agency', 'create', 'x', '--name', '某局', '--code', '12'], /--code: code must be four digits/],
    [['agency', 'create', '../x', '--name', '某局', '--code', '1234'], /ID: /],
    [['department', 'create', 'edu'], /expected AGENCY ID/],
    [
      ['department', 'assign', 'edu', 'office', '--leader', 'chen.min', '--effective-from', '2026-11-23'],
      /chen\.min is a user of health/,
    ],
    [['user', 'update', 'x', '--email', 'a@b.cn', '--no-email'], /--email or --no-email, not both/],
    [['agency', 'merge', 'edu'], /unknown command "directory agency merge"/],
    [['frobnicate'], /unknown command "directory frobnicate"/],
    [['log', '--limit', 'ten'], /--limit must be a whole number/],
    [['users', '--table', 'gongkai', '--data-dir', '/tmp'], /not a deployment/],
    [['users', '--colour', 'red'], /Unknown option '--colour'/],
  ])('exit 2 with a message on stderr for %j', async (args, message) => {
    const deps = await demo();
    const { code, stdout, stderr } = await gongkai(deps, ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
