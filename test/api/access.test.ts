import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, type OperationKey } from '../../functions/api/operations';
import { ErrorResponseSchema } from '../../shared/api/responses';
import statutoryEstimates from '../../shared/calendar/statutory-estimates.json' with { type: 'json' };
import { operator } from '../../shared/directory/access';
import { createAgency, createDepartment, createUser, disableUser } from '../../shared/directory/admin';
import type { DocumentRecord } from '../../shared/model/document';
import type { Role } from '../../shared/model/identity';
import { openBatch } from '../../shared/pipeline/batch/api';
import {
  correctionBody,
  createWorld,
  EDU_METADATA,
  EVERYONE,
  type Fixture,
  HEALTH_METADATA,
  PEOPLE,
  type Who,
  type World,
  YEAR,
} from './support';

/**
 * Every operation × every kind of caller: the status each cell must answer, exactly. A cell that
 * answers 200 where 403/404 is due, lists another agency's documents or tasks, or changes a document
 * it was refused, fails here.
 */

type Expect = Readonly<Record<Who, number>>;

/** Public: the same for everybody, signed in or not. */
const everyone = (status: number): Expect =>
  Object.fromEntries(EVERYONE.map((who) => [who, status])) as Record<Who, number>;

/** Signed in: 401 for anonymous; `allowed` for `only` (everyone signed in when absent), `otherwise` for the rest. */
const signedIn = (allowed: number, only?: readonly Who[], otherwise = 403): Expect =>
  Object.fromEntries(
    EVERYONE.map((who) => [who, who === 'anonymous' ? 401 : !only || only.includes(who) ? allowed : otherwise]),
  ) as Record<Who, number>;

const DISTRICT: readonly Who[] = ['reviewer', 'oversight', 'admin'];
const isDistrict = (who: Who) => DISTRICT.includes(who);

/** What the shared cells read; nothing of it changes while the matrix runs. */
interface Shared {
  /** 区教育局's, awaiting its leader's sign-off. */
  readonly eduInFlight: Fixture;
  /** 区卫生健康局's, awaiting its leader's sign-off. */
  readonly healthInFlight: Fixture;
  /** 区教育局's statistics document awaiting 区统计局's approval (COORD-4). */
  readonly eduNeedsStats: Fixture;
  /** Drafted by 区教育局 under 区卫生健康局's lead: 区卫生健康局 published it (COORD-2). */
  readonly publishedByHealth: DocumentRecord;
  /** 区教育局's, in the public catalogue. */
  readonly eduPublished: DocumentRecord;
  /** A confidentiality review open for the pre-review group. */
  readonly review: Fixture;
  /** A sign-off its leader already decided. */
  readonly closed: Fixture;
  /** 区教育局's registration whose file has not come (DRAFT). */
  readonly eduDraft: DocumentRecord;
  /** 区教育局's, its (empty) file refused by Intake: an input failure. */
  readonly eduRefused: DocumentRecord;
}

/** The documents and tasks a cell that changes state gets for itself. */
interface Own {
  readonly id: string;
  readonly taskId?: string;
  /** Whatever else the cell made for itself (a second leader, an agency code). */
  readonly other?: string;
}

interface Context {
  readonly w: World;
  readonly shared: Shared;
  readonly own: Own | undefined;
}

interface Row {
  readonly op: OperationKey;
  /** Which document or task the cell acts on, for its name. */
  readonly on?: string;
  readonly expect: Expect;
  /** Path parameters (and query) of the operation's path. */
  readonly params?: (ctx: Context) => Record<string, string>;
  readonly query?: string;
  readonly body?: (ctx: Context) => unknown;
  /** Creates, once per cell in beforeAll, what the cell changes. */
  readonly own?: (w: World) => Promise<Own>;
  /** Asserts what a 2xx answer holds for this caller: nothing it may not see. */
  readonly allowed?: (body: any, who: Who, ctx: Context) => void | Promise<void>;
  /** Asserts a refused call changed nothing. */
  readonly refused?: (ctx: Context) => Promise<void>;
}

const agencyOf = async (w: World, who: Who) => (await w.identity(PEOPLE[who] ?? '')).agency;

const stillPublished = async ({ w, own }: Context) => {
  expect((await w.doc(own?.id ?? '')).status).toBe('PUBLISHED');
};
const taskStillOpen = async ({ w, own }: Context) => {
  expect((await w.deps.tasks.getTask(own?.taskId ?? ''))?.status).toBe('open');
};

/** Who sees 区教育局's documents: its own staff and the district-wide roles. */
const SEES_EDU: readonly Who[] = ['uploaderEdu', 'leader', 'reviewer', 'oversight', 'admin', 'agencyAdmin'];

/**
 * A staff action on 区教育局's document: `status` for `may`; 403 for the others who see the
 * document; 404 for those who do not (its existence is not disclosed); 401 for anonymous.
 */
const onEduDocument = (status: number, may: readonly Who[]): Expect =>
  Object.fromEntries(
    EVERYONE.map((who) => [
      who,
      who === 'anonymous' ? 401 : may.includes(who) ? status : SEES_EDU.includes(who) ? 403 : 404,
    ]),
  ) as Record<Who, number>;

const statusIs =
  (status: string) =>
  async ({ w, own }: Context) => {
    expect((await w.doc(own?.id ?? '')).status).toBe(status);
  };

/** 撤销登记: 区教育局's uploader or leader, or an administrator. */
const CANCELLERS: readonly Who[] = ['uploaderEdu', 'leader', 'admin'];
/** 重新处理: 区教育局's uploader, or an administrator. */
const RERUNNERS: readonly Who[] = ['uploaderEdu', 'admin'];

const editors = {
  edu: ['uploaderEdu', 'leader'] as Who[],
  // 区卫生健康局's staff among the callers: its uploader.
  health: ['uploaderOther'] as Who[],
};

/** The directory's administrators: admin (everything) and 区教育局's agency-admin (its own). */
const ADMINS: readonly Who[] = ['admin', 'agencyAdmin'];
const SETUP = operator('test:setup');
const fresh = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
let nextCode = 7000;

/** An agency of the cell's own (no people). */
async function ownAgency(w: World): Promise<Own> {
  const id = fresh('agency');
  await createAgency(w.deps, SETUP, { id, name: '区测试局', code: String(nextCode++) });
  return { id };
}

/** A user of the agency, of the cell's own. */
async function ownUser(w: World, agency: 'edu' | 'health', roles: Role[] = ['uploader']): Promise<Own> {
  const id = fresh('user');
  await createUser(w.deps, SETUP, { user: id, name: '测试员', roles, agency, department: 'office' });
  return { id };
}

/** A department of the agency led by its demo leader, and another leader of the agency (`other`). */
async function ownDepartment(w: World, agency: 'edu' | 'health'): Promise<Own> {
  const id = fresh('dept');
  const leader = agency === 'edu' ? 'li.na' : 'chen.min';
  await createDepartment(w.deps, SETUP, agency, { id, name: '测试科', leader });
  const other = (await ownUser(w, agency, ['leader'])).id;
  return { id, other };
}

/** Another agency's user: admin may, 区教育局's agency-admin does not see them (404). */
const otherAgencysUser: Expect = Object.fromEntries(
  EVERYONE.map((who) => [who, who === 'anonymous' ? 401 : who === 'admin' ? 200 : who === 'agencyAdmin' ? 404 : 403]),
) as Record<Who, number>;

const leaderOf = async ({ w, own }: Context, agency: string) =>
  (await w.deps.directory.getDepartment(agency, own?.id ?? ''))?.leader;

/** 政府信息公开工作年度报告: 区教育局's uploader and leader write their own; oversight and admin read all and write the district's. */
const REPORT_READERS: readonly Who[] = ['uploaderEdu', 'leader', 'oversight', 'admin'];
const DISTRICT_WRITERS: readonly Who[] = ['oversight', 'admin'];
const REPORT_TEXT = { overview: '总体情况', problems: '存在的问题', other: '其他事项' };
/** Each cell that writes a report writes its own year's (2001 … 2018 of each). */
const nextReportYear = { edu: 2001, district: 2001 };
const ownReportYear = (agency: 'edu' | 'district') => async (): Promise<Own> => ({
  id: String(nextReportYear[agency]++),
});
/** A year whose report is written and ready to submit (by 区教育局's uploader, or the oversight group for the district). */
const readyReport = (agency: 'edu' | 'district') => async (w: World) => {
  const year = String(nextReportYear[agency]++);
  const as = agency === 'edu' ? PEOPLE.uploaderEdu : PEOPLE.oversight;
  const res = await w.call('PUT', `/api/annual-reports/${agency}/${year}`, { as, body: { sections: REPORT_TEXT } });
  if (res.status !== 200) throw new Error(`report ${agency} ${year}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: year };
};
const reportOf = (w: World, agency: string, own: Own | undefined) => w.deps.reports.getReport(agency, Number(own?.id));

const REPORT_ROWS: readonly Row[] = [
  {
    op: 'get /api/annual-reports',
    query: 'year=2025',
    expect: signedIn(200, DISTRICT_WRITERS),
    allowed: (body) =>
      expect(body.map((r: { agency: string }) => r.agency)).toEqual(expect.arrayContaining(['edu', 'district'])),
  },
  ...(
    [
      'get /api/annual-reports/{agency}/{year}',
      'get /api/annual-reports/{agency}/{year}/report.docx',
      'get /api/annual-reports/{agency}/{year}/report.csv',
    ] as const
  ).flatMap((op): Row[] => [
    { op, on: "区教育局's", params: () => ({ agency: 'edu', year: '2025' }), expect: signedIn(200, REPORT_READERS) },
    {
      op,
      on: "the district's",
      params: () => ({ agency: 'district', year: '2025' }),
      expect: signedIn(200, DISTRICT_WRITERS),
    },
  ]),
  {
    op: 'get /api/annual-reports/{agency}/{year}',
    on: 'an agency nobody knows',
    params: () => ({ agency: 'no-such-agency', year: '2025' }),
    expect: signedIn(404, DISTRICT_WRITERS),
  },
  ...(
    [
      ['edu', "区教育局's", editors.edu],
      ['district', "the district's", DISTRICT_WRITERS],
    ] as const
  ).flatMap(([agency, on, writers]): Row[] => [
    {
      op: 'put /api/annual-reports/{agency}/{year}',
      on,
      own: ownReportYear(agency),
      params: ({ own }) => ({ agency, year: own?.id ?? '' }),
      body: () => ({ sections: REPORT_TEXT }),
      expect: signedIn(200, writers),
      allowed: async (body, _who, { w, own }) => {
        expect(body.sections).toEqual(REPORT_TEXT);
        expect((await reportOf(w, agency, own))?.sections).toEqual(REPORT_TEXT);
      },
      refused: async ({ w, own }) => expect(await reportOf(w, agency, own)).toBeUndefined(),
    },
    {
      op: 'post /api/annual-reports/{agency}/{year}/submit',
      on,
      own: readyReport(agency),
      params: ({ own }) => ({ agency, year: own?.id ?? '' }),
      expect: signedIn(201, writers),
      allowed: async (body, _who, { w, own }) => {
        expect((await reportOf(w, agency, own))?.submission?.documentId).toBe(body.documentId);
        expect((await w.doc(body.documentId)).category).toBe('10');
      },
      refused: async ({ w, own }) => expect((await reportOf(w, agency, own))?.submission).toBeUndefined(),
    },
  ]),
  {
    op: 'post /api/documents/{id}/abolish',
    on: "区教育局's published normative document",
    own: async (w) => ({ id: (await w.published({ documentType: 'normative', formedAt: '2026-03-02' })).id }),
    params: ({ own }) => ({ id: own?.id ?? '' }),
    body: () => ({ on: '2026-11-01', document: '台教发〔2026〕40号' }),
    expect: onEduDocument(201, ['uploaderEdu', 'leader', 'admin']),
    allowed: async (body, who) => expect(body.abolition).toMatchObject({ on: '2026-11-01', by: PEOPLE[who] }),
    refused: async ({ w, own }) => expect((await w.doc(own?.id ?? '')).abolition).toBeUndefined(),
  },
];

const DIRECTORY_ROWS: readonly Row[] = [
  {
    op: 'get /api/directory/agencies',
    expect: signedIn(200, ADMINS),
    allowed: (body) => expect(body.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['edu', 'health'])),
  },
  {
    op: 'post /api/directory/agencies',
    on: 'a new agency',
    own: async () => ({ id: fresh('agency'), other: String(nextCode++) }),
    body: ({ own }) => ({ id: own?.id, name: '区测试局', code: own?.other }),
    expect: signedIn(201, ['admin']),
    allowed: async (_body, _who, { w, own }) =>
      expect(await w.deps.directory.getAgency(own?.id ?? '')).toMatchObject({ status: 'active' }),
    refused: async ({ w, own }) => expect(await w.deps.directory.getAgency(own?.id ?? '')).toBeUndefined(),
  },
  {
    op: 'put /api/directory/agencies/{id}',
    on: 'an agency',
    own: ownAgency,
    params: ({ own }) => ({ id: own?.id ?? '' }),
    body: () => ({ name: '区测试和发展局' }),
    expect: signedIn(200, ['admin']),
    allowed: async (_body, _who, { w, own }) =>
      expect((await w.deps.directory.getAgency(own?.id ?? ''))?.name).toBe('区测试和发展局'),
    refused: async ({ w, own }) => expect((await w.deps.directory.getAgency(own?.id ?? ''))?.name).toBe('区测试局'),
  },
  {
    op: 'post /api/directory/agencies/{id}/abolish',
    on: 'an agency',
    own: ownAgency,
    params: ({ own }) => ({ id: own?.id ?? '' }),
    body: () => ({ abolishedBy: 'gov-office' }),
    expect: signedIn(200, ['admin']),
    allowed: async (_body, _who, { w, own }) =>
      expect(await w.deps.directory.getAgency(own?.id ?? '')).toMatchObject({
        status: 'abolished',
        abolishedBy: 'gov-office',
      }),
    refused: async ({ w, own }) => expect((await w.deps.directory.getAgency(own?.id ?? ''))?.status).toBe('active'),
  },
  ...(
    [
      ['edu', 'li.na', ADMINS],
      ['health', 'chen.min', ['admin']],
    ] as const
  ).flatMap(([agency, leader, may]): Row[] => [
    {
      op: 'post /api/directory/agencies/{agency}/departments',
      on: `${agency}'s`,
      own: async () => ({ id: fresh('dept') }),
      params: () => ({ agency }),
      body: ({ own }) => ({ id: own?.id, name: '测试科', leader }),
      expect: signedIn(201, may),
      allowed: async (_body, _who, ctx) => expect(await leaderOf(ctx, agency)).toBe(leader),
      refused: async (ctx) => expect(await leaderOf(ctx, agency)).toBeUndefined(),
    },
    {
      op: 'put /api/directory/agencies/{agency}/departments/{id}',
      on: `${agency}'s`,
      own: (w) => ownDepartment(w, agency),
      params: ({ own }) => ({ agency, id: own?.id ?? '' }),
      body: () => ({ name: '测试二科' }),
      expect: signedIn(200, may),
    },
    {
      op: 'post /api/directory/agencies/{agency}/departments/{id}/leader',
      on: `${agency}'s`,
      own: (w) => ownDepartment(w, agency),
      params: ({ own }) => ({ agency, id: own?.id ?? '' }),
      body: ({ own }) => ({ leader: own?.other, effectiveFrom: '2026-11-24' }),
      expect: signedIn(200, may),
      allowed: async (_body, _who, ctx) => expect(await leaderOf(ctx, agency)).toBe(ctx.own?.other),
      refused: async (ctx) => expect(await leaderOf(ctx, agency)).toBe(leader),
    },
    {
      op: 'post /api/directory/users',
      on: `${agency}'s`,
      own: async () => ({ id: fresh('user') }),
      body: ({ own }) => ({ user: own?.id, name: '测试员', roles: ['uploader'], agency, department: 'office' }),
      expect: signedIn(201, may),
      allowed: async (_body, _who, { w, own }) =>
        expect((await w.deps.directory.getUser(own?.id ?? ''))?.agency).toBe(agency),
      refused: async ({ w, own }) => expect(await w.deps.directory.getUser(own?.id ?? '')).toBeUndefined(),
    },
  ]),
  ...(['departments', 'users'] as const).map(
    (what): Row => ({
      op: `get /api/directory/${what}`,
      expect: signedIn(200, ADMINS),
      allowed: (body, who) => {
        const agencies = new Set(body.map((x: { agency: string }) => x.agency));
        if (who === 'agencyAdmin') expect([...agencies]).toEqual(['edu']);
        else expect([...agencies]).toEqual(expect.arrayContaining(['edu', 'health']));
      },
    }),
  ),
  {
    op: 'put /api/directory/users/{id}',
    on: "区教育局's",
    own: (w) => ownUser(w, 'edu'),
    params: ({ own }) => ({ id: own?.id ?? '' }),
    body: () => ({ name: '测试员二' }),
    expect: signedIn(200, ADMINS),
    allowed: async (_body, _who, { w, own }) =>
      expect((await w.deps.directory.getUser(own?.id ?? ''))?.name).toBe('测试员二'),
    refused: async ({ w, own }) => expect((await w.deps.directory.getUser(own?.id ?? ''))?.name).toBe('测试员'),
  },
  ...(
    [
      ["区教育局's", 'edu', signedIn(200, ADMINS)],
      ["区卫生健康局's", 'health', otherAgencysUser],
    ] as const
  ).map(
    ([on, agency, expected]): Row => ({
      op: 'post /api/directory/users/{id}/disable',
      on,
      own: (w) => ownUser(w, agency),
      params: ({ own }) => ({ id: own?.id ?? '' }),
      body: () => ({ reason: '调离' }),
      expect: expected,
      allowed: async (_body, _who, { w, own }) =>
        expect((await w.deps.directory.getUser(own?.id ?? ''))?.disabled).toBe(true),
      refused: async ({ w, own }) => expect((await w.deps.directory.getUser(own?.id ?? ''))?.disabled).toBeUndefined(),
    }),
  ),
  {
    op: 'post /api/directory/users/{id}/enable',
    on: "区教育局's disabled",
    own: async (w) => {
      const own = await ownUser(w, 'edu');
      await disableUser(w.deps, SETUP, own.id);
      return own;
    },
    params: ({ own }) => ({ id: own?.id ?? '' }),
    expect: signedIn(200, ADMINS),
    allowed: async (_body, _who, { w, own }) =>
      expect((await w.deps.directory.getUser(own?.id ?? ''))?.disabled).toBeUndefined(),
    refused: async ({ w, own }) => expect((await w.deps.directory.getUser(own?.id ?? ''))?.disabled).toBe(true),
  },
  {
    op: 'post /api/directory/users/{id}/subject',
    on: "区教育局's",
    own: (w) => ownUser(w, 'edu'),
    params: ({ own }) => ({ id: own?.id ?? '' }),
    body: ({ own }) => ({ subject: `sub-${own?.id}` }),
    expect: signedIn(200, ADMINS),
    allowed: async (_body, _who, { w, own }) =>
      expect((await w.deps.directory.getUser(own?.id ?? ''))?.subject).toBe(`sub-${own?.id}`),
    refused: async ({ w, own }) => expect((await w.deps.directory.getUser(own?.id ?? ''))?.subject).toBeUndefined(),
  },
  {
    op: 'post /api/directory/import',
    on: "a user of 区教育局's",
    own: async () => ({ id: fresh('user') }),
    body: ({ own }) => ({ csv: `type,agency,id,name,roles,department\nuser,edu,${own?.id},测试员,uploader,office\n` }),
    expect: signedIn(200, ADMINS),
    allowed: async (body, _who, { w, own }) => {
      expect(body).toMatchObject({ ok: true, dryRun: false, summary: { users: { created: 1 } } });
      expect((await w.deps.directory.getUser(own?.id ?? ''))?.agency).toBe('edu');
    },
    refused: async ({ w, own }) => expect(await w.deps.directory.getUser(own?.id ?? '')).toBeUndefined(),
  },
  { op: 'get /api/directory/imports', expect: signedIn(200, ADMINS) },
  {
    op: 'get /api/directory/export',
    expect: signedIn(200, ADMINS),
    allowed: (body, who) => {
      const agencies = new Set(
        (body.csv as string)
          .trim()
          .split(/\r?\n/)
          .slice(1)
          .map((line) => line.split(',')[1]),
      );
      if (who === 'agencyAdmin') expect([...agencies]).toEqual(['edu']);
      else expect([...agencies]).toEqual(expect.arrayContaining(['edu', 'health', 'gov-office']));
    },
  },
  {
    op: 'get /api/directory/log',
    expect: signedIn(200, ADMINS),
    allowed: (body, who) => {
      expect(body.entries.length).toBeGreaterThan(0);
      if (who === 'agencyAdmin') for (const e of body.entries) expect(e.agencies).toContain('edu');
    },
  },
];

/** A year of the statutory-holiday estimates for each cell of its own: an import changes the calendar of every cell. */
let nextCalendarYear = 2027;
const statutoryYear = (year: number) => ({
  year,
  holidays: (statutoryEstimates.years as Record<string, string[]>)[String(year)],
});
const storedYears = async (w: World) => (await w.deps.calendars.listYears()).map((y) => y.year);

const CALENDAR_ROWS: readonly Row[] = [
  {
    op: 'get /api/calendar/years',
    expect: signedIn(200, ['admin']),
    allowed: (body) => expect(Array.isArray(body)).toBe(true),
  },
  {
    op: 'post /api/calendar/years',
    on: "a year's arrangement",
    own: async () => ({ id: String(nextCalendarYear++) }),
    body: ({ own }) => ({ arrangement: statutoryYear(Number(own?.id)) }),
    expect: signedIn(200, ['admin']),
    allowed: async (body, who, { w, own }) => {
      expect(body).toMatchObject({ year: Number(own?.id), version: 1, dryRun: false });
      expect((await w.deps.calendars.listYears()).find((y) => y.year === Number(own?.id))?.importedBy).toBe(
        PEOPLE[who],
      );
    },
    refused: async ({ w, own }) => expect(await storedYears(w)).not.toContain(Number(own?.id)),
  },
];

/** A batch 区教育局's uploader opened, of the cell's own. */
const ownBatch = async (w: World): Promise<Own> => ({
  id: (await openBatch(w.deps, await w.identity(PEOPLE.uploaderEdu), '本周行政许可决定')).id,
});

/** Bulk intake: uploaders open batches; a batch is its agency's (and the district roles') to see, its uploaders' to fill. */
const BATCH_ROWS: readonly Row[] = [
  {
    op: 'post /api/batches',
    body: () => ({ label: '本周行政许可决定' }),
    expect: signedIn(201, ['uploaderEdu', 'uploaderOther']),
    allowed: async (body, who, { w }) => expect(body.agency).toBe(await agencyOf(w, who)),
  },
  {
    op: 'get /api/batches',
    expect: signedIn(200),
    allowed: async (body, who, { w }) => {
      const agency = await agencyOf(w, who);
      expect(body.every((b: { agency: string }) => b.agency === agency)).toBe(true);
    },
  },
  {
    op: 'get /api/batches/{id}',
    on: "区教育局's",
    own: ownBatch,
    params: ({ own }) => ({ id: own?.id ?? '' }),
    expect: onEduDocument(200, SEES_EDU),
    allowed: (body, _who, { own }) => expect(body.batch).toMatchObject({ id: own?.id, agency: 'edu' }),
  },
  {
    op: 'post /api/batches/{id}/rows',
    on: "区教育局's",
    own: ownBatch,
    params: ({ own }) => ({ id: own?.id ?? '' }),
    body: () => ({ rows: [{ row: 2, cells: BATCH_ROW }] }),
    expect: onEduDocument(200, ['uploaderEdu']),
    allowed: (body) => expect(body.rows[0]).toMatchObject({ row: 2, status: 'DRAFT', uploadUrl: expect.any(String) }),
    refused: async ({ w, own }) => expect(await w.deps.batches.listEntries(own?.id ?? '')).toEqual([]),
  },
];

/** One row of a manifest, by column. */
const BATCH_ROW = {
  file: 'notice.txt',
  title: EDU_METADATA.title,
  department: 'office',
  category: '02',
  formedAt: '2026-11-20',
  disclosure: 'proactive',
  origin: 'made',
};

const ROWS: readonly Row[] = [
  { op: 'get /api/health', expect: everyone(200), allowed: (body) => expect(body).toEqual({ ok: true }) },
  {
    op: 'get /api/catalog',
    query: `year=${YEAR}`,
    expect: everyone(200),
    allowed: (body, _who, { shared }) =>
      expect(body.entries.map((e: { documentId: string }) => e.documentId)).toContain(shared.eduPublished.id),
  },
  {
    op: 'get /api/catalog/entries/{documentId}',
    on: 'a published document',
    params: ({ shared }) => ({ documentId: shared.eduPublished.id }),
    expect: everyone(200),
    allowed: (body, _who, { shared }) => expect(body.documentId).toBe(shared.eduPublished.id),
  },
  {
    op: 'get /api/catalog/entries/{documentId}',
    on: 'a document not yet published',
    params: ({ shared }) => ({ documentId: shared.eduInFlight.id }),
    expect: everyone(404),
  },
  {
    op: 'get /api/agencies',
    expect: everyone(200),
    allowed: (body) => expect(body.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['edu', 'health'])),
  },
  { op: 'get /api/openapi.json', expect: everyone(200), allowed: (body) => expect(body.openapi).toBe('3.1.0') },
  {
    op: 'get /api/me',
    expect: signedIn(200),
    allowed: (body, who) => expect(body.user).toBe(PEOPLE[who]),
  },
  {
    op: 'post /api/documents',
    on: "区教育局's metadata",
    body: () => EDU_METADATA,
    expect: signedIn(201, ['uploaderEdu']),
    allowed: async (body, _who, { w }) => expect((await w.doc(body.id)).agency).toBe('edu'),
  },
  {
    op: 'post /api/documents',
    on: "区卫生健康局's metadata",
    body: () => HEALTH_METADATA,
    expect: signedIn(201, ['uploaderOther']),
    allowed: async (body, _who, { w }) => expect((await w.doc(body.id)).agency).toBe('health'),
  },
  {
    op: 'get /api/documents',
    expect: signedIn(200),
    allowed: async (body, who, { w }) => {
      const agency = await agencyOf(w, who);
      for (const { id } of body.entries) expect((await w.doc(id)).agency, `${id} listed for ${who}`).toBe(agency);
      const ids = body.entries.map((d: { id: string }) => d.id);
      // The agency's newest documents (the list is capped, and other rows keep adding to this world).
      const newest = (await w.deps.documents.listByAgency(agency)).map((d) => d.id);
      expect(ids).toEqual(newest);
      if (agency === 'edu') expect(ids.length).toBeGreaterThan(0);
    },
  },
  {
    op: 'get /api/documents/{id}',
    on: "区教育局's document",
    params: ({ shared }) => ({ id: shared.eduInFlight.id }),
    expect: signedIn(200, ['uploaderEdu', 'leader', 'agencyAdmin', ...DISTRICT], 404),
    allowed: (body, _who, { shared }) => expect(body.id).toBe(shared.eduInFlight.id),
  },
  {
    op: 'get /api/documents/{id}',
    on: "区教育局's document 区统计局 approves",
    params: ({ shared }) => ({ id: shared.eduNeedsStats.id }),
    expect: signedIn(200, ['uploaderEdu', 'leader', 'agencyAdmin', 'approver', ...DISTRICT], 404),
    allowed: (body, _who, { shared }) => expect(body.id).toBe(shared.eduNeedsStats.id),
  },
  {
    op: 'get /api/documents/{id}',
    on: "区教育局's document 区卫生健康局 published",
    params: ({ shared }) => ({ id: shared.publishedByHealth.id }),
    expect: signedIn(200, ['uploaderEdu', 'leader', 'agencyAdmin', 'uploaderOther', ...DISTRICT], 404),
    allowed: (body, _who, { shared }) => expect(body.id).toBe(shared.publishedByHealth.id),
  },
  {
    op: 'get /api/documents/{id}',
    on: 'no such document',
    params: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    expect: signedIn(404),
  },
  ...(['corrections', 'withdrawal'] as const).flatMap((action): Row[] => {
    const op = `post /api/documents/{id}/${action}` as const;
    const body = () => (action === 'corrections' ? correctionBody() : { reason: '内容有误，予以撤回' });
    const to = action === 'corrections' ? 'CORRECTED' : 'WITHDRAWN';
    const allowed = async (res: any, _who: Who, { w, own }: Context) => {
      expect(res.status).toBe(to);
      expect((await w.doc(own?.id ?? '')).status).toBe(to);
    };
    return [
      {
        op,
        on: "区教育局's published document",
        own: async (w) => ({ id: (await w.published()).id }),
        params: ({ own }) => ({ id: own?.id ?? '' }),
        body,
        expect: signedIn(201, editors.edu),
        allowed,
        refused: stillPublished,
      },
      {
        // COORD-6: 区教育局 uploaded it, but 区卫生健康局 published it: only the publisher amends it.
        op,
        on: '区卫生健康局 published (区教育局 uploaded)',
        own: async (w) => ({ id: (await w.published({ leadDrafter: 'health' })).id }),
        params: ({ own }) => ({ id: own?.id ?? '' }),
        body,
        expect: signedIn(201, editors.health),
        allowed,
        refused: stillPublished,
      },
    ];
  }),
  {
    op: 'post /api/documents/{id}/upload-url',
    on: 'a DRAFT',
    params: ({ shared }) => ({ id: shared.eduDraft.id }),
    expect: onEduDocument(201, ['uploaderEdu']),
    allowed: (body, _who, { shared }) => expect(body.uploadUrl).toContain(shared.eduDraft.objectKey),
  },
  {
    op: 'post /api/documents/{id}/upload-url',
    on: 'a document whose file came',
    params: ({ shared }) => ({ id: shared.eduInFlight.id }),
    expect: onEduDocument(409, ['uploaderEdu']),
  },
  ...(
    [
      ['a DRAFT', 'DRAFT', (w: World) => w.register()],
      ['a RETURNED document', 'RETURNED', (w: World) => w.returned()],
      ['a FAILED document', 'FAILED', (w: World) => w.failed('system')],
    ] as const
  ).map(
    ([on, from, make]): Row => ({
      op: 'post /api/documents/{id}/cancel',
      on,
      own: async (w) => ({ id: (await make(w)).id }),
      params: ({ own }) => ({ id: own?.id ?? '' }),
      body: () => ({ reason: '重复登记，予以撤销' }),
      expect: onEduDocument(201, CANCELLERS),
      allowed: async (body, who, { w, own }) => {
        expect(body).toMatchObject({
          id: own?.id,
          status: 'CANCELLED',
          cancelled: { by: PEOPLE[who], reason: '重复登记，予以撤销', from },
        });
        expect((await w.doc(own?.id ?? '')).status).toBe('CANCELLED');
      },
      refused: statusIs(from),
    }),
  ),
  {
    op: 'post /api/documents/{id}/cancel',
    on: 'a document in the flow',
    params: ({ shared }) => ({ id: shared.eduInFlight.id }),
    body: () => ({ reason: '撤销' }),
    expect: onEduDocument(409, CANCELLERS),
  },
  {
    op: 'post /api/documents/{id}/rerun',
    on: 'a document the system failed',
    own: async (w) => ({ id: (await w.failed('system')).id }),
    params: ({ own }) => ({ id: own?.id ?? '' }),
    expect: onEduDocument(202, RERUNNERS),
    allowed: async (body, _who, { w, own }) => {
      expect(body).toEqual({ id: own?.id, status: 'AWAITING_SIGNOFF' });
      expect(w.deps.workflow.started.filter((s) => s.documentId === own?.id)).toHaveLength(1);
    },
    refused: async (ctx) => {
      await statusIs('FAILED')(ctx);
      expect(ctx.w.deps.workflow.started.filter((s) => s.documentId === ctx.own?.id)).toEqual([]);
    },
  },
  {
    op: 'post /api/documents/{id}/rerun',
    on: 'a document whose file was refused',
    params: ({ shared }) => ({ id: shared.eduRefused.id }),
    expect: onEduDocument(409, RERUNNERS),
  },
  {
    op: 'post /api/documents/{id}/rerun',
    on: 'a document in the flow',
    params: ({ shared }) => ({ id: shared.eduInFlight.id }),
    expect: onEduDocument(409, RERUNNERS),
  },
  {
    op: 'get /api/tasks',
    expect: signedIn(200),
    allowed: (body, who, { shared }) => {
      const mine: Record<Who, string[]> = {
        anonymous: [],
        uploaderEdu: ['zhang.wei'],
        uploaderOther: ['liu.yang'],
        leader: ['li.na'],
        reviewer: ['wang.fang', 'group:reviewer'],
        approver: ['zhao.lei', 'group:approver@stats'],
        oversight: ['qian.hui'],
        admin: ['ops'],
        agencyAdmin: ['he.jun'],
      };
      for (const task of body.entries) {
        expect(mine[who], `task ${task.id} listed for ${who}`).toContain(task.assignee);
        expect(task.status).toBe('open');
        expect(task).not.toHaveProperty('taskToken');
      }
      const ids = body.entries.map((t: { id: string }) => t.id);
      const theirs: Partial<Record<Who, Fixture>> = {
        leader: shared.eduInFlight,
        reviewer: shared.review,
        approver: shared.eduNeedsStats,
      };
      if (theirs[who]) expect(ids).toContain(theirs[who].taskId);
      expect(ids).not.toContain(shared.closed.taskId);
    },
  },
  ...(
    [
      ['sign-off', 'signoff', 'approve', ['leader']],
      ['confidentiality review', 'review', 'clear', ['reviewer']],
      ['approval', 'approval', 'approve', ['approver']],
    ] as const
  ).map(
    ([name, kind, decision, assignee]): Row => ({
      op: 'post /api/tasks/{id}/decision',
      on: `an open ${name}`,
      own: async (w) => {
        const f =
          kind === 'signoff'
            ? await w.awaitingSignoff()
            : kind === 'review'
              ? await w.inReview()
              : await w.awaitingApproval();
        return { id: f.id, taskId: f.taskId };
      },
      params: ({ own }) => ({ id: own?.taskId ?? '' }),
      body: () => ({ decision }),
      expect: signedIn(200, assignee),
      allowed: async (body, who, { w, own }) => {
        expect(body).toMatchObject({ ok: true, decision, decidedBy: PEOPLE[who] });
        expect((await w.deps.tasks.getTask(own?.taskId ?? ''))?.status).toBe('closed');
      },
      refused: taskStillOpen,
    }),
  ),
  {
    op: 'post /api/tasks/{id}/decision',
    on: 'a decided sign-off',
    params: ({ shared }) => ({ id: shared.closed.taskId }),
    body: () => ({ decision: 'approve' }),
    expect: signedIn(409, ['leader']),
  },
  {
    op: 'get /api/tasks/{id}/excerpt',
    on: 'an open confidentiality review',
    params: ({ shared }) => ({ id: shared.review.taskId }),
    expect: signedIn(200, ['reviewer']),
    allowed: (body) => expect(body.text).toContain('机密'),
  },
  {
    op: 'post /api/tasks/{id}/redaction',
    on: 'an open confidentiality review',
    params: ({ shared }) => ({ id: shared.review.taskId }),
    body: () => ({ contentType: 'text/plain' }),
    expect: signedIn(201, ['reviewer']),
    allowed: (body, _who, { shared }) => expect(body.redactionKey).toMatch(`redactions/${shared.review.id}/`),
  },
  {
    op: 'get /api/pipeline',
    expect: signedIn(200),
    allowed: async (body, who, { w, shared }) => {
      const agency = await agencyOf(w, who);
      const ids = body.entries.map((d: { id: string }) => d.id);
      if (isDistrict(who)) {
        expect(ids).toEqual(expect.arrayContaining([shared.eduInFlight.id, shared.healthInFlight.id]));
      } else {
        for (const d of body.entries) expect(d.agency, `${d.id} in ${who}'s pipeline`).toBe(agency);
      }
      if (agency === 'edu') expect(ids).toContain(shared.eduInFlight.id);
      if (agency === 'health') expect(ids).toContain(shared.healthInFlight.id);
    },
  },
  {
    op: 'get /api/scores',
    query: `year=${YEAR}`,
    expect: signedIn(200, ['oversight', 'admin']),
    allowed: (body) => expect(body.map((s: { agency: string }) => s.agency)).toContain('edu'),
  },
  {
    op: 'get /api/scores/years',
    expect: signedIn(200, ['oversight', 'admin']),
    allowed: (body) => expect(body).toEqual([YEAR]),
  },
  {
    op: 'get /api/scores/{agency}/{year}',
    params: () => ({ agency: 'edu', year: String(YEAR) }),
    expect: signedIn(200, ['oversight', 'admin']),
    allowed: (body) => expect(body.agency).toBe('edu'),
  },
  {
    op: 'get /api/reviews/attributes',
    query: `quarter=${YEAR}Q4`,
    expect: signedIn(200, DISTRICT),
    allowed: (body) =>
      expect(new Set(body.documents.map((d: { agency: string }) => d.agency))).toEqual(new Set(['edu', 'health'])),
  },
  {
    op: 'get /api/reviews/withheld',
    query: `year=${YEAR}`,
    expect: signedIn(200),
    allowed: async (body, who, { w }) => {
      const agencies = new Set(body.documents.map((d: { agency: string }) => d.agency));
      if (isDistrict(who)) expect(agencies).toEqual(new Set(['edu', 'health']));
      else {
        const agency = await agencyOf(w, who);
        expect(
          [...agencies].every((a) => a === agency),
          `${[...agencies]} for ${who}`,
        ).toBe(true);
        if (agency === 'edu' || agency === 'health') expect(agencies).toEqual(new Set([agency]));
      }
    },
  },
  ...REPORT_ROWS,
  ...DIRECTORY_ROWS,
  ...CALENDAR_ROWS,
  ...BATCH_ROWS,
];

function pathOf(op: OperationKey, params: Record<string, string> = {}, query?: string) {
  const template = op.slice(op.indexOf(' ') + 1);
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${op}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  return query ? `${path}?${query}` : path;
}

const methodOf = (op: OperationKey) => op.slice(0, op.indexOf(' ')).toUpperCase();

describe('who may call what: every operation × every kind of caller', () => {
  const w = createWorld();
  let shared: Shared;
  const owns = new Map<string, Own>();

  beforeAll(async () => {
    // On-request documents of two agencies: the yearly self-check lists them (FIVE-4).
    await w.register({ disclosure: 'on-request', title: '教育经费使用情况' });
    await w.register({ disclosure: 'on-request', title: '疫苗采购情况' }, PEOPLE.uploaderOther);
    const closed = await w.awaitingSignoff();
    await w.decide(closed.taskId, 'approve');
    shared = {
      eduInFlight: await w.awaitingSignoff(),
      healthInFlight: await w.awaitingSignoff({}, { as: PEOPLE.uploaderOther }),
      eduNeedsStats: await w.awaitingApproval(),
      publishedByHealth: await w.published({ leadDrafter: 'health' }),
      eduPublished: await w.published(),
      review: await w.inReview(),
      closed,
      eduDraft: await w.register(),
      eduRefused: await w.failed('input'),
    };
    for (const [r, row] of ROWS.entries()) {
      if (!row.own) continue;
      for (const who of EVERYONE) owns.set(`${r} ${who}`, await row.own(w));
    }
  });

  it('the demo callers are who the matrix says they are', async () => {
    const people = await Promise.all(EVERYONE.filter((who) => who !== 'anonymous').map((who) => agencyAndRoles(who)));
    expect(Object.fromEntries(people)).toEqual({
      uploaderEdu: ['edu', ['uploader']],
      uploaderOther: ['health', ['uploader']],
      leader: ['edu', ['leader']],
      reviewer: ['gov-office', ['reviewer']],
      approver: ['stats', ['leader', 'approver']],
      oversight: ['gov-office', ['oversight']],
      admin: ['gov-office', ['admin']],
      agencyAdmin: ['edu', ['agency-admin']],
    });
    expect(shared.publishedByHealth).toMatchObject({ agency: 'edu', publisher: 'health', status: 'PUBLISHED' });
    expect(shared.eduNeedsStats.doc).toMatchObject({ agency: 'edu', approvals: ['stats'] });
  });

  async function agencyAndRoles(who: Who) {
    const { agency, roles } = await w.identity(PEOPLE[who] ?? '');
    return [who, [agency, roles]] as const;
  }

  it('covers every operation', () => {
    const covered = new Set(ROWS.map((row) => row.op));
    expect(
      OPERATIONS.map((op) => `${op.method} ${op.path}`).filter((key) => !covered.has(key as OperationKey)),
    ).toEqual([]);
  });

  it('public operations answer everyone alike; every other one answers 401 to anonymous', () => {
    for (const row of ROWS) {
      const access = OPERATIONS.find((op) => `${op.method} ${op.path}` === row.op)?.access;
      if (access === 'public')
        expect(new Set(Object.values(row.expect)), row.op).toEqual(new Set([row.expect.anonymous]));
      else expect(row.expect.anonymous, row.op).toBe(401);
    }
  });

  const cells = ROWS.flatMap((row, r) =>
    EVERYONE.map((who) => {
      const status = row.expect[who];
      return [`${row.op}${row.on ? ` (${row.on})` : ''} as ${who} → ${status}`, { r, who, status }] as const;
    }),
  );

  it.each(cells)('%s', async (_cell, { r, who, status }) => {
    const row = ROWS[r] as Row;
    const ctx: Context = { w, shared, own: owns.get(`${r} ${who}`) };
    const res = await w.call(methodOf(row.op), pathOf(row.op, row.params?.(ctx), row.query), {
      as: PEOPLE[who],
      ...(row.body ? { body: row.body(ctx) } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).not.toBe(500);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status < 300) await row.allowed?.(res.body, who, ctx);
    else {
      const codes: Record<number, string[]> = {
        401: ['unauthenticated'],
        403: ['forbidden', 'unauthorised_publication'],
        404: ['not_found'],
        409: ['conflict'],
      };
      expect(codes[status]).toContain(ErrorResponseSchema.parse(res.body).error.code);
      await row.refused?.(ctx);
    }
  });
});

describe('no operation answers 500, whoever calls it with whatever', () => {
  const w = createWorld();
  const garbage: ReadonlyArray<readonly [string, unknown]> = [
    ['no body', undefined],
    ['an empty object', {}],
    ['broken JSON', '{"title": '],
    ['a JSON array', '[1, 2, 3]'],
    ['wrong types', { decision: 7, contentType: ['text/plain'], title: null, reason: {}, note: 1 }],
  ];
  const unknown = { id: 'no-such-id', documentId: 'no-such-id', agency: 'no-such-agency', year: 'MMXXVI' };
  let real: { documentId: string; agency: string; year: string; taskId: string };

  beforeAll(async () => {
    const published = await w.published();
    const review = await w.inReview();
    real = { documentId: published.id, agency: 'edu', year: String(YEAR), taskId: review.taskId };
  });

  it.each(OPERATIONS.map((op) => `${op.method} ${op.path}` as OperationKey))('%s', async (key) => {
    // {id} is a document under /api/documents, a task under /api/tasks.
    const paramSets = [unknown, { ...real, id: key.includes('/api/tasks/') ? real.taskId : real.documentId }];
    for (const params of paramSets) {
      for (const who of EVERYONE) {
        for (const [what, body] of key.startsWith('post') ? garbage : garbage.slice(0, 1)) {
          for (const query of ['', 'year=abc&quarter=2026Q9&category=x&q=%E4%B8%AD']) {
            const path = pathOf(key, params, query);
            const res = await w.call(methodOf(key), path, { as: PEOPLE[who], body });
            const cell = `${path} as ${who} with ${what}: ${res.status} ${JSON.stringify(res.body)}`;
            expect(res.status, cell).toBeLessThan(500);
            if (res.status >= 400) expect(ErrorResponseSchema.safeParse(res.body).success, cell).toBe(true);
            if (key.startsWith('post')) expect(res.status, cell).toBeGreaterThanOrEqual(400);
          }
        }
      }
    }
  });
});
