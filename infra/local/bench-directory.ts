import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDirectoryDeps } from '../../functions/adapters/directory';
import { beijingDate } from '../../shared/calendar/beijing';
import { operator } from '../../shared/directory/access';
import { assignLeader, createUser } from '../../shared/directory/admin';
import { toCsv } from '../../shared/directory/csv';
import { importDirectory } from '../../shared/directory/import';
import { COLUMNS, type Column } from '../../shared/directory/import-rows';
import { readSnapshot } from '../../shared/directory/snapshot';
import { freePort } from './ports';
import { ensureTable, startDynamo } from './services';

/**
 * `npm run bench:directory`: onboarding a generated district (BENCH_AGENCIES agencies, default 60,
 * of 5 departments and 17 people each — 300 departments, ~1,000 users with e-mails) through the
 * bulk import against DynamoDB Local, and what the directory costs afterwards: a dry run of the
 * file, the import, the same file again (nothing to write), a file changing 100 people and 30
 * leader assignments, and single administrations on the full directory. Figures, not a test:
 * DynamoDB Local's latency is not DynamoDB's.
 */
const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 60);
const DEPARTMENTS_PER_AGENCY = 5;
const LEADERS_PER_AGENCY = 3;
const UPLOADERS_PER_AGENCY = 13;
const SINGLE_RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TABLE = 'gongkai-bench-directory';
const ADMIN = operator('cli:bench');

type Row = Partial<Record<Column, string>>;

/** The generated district as an import file; `variant` changes some people's roles and some leaders. */
function districtCsv(variant = false): { csv: string; rows: number; users: number; departments: number } {
  const rows: Row[] = [];
  let users = 0;
  let departments = 0;
  for (let a = 0; a < AGENCIES; a++) {
    const agency = `agency-${String(a + 1).padStart(3, '0')}`;
    const leader = (i: number) => `${agency}.leader${i}`;
    rows.push({
      type: 'agency',
      agency,
      name: `区第${a + 1}局`,
      code: String(1001 + a),
      head: leader(0),
      ...(a === 0 ? { disclosure_office: 'yes' } : {}),
      ...(a === 1 ? { competent_for: 'statistics' } : {}),
    });
    const person = (id: string, name: string, roles: string, department?: string) => {
      users++;
      rows.push({ type: 'user', agency, id, name, roles, department, email: `${id}@bench.gov.cn` });
    };
    for (let i = 0; i < LEADERS_PER_AGENCY; i++) person(leader(i), `领导${a + 1}-${i}`, 'leader', 'd0');
    person(`${agency}.admin`, `管理员${a + 1}`, 'agency-admin', 'd0');
    for (let i = 0; i < UPLOADERS_PER_AGENCY; i++) {
      // The variant makes every agency's first uploaders leaders too (~100 people changed).
      const roles = variant && i < 2 ? 'uploader;leader' : 'uploader';
      person(`${agency}.u${i}`, `上传员${a + 1}-${i}`, roles, `d${i % DEPARTMENTS_PER_AGENCY}`);
    }
    for (let d = 0; d < DEPARTMENTS_PER_AGENCY; d++) {
      departments++;
      // The variant reassigns the first department of half of the agencies (30 assignments).
      const moved = variant && d === 0 && a % 2 === 0;
      rows.push({
        type: 'department',
        agency,
        id: `d${d}`,
        name: `第${d + 1}科`,
        leader: moved ? `${agency}.u0` : leader(d % LEADERS_PER_AGENCY),
      });
    }
    if (a === 0) {
      for (const [id, roles] of [
        ['district.admin', 'admin'],
        ['district.reviewer', 'reviewer'],
        ['district.oversight', 'oversight'],
      ] as const) {
        users++;
        rows.push({ type: 'user', agency, id, name: id, roles, department: 'd0', email: `${id}@bench.gov.cn` });
      }
    }
  }
  const header = [...COLUMNS];
  return {
    csv: toCsv([header, ...rows.map((r) => header.map((c) => r[c] ?? ''))]),
    rows: rows.length,
    users,
    departments,
  };
}

const ms = (x: number) => Math.round(x);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-directory-'));
const dynamo = await startDynamo(await freePort(), join(dataDir, 'dynamodb'));
try {
  await ensureTable(dynamo.client, TABLE);
  const deps = buildDirectoryDeps({ tableName: TABLE, dynamo: dynamo.client });
  const district = districtCsv();
  const changed = districtCsv(true);

  const dry = await timed(() => importDirectory(deps, ADMIN, district.csv, { dryRun: true }));
  const first = await timed(() => importDirectory(deps, ADMIN, district.csv));
  const items = (await deps.directory.listClaims()).length + first.value.summary.rows;
  const read = await timed(() => readSnapshot(deps.directory));
  const again = await timed(() => importDirectory(deps, ADMIN, district.csv));
  const update = await timed(() => importDirectory(deps, ADMIN, changed.csv));

  const singles: number[] = [];
  const reassignments: number[] = [];
  const today = beijingDate(new Date());
  for (let i = 0; i < SINGLE_RUNS; i++) {
    const agency = `agency-${String((i % AGENCIES) + 1).padStart(3, '0')}`;
    singles.push(
      (
        await timed(() =>
          createUser(deps, ADMIN, { user: `bench.extra${i}`, name: `新增${i}`, roles: ['uploader'], agency }),
        )
      ).ms,
    );
    reassignments.push(
      (
        await timed(() =>
          assignLeader(deps, ADMIN, agency, 'd4', {
            leader: `${agency}.leader${i % 2 === 0 ? 2 : 0}`,
            effectiveFrom: today,
          }),
        )
      ).ms,
    );
  }

  const figures = {
    district: {
      agencies: AGENCIES,
      departments: district.departments,
      users: district.users,
      rows: district.rows,
      fileKB: Math.round(Buffer.byteLength(district.csv) / 1024),
      itemsWritten: items,
    },
    dryRunMs: ms(dry.ms),
    importMs: ms(first.ms),
    importTransactions: first.value.summary.transactions,
    importRowsPerSecond: Math.round(district.rows / (first.ms / 1000)),
    readWholeDirectoryMs: ms(read.ms),
    reimportUnchangedMs: ms(again.ms),
    reimportTransactions: again.value.summary.transactions,
    changedFile: {
      usersUpdated: update.value.summary.users.updated,
      departmentsUpdated: update.value.summary.departments.updated,
      alsoUpdated: update.value.summary.alsoUpdated,
      transactions: update.value.summary.transactions,
      ms: ms(update.ms),
    },
    singleChangeOnFullDirectory: {
      createUserMedianMs: ms(median(singles)),
      assignLeaderMedianMs: ms(median(reassignments)),
      runs: SINGLE_RUNS,
    },
  };
  console.log(
    [
      `district: ${AGENCIES} agencies, ${district.departments} departments, ${district.users} users (${district.rows} rows, ${figures.district.fileKB} KB, ${items} items)`,
      `dry run (parse, check every row and the whole directory):  ${figures.dryRunMs} ms`,
      `import (${figures.importTransactions} transactions):                              ${figures.importMs} ms  (${figures.importRowsPerSecond} rows/s)`,
      `read the whole directory:                                    ${figures.readWholeDirectoryMs} ms`,
      `same file again (nothing to write):                          ${figures.reimportUnchangedMs} ms`,
      `file changing ${figures.changedFile.usersUpdated} users, ${figures.changedFile.departmentsUpdated} leader assignments:          ${figures.changedFile.ms} ms (${figures.changedFile.transactions} transactions)`,
      `one createUser / assignLeader on the full directory (median of ${SINGLE_RUNS}): ${figures.singleChangeOnFullDirectory.createUserMedianMs} / ${figures.singleChangeOnFullDirectory.assignLeaderMedianMs} ms`,
    ].join('\n'),
  );
  console.log(JSON.stringify(figures));
} finally {
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
