import { describe, expect, it } from 'vitest';
import { createWorld, PEOPLE, type World } from './support';

/**
 * /api/directory/…: what the routes do beyond who may call them (test/api/access.test.ts has the
 * role × route matrix): reassignment moving open sign-offs, the import's all-or-nothing with
 * errors by line, clear errors for bad input, and the change log an administrator reads.
 */

const ADMIN = PEOPLE.admin;
const EDU_ADMIN = PEOPLE.agencyAdmin;

async function newEduLeader(w: World, user = 'sun.yu', as: string = ADMIN) {
  const res = await w.call('POST', '/api/directory/users', {
    as,
    body: { user, name: '孙宇', roles: ['leader'], agency: 'edu', department: 'office', email: `${user}@tai.gov.cn` },
  });
  expect(res.status).toBe(201);
  return user;
}

const taskIds = async (w: World, as: string) =>
  ((await w.call('GET', '/api/tasks', { as })).body.entries as { id: string }[]).map((t) => t.id).sort();

describe('reassigning a department (EXPAND-2)', () => {
  it("moves every open sign-off of the department to the new leader in one audited step; the old leader's decision is 403", async () => {
    const w = createWorld({ tickMs: 1000 });
    const [first, second] = [await w.awaitingSignoff(), await w.awaitingSignoff()];
    const other = await w.awaitingSignoff({ department: 'basic-edu' });
    const sun = await newEduLeader(w, 'sun.yu', EDU_ADMIN);

    const res = await w.call('POST', '/api/directory/agencies/edu/departments/office/leader', {
      as: EDU_ADMIN,
      body: { leader: sun, effectiveFrom: '2026-11-24' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: 3, tasksMoved: 2, warnings: [] });
    expect(res.body.logIds).toHaveLength(1);

    expect(await taskIds(w, sun)).toEqual([first.taskId, second.taskId].sort());
    expect(await taskIds(w, PEOPLE.leader)).toEqual([other.taskId]);
    const refused = await w.call('POST', `/api/tasks/${first.taskId}/decision`, {
      as: PEOPLE.leader,
      body: { decision: 'approve' },
    });
    expect(refused.status).toBe(403);
    expect((await w.deps.tasks.getTask(first.taskId))?.status).toBe('open');
    const decided = await w.call('POST', `/api/tasks/${first.taskId}/decision`, {
      as: sun,
      body: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    expect((await w.doc(first.id)).status).toBe('SIGNED_OFF');

    const log = await w.call('GET', '/api/directory/log?limit=1', { as: ADMIN });
    const [entry] = log.body.entries;
    expect(entry).toMatchObject({ actor: EDU_ADMIN, action: 'leader-assigned', agencies: ['edu'] });
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'department',
          key: 'edu/office',
          before: expect.objectContaining({ leader: 'li.na' }),
          after: expect.objectContaining({ leader: sun }),
        }),
        {
          kind: 'task',
          key: first.taskId,
          documentId: first.id,
          before: { assignee: 'li.na' },
          after: { assignee: sun },
        },
        {
          kind: 'task',
          key: second.taskId,
          documentId: second.id,
          before: { assignee: 'li.na' },
          after: { assignee: sun },
        },
      ]),
    );
  });

  it('keeps the dated history: a new sign-off goes to the leader assigned that day', async () => {
    const w = createWorld();
    const sun = await newEduLeader(w);
    await w.call('POST', '/api/directory/agencies/edu/departments/office/leader', {
      as: ADMIN,
      body: { leader: sun, effectiveFrom: '2026-11-20' },
    });
    const departments = await w.call('GET', '/api/directory/departments?agency=edu', { as: ADMIN });
    const office = departments.body.find((d: { id: string }) => d.id === 'office');
    expect(office.leader).toBe(sun);
    expect(office.leaders.map((a: { leader: string; effectiveFrom: string }) => [a.leader, a.effectiveFrom])).toEqual([
      ['li.na', '2000-01-01'],
      [sun, '2026-11-20'],
    ]);
    const { taskId } = await w.awaitingSignoff();
    expect((await w.deps.tasks.getTask(taskId))?.assignee).toBe(sun);
  });

  it('refuses a future date, an unknown leader and a leader of another agency, naming why', async () => {
    const w = createWorld();
    const assign = (body: unknown) =>
      w.call('POST', '/api/directory/agencies/edu/departments/office/leader', { as: ADMIN, body });
    const sun = await newEduLeader(w);
    const future = await assign({ leader: sun, effectiveFrom: '2026-12-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toContain('after today');
    const unknown = await assign({ leader: 'nobody', effectiveFrom: '2026-11-24' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('nobody is not a user');
    const foreign = await assign({ leader: 'chen.min', effectiveFrom: '2026-11-24' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('chen.min is a user of health');
    const noDate = await assign({ leader: sun });
    expect(noDate).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect(noDate.body.error.message).toContain('body.effectiveFrom');
  });
});

const HEADER =
  'type,agency,id,name,code,head,disclosure_office,competent_for,leader,effective_from,roles,department,email';

describe('bulk import (POST /api/directory/import)', () => {
  const good = [
    HEADER,
    'agency,culture,,区文化旅游局,0231,wu.tao,,,,,,,',
    'user,culture,wu.tao,吴涛,,,,,,,leader,,wu.tao@tai.gov.cn',
    'user,culture,zheng.li,郑丽,,,,,,,uploader,office,zheng.li@tai.gov.cn',
    'department,culture,office,办公室,,,,,wu.tao,2026-11-01,,,',
  ].join('\n');

  it('a file with errors is rejected whole, each error with its line; nothing is written', async () => {
    const w = createWorld();
    const bad = [
      HEADER,
      'agency,culture,,区文化旅游局,0231,,,,,,,,',
      'user,culture,wu.tao,吴涛,,,,,,,chief,,wu.tao@tai.gov.cn',
      'department,culture,office,办公室,,,,,nobody,,,,',
      'agency,parks,,区园林局,0201,,,,,,,,',
      'user,culture,zheng.li,郑丽,,,,,,,uploader,office,not-an-email',
    ].join('\n');
    const usersBefore = (await w.deps.directory.listUsers()).length;
    const res = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { csv: bad } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_import');
    const lines = res.body.errors.map((e: { line: number }) => e.line);
    expect(lines).toEqual([...lines].sort((a: number, b: number) => a - b));
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { line: 3, message: expect.stringContaining('roles') },
        { line: 4, message: expect.stringContaining('leader nobody is not a user') },
        { line: 5, message: expect.stringContaining('agency code 0201 is used by') },
        { line: 6, message: expect.stringContaining('email') },
      ]),
    );
    expect(await w.deps.directory.getAgency('culture')).toBeUndefined();
    expect(await w.deps.directory.listUsers()).toHaveLength(usersBefore);
    expect((await w.call('GET', '/api/directory/imports', { as: ADMIN })).body).toEqual([]);

    const dry = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { csv: bad, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ok: false, dryRun: true });
    expect(dry.body.errors).toEqual(res.body.errors);
  });

  it('a dry run of a good file says what it would write and writes nothing; the import then applies it all', async () => {
    const w = createWorld();
    const dry = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { csv: good, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      ok: true,
      dryRun: true,
      errors: [],
      summary: {
        rows: 4,
        agencies: { created: 1, updated: 0, unchanged: 0 },
        departments: { created: 1, updated: 0, unchanged: 0 },
        users: { created: 2, updated: 0, unchanged: 0 },
        transactions: 1,
      },
    });
    expect(dry.body.importId).toBeUndefined();
    expect(await w.deps.directory.getAgency('culture')).toBeUndefined();

    const res = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { csv: good } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, dryRun: false, importId: expect.any(String) });
    expect(await w.deps.directory.getAgency('culture')).toMatchObject({
      name: '区文化旅游局',
      code: '0231',
      head: 'wu.tao',
    });
    expect(await w.deps.directory.getDepartment('culture', 'office')).toMatchObject({ leader: 'wu.tao' });
    expect(await w.deps.directory.getUser('wu.tao')).toMatchObject({ departments: ['office'] });
    const [record] = (await w.call('GET', '/api/directory/imports', { as: ADMIN })).body;
    expect(record).toMatchObject({
      id: res.body.importId,
      status: 'applied',
      rows: 4,
      parts: 1,
      done: 1,
      actor: ADMIN,
    });
    const log = await w.call('GET', '/api/directory/log?agency=culture', { as: ADMIN });
    expect(log.body.entries).toEqual([
      expect.objectContaining({ action: 'import', importId: res.body.importId, actor: ADMIN }),
    ]);

    const again = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { csv: good } });
    expect(again.body.summary).toMatchObject({ agencies: { unchanged: 1 }, users: { unchanged: 2 }, transactions: 0 });
  });

  it("an agency administrator's file may hold their own agency's people and departments only", async () => {
    const w = createWorld();
    const csv = [
      'type,agency,id,name,roles,department,leader',
      'user,edu,qin.lan,秦兰,uploader,office,',
      'user,health,gao.fei,高飞,uploader,office,',
      'department,edu,sports,体育科,,,li.na',
    ].join('\r\n');
    const res = await w.call('POST', '/api/directory/import', { as: EDU_ADMIN, body: { csv } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ line: 3, message: "user gao.fei is not edu's" }]);
    expect(await w.deps.directory.getUser('qin.lan')).toBeUndefined();

    const own = csv
      .split('\r\n')
      .filter((l) => !l.includes('health'))
      .join('\r\n');
    const ok = await w.call('POST', '/api/directory/import', { as: EDU_ADMIN, body: { csv: own } });
    expect(ok.status).toBe(200);
    expect(await w.deps.directory.getDepartment('edu', 'sports')).toMatchObject({ leader: 'li.na' });
  });

  it('refuses what is not a CSV text, or too much of one', async () => {
    const w = createWorld();
    const none = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { dryRun: true } });
    expect(none).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    const big = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { csv: 'x'.repeat(2_000_001) } });
    expect(big.status).toBe(400);
    expect(big.body.error.message).toContain('body.csv');
    const header = await w.call('POST', '/api/directory/import', { as: ADMIN, body: { csv: 'kind,agency\n' } });
    expect(header.status).toBe(400);
    expect(header.body.errors).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('unknown column kind') }),
      expect.objectContaining({ line: 1, message: 'the header has no type column' }),
    ]);
  });
});

describe('agencies, users and the change log', () => {
  it('every change is in the log: who, when, before → after', async () => {
    const w = createWorld();
    await w.call('PUT', '/api/directory/agencies/edu', {
      as: ADMIN,
      body: { name: '区教育和体育局', code: '0299', competentFor: ['statistics'] },
    });
    const [entry] = (await w.call('GET', '/api/directory/log?limit=1', { as: ADMIN })).body.entries;
    expect(entry).toMatchObject({ at: '2026-11-24T02:00:00.000Z', actor: ADMIN, action: 'agency-updated' });
    expect(entry.changes).toEqual([
      {
        kind: 'agency',
        key: 'edu',
        before: { name: '区教育局', code: '0201', competentFor: null },
        after: { name: '区教育和体育局', code: '0299', competentFor: ['statistics'] },
      },
    ]);
  });

  it('COORD-3 abolishes an agency with its successor and the deciding agency', async () => {
    const w = createWorld();
    await w.call('POST', '/api/directory/agencies', {
      as: ADMIN,
      body: { id: 'culture', name: '区文化旅游局', code: '0231' },
    });
    const res = await w.call('POST', '/api/directory/agencies/culture/abolish', {
      as: ADMIN,
      body: { abolishedBy: 'gov-office', successorId: 'edu' },
    });
    expect(res.status).toBe(200);
    expect(await w.deps.directory.getAgency('culture')).toMatchObject({
      status: 'abolished',
      abolishedBy: 'gov-office',
      successorId: 'edu',
    });
    const twice = await w.call('POST', '/api/directory/agencies/culture/abolish', {
      as: ADMIN,
      body: { abolishedBy: 'gov-office' },
    });
    expect(twice.status).toBe(409);
  });

  it('refuses bad input with the field named, and what does not exist with 404', async () => {
    const w = createWorld();
    const code = await w.call('POST', '/api/directory/agencies', {
      as: ADMIN,
      body: { id: 'x', name: '区某局', code: '12' },
    });
    expect(code).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect(code.body.error.message).toContain('body.code');
    const extra = await w.call('PUT', '/api/directory/users/zhang.wei', { as: ADMIN, body: { nmae: '张伟' } });
    expect(extra.status).toBe(400);
    const role = await w.call('PUT', '/api/directory/users/zhang.wei', { as: ADMIN, body: { roles: ['king'] } });
    expect(role.status).toBe(400);
    expect(role.body.error.message).toContain('body.roles');
    expect((await w.call('PUT', '/api/directory/users/nobody', { as: ADMIN, body: { name: '某' } })).status).toBe(404);
    expect((await w.call('PUT', '/api/directory/agencies/nowhere', { as: ADMIN, body: { name: '某局' } })).status).toBe(
      404,
    );
  });

  it('disables a user with a reason in the log, and warns when they hold a position', async () => {
    const w = createWorld();
    const res = await w.call('POST', '/api/directory/users/li.na/disable', { as: ADMIN, body: { reason: '调离' } });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('its leader li.na is disabled')]),
    );
    expect(await w.deps.directory.getUser('li.na')).toMatchObject({ disabled: true });
    const [entry] = (await w.call('GET', '/api/directory/log?limit=1', { as: ADMIN })).body.entries;
    expect(entry).toMatchObject({ action: 'user-disabled', note: '调离' });
    expect(entry.changes).toEqual([
      { kind: 'user', key: 'li.na', before: { disabled: null }, after: { disabled: true } },
    ]);
  });

  it("an agency administrator reads only their agency's log entries, and cannot give district roles", async () => {
    const w = createWorld();
    await w.call('PUT', '/api/directory/agencies/health', { as: ADMIN, body: { name: '区卫健局' } });
    await newEduLeader(w, 'sun.yu', EDU_ADMIN);
    const log = await w.call('GET', '/api/directory/log?agency=health', { as: EDU_ADMIN });
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(['user-created']);
    const admin = await w.call('PUT', '/api/directory/users/sun.yu', { as: EDU_ADMIN, body: { roles: ['admin'] } });
    expect(admin.status).toBe(403);
    expect(admin.body.error.message).toContain('district role (admin)');
  });
});
