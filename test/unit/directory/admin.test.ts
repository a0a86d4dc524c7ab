import { describe, expect, it } from 'vitest';
import { seedDirectory } from '../../../infra/local/seed';
import { type Administrator, operator } from '../../../shared/directory/access';
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
import { leaderOn } from '../../../shared/directory/assignments';
import { identityForSignIn, SIGN_IN_ACTOR } from '../../../shared/directory/sign-in';
import {
  ConflictError,
  DirectoryConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../shared/model/errors';
import { routeDocument } from '../../../shared/pipeline/route';
import { decideTask } from '../../../shared/pipeline/tasks/decide';
import type { DirectoryWrite } from '../../../shared/ports';
import { createMemoryDeps, type MemoryDeps } from '../../support/memory';
import {
  advance,
  awaitingSignoff,
  decide,
  docOf,
  NOW,
  open,
  openTasksOf,
  signedOff,
  TickingClock,
  taskOf,
  user,
  world,
} from '../pipeline/drive';

const ADMIN: Administrator = { kind: 'admin', actor: 'ops' };
const EDU_ADMIN: Administrator = { kind: 'agency-admin', actor: 'he.jun', agency: 'edu' };
const TODAY = '2026-11-23';

/** The demo district written through the import (with versions, claims and a history of assignments). */
async function imported(): Promise<MemoryDeps> {
  const deps = createMemoryDeps({ clock: new TickingClock() });
  deps.clock.set(NOW);
  await seedDirectory(deps);
  return deps;
}

async function lastLog(deps: MemoryDeps) {
  const [entry] = (await deps.directory.changeLog({ limit: 1 })).entries;
  if (!entry) throw new Error('no log entry');
  return entry;
}

/** A second leader in charge for 区教育局. */
async function addEduLeader(deps: MemoryDeps, id = 'sun.yu') {
  await createUser(deps, ADMIN, { user: id, name: '孙宇', roles: ['leader'], agency: 'edu', department: 'office' });
  return id;
}

describe('agencies', () => {
  it('creates, renames and sets the code of an agency, each change in the log with before → after', async () => {
    const deps = await imported();
    const created = await createAgency(deps, ADMIN, { id: 'sports', name: '区体育局', code: '0214' });
    expect(created).toMatchObject({ changed: 1, tasksMoved: 0, warnings: [] });
    expect(await deps.directory.getAgency('sports')).toEqual({
      id: 'sports',
      name: '区体育局',
      code: '0214',
      status: 'active',
      version: 1,
    });
    expect(await deps.directory.claimOwner('code', '0214')).toBe('sports');
    expect(await lastLog(deps)).toMatchObject({
      actor: 'ops',
      action: 'agency-created',
      agencies: ['sports'],
      changes: [{ kind: 'agency', key: 'sports', after: { name: '区体育局', code: '0214', status: 'active' } }],
    });

    await updateAgency(deps, ADMIN, 'sports', { name: '区文化和体育局', code: '0215' });
    expect(await deps.directory.getAgency('sports')).toMatchObject({
      name: '区文化和体育局',
      code: '0215',
      version: 2,
    });
    expect(await lastLog(deps)).toMatchObject({
      action: 'agency-updated',
      changes: [
        {
          kind: 'agency',
          key: 'sports',
          before: { name: '区体育局', code: '0214' },
          after: { name: '区文化和体育局', code: '0215' },
        },
      ],
    });
    // The old code is free again, the new one held.
    expect(await deps.directory.claimOwner('code', '0214')).toBeUndefined();
    expect(await deps.directory.claimOwner('code', '0215')).toBe('sports');
  });

  it('refuses a code in use (also by an abolished agency, whose index numbers keep it) or not of four digits', async () => {
    const deps = await imported();
    await expect(createAgency(deps, ADMIN, { id: 'a', name: '甲', code: '0201' })).rejects.toThrow(
      'agency code 0201 is used by edu and a',
    );
    await expect(createAgency(deps, ADMIN, { id: 'b', name: '乙', code: '0220' })).rejects.toThrow(
      /0220 is used by land/,
    );
    await expect(updateAgency(deps, ADMIN, 'health', { code: '0201' })).rejects.toBeInstanceOf(ValidationError);
    await expect(createAgency(deps, ADMIN, { id: 'c', name: '丙', code: '21' })).rejects.toThrow('is not four digits');
    await expect(createAgency(deps, ADMIN, { id: 'edu', name: '丁', code: '0299' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await deps.directory.getAgency('a')).toBeUndefined();
  });

  it('keeps codes unique under concurrency: the claim of a code is taken once', async () => {
    const deps = await imported();
    const results = await Promise.allSettled([
      createAgency(deps, ADMIN, { id: 'x1', name: '甲', code: '0888' }),
      createAgency(deps, ADMIN, { id: 'x2', name: '乙', code: '0888' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const holders = (await deps.directory.listAgencies()).filter((a) => a.code === '0888');
    expect(holders).toHaveLength(1);
    expect(await deps.directory.claimOwner('code', '0888')).toBe(holders[0]?.id);
  });

  it('swaps two codes in one change without the claims getting in the way', async () => {
    const deps = await imported();
    // Two agencies' codes exchanged through a third value, one change at a time.
    await updateAgency(deps, ADMIN, 'edu', { code: '0299' });
    await updateAgency(deps, ADMIN, 'health', { code: '0201' });
    await updateAgency(deps, ADMIN, 'edu', { code: '0202' });
    expect((await deps.directory.getAgency('edu'))?.code).toBe('0202');
    expect(await deps.directory.claimOwner('code', '0201')).toBe('health');
    expect(await deps.directory.claimOwner('code', '0202')).toBe('edu');
    expect(await deps.directory.claimOwner('code', '0299')).toBeUndefined();
  });

  it('COORD-3 abolishes an agency with its successor and deciding agency; routing follows them', async () => {
    const deps = await imported();
    await createAgency(deps, ADMIN, { id: 'old-civil', name: '原区民政事务局', code: '0230' });
    await abolishAgency(deps, ADMIN, 'old-civil', { abolishedBy: 'gov-office', successorId: 'civil' });
    expect(await deps.directory.getAgency('old-civil')).toMatchObject({
      status: 'abolished',
      successorId: 'civil',
      abolishedBy: 'gov-office',
    });
    expect(await lastLog(deps)).toMatchObject({
      action: 'agency-abolished',
      changes: [{ before: { status: 'active', successorId: null, abolishedBy: null } }],
    });
    // A document 区教育局 holds but 原区民政事务局 made goes to its successor (COORD-1, COORD-3).
    const id = await signedOff(deps, undefined, { origin: 'obtained', heldBy: 'old-civil' });
    const routed = await routeDocument(deps, id);
    expect(routed.publisher).toBe('civil');
    expect((await docOf(deps, id)).routingRules).toEqual(['COORD-1', 'COORD-3', 'COORD-6']);
  });

  it('COORD-3 refuses an abolition without a deciding agency, into a cycle, to itself or of the disclosure office', async () => {
    const deps = await imported();
    await expect(abolishAgency(deps, ADMIN, 'edu', { abolishedBy: 'edu' })).rejects.toThrow(
      'cannot succeed or abolish itself',
    );
    await expect(abolishAgency(deps, ADMIN, 'edu', { abolishedBy: 'gov-office', successorId: 'land' })).rejects.toThrow(
      'successorId: land is not an active agency',
    );
    await expect(abolishAgency(deps, ADMIN, 'gov-office', { abolishedBy: 'edu' })).rejects.toThrow(
      'make another agency the office first',
    );
    await expect(abolishAgency(deps, ADMIN, 'land', { abolishedBy: 'gov-office' })).rejects.toThrow(
      'already abolished',
    );
    expect((await deps.directory.getAgency('edu'))?.status).toBe('active');
  });

  it('COORD-4 sets the categories an agency is competent for; routing asks its approval', async () => {
    const deps = await imported();
    await updateAgency(deps, ADMIN, 'finance', { competentFor: ['statistics'] });
    const id = await signedOff(deps, undefined, { sensitiveCategory: 'statistics' });
    const result = await routeDocument(deps, id);
    expect(result.next).toBe('approval');
    expect((await docOf(deps, id)).approvals).toEqual(['finance', 'stats']);
    await updateAgency(deps, ADMIN, 'finance', { competentFor: [] });
    expect((await deps.directory.getAgency('finance'))?.competentFor).toBeUndefined();
  });

  it('COORD-5(2) moves the one disclosure office; it cannot be removed, only moved', async () => {
    const deps = await imported();
    await updateAgency(deps, ADMIN, 'finance', { disclosureOffice: true });
    const offices = (await deps.directory.listAgencies()).filter((a) => a.disclosureOffice).map((a) => a.id);
    expect(offices).toEqual(['finance']);
    expect((await lastLog(deps)).changes.map((c) => [c.key, c.after])).toEqual([
      ['finance', { disclosureOffice: true }],
      ['gov-office', { disclosureOffice: null }],
    ]);
  });

  it('sets the head (a user of the agency); an escalated sign-off goes to the new head, and open ones move', async () => {
    const deps = world(); // the demo district seeded as items were before versions
    const head = 'xu.ping';
    await createUser(deps, ADMIN, { user: head, name: '许平', roles: ['leader'], agency: 'edu' });
    await expect(updateAgency(deps, ADMIN, 'edu', { head: 'chen.min' })).rejects.toThrow(
      'head chen.min is a user of health, not of edu',
    );
    // 李娜 let a sign-off lapse: 区教育局's head (李娜 herself) → the disclosure office's head takes it.
    const { id } = await awaitingSignoff(deps);
    const { tasks } = await open(deps, id, 'signoff', true);
    expect(tasks.map((t) => t.assignee)).toEqual(['zhou.qiang']);
    const result = await updateAgency(deps, ADMIN, 'edu', { head });
    // Now 区教育局 has a head other than the leader: the escalated sign-off is theirs.
    expect(result.tasksMoved).toBe(0); // zhou.qiang did not lose a position
    const second = await awaitingSignoff(deps);
    const escalated = await open(deps, second.id, 'signoff', true);
    expect(escalated.tasks.map((t) => t.assignee)).toEqual([head]);
    await createUser(deps, ADMIN, { user: 'xu.an', name: '徐安', roles: ['leader'], agency: 'edu' });
    const moved = await updateAgency(deps, ADMIN, 'edu', { head: 'xu.an' });
    expect(moved.tasksMoved).toBe(1);
    expect((await taskOf(deps, escalated.tasks[0]?.id ?? '')).assignee).toBe('xu.an');
  });

  it('an agency administrator changes nothing of an agency record, not even their own', async () => {
    const deps = await imported();
    await expect(updateAgency(deps, EDU_ADMIN, 'edu', { name: '区教育和体育局' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(updateAgency(deps, EDU_ADMIN, 'edu', { code: '0299' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(abolishAgency(deps, EDU_ADMIN, 'civil', { abolishedBy: 'gov-office' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createAgency(deps, EDU_ADMIN, { id: 'new', name: '新局', code: '0290' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await deps.directory.getAgency('edu'))?.name).toBe('区教育局');
  });
});

describe('departments and the leaders in charge (EXPAND-2)', () => {
  it('creates a department with its first assignment; the leader must be an enabled leader of the agency', async () => {
    const deps = await imported();
    await createDepartment(deps, EDU_ADMIN, 'edu', { id: 'research', name: '教研室', leader: 'li.na' });
    expect(await deps.directory.getDepartment('edu', 'research')).toMatchObject({
      leader: 'li.na',
      leaders: [{ leader: 'li.na', effectiveFrom: TODAY, assignedBy: 'he.jun' }],
      version: 1,
    });
    expect((await user(deps, 'li.na')).departments).toEqual(['basic-edu', 'office', 'research']);
    await expect(createDepartment(deps, ADMIN, 'edu', { id: 'x', name: '甲', leader: 'zhang.wei' })).rejects.toThrow(
      'leader zhang.wei does not have the role leader',
    );
    await expect(createDepartment(deps, ADMIN, 'edu', { id: 'x', name: '甲', leader: 'chen.min' })).rejects.toThrow(
      'is a user of health',
    );
    await expect(createDepartment(deps, ADMIN, 'edu', { id: 'x', name: '甲', leader: 'nobody' })).rejects.toThrow(
      'leader nobody is not a user',
    );
    await expect(createDepartment(deps, ADMIN, 'land', { id: 'x', name: '甲', leader: 'li.na' })).rejects.toThrow(
      'agency land is abolished',
    );
    await expect(
      createDepartment(deps, EDU_ADMIN, 'health', { id: 'x', name: '甲', leader: 'chen.min' }),
    ).rejects.toThrow(ForbiddenError);
    await renameDepartment(deps, EDU_ADMIN, 'edu', 'research', '教学研究室');
    expect((await deps.directory.getDepartment('edu', 'research'))?.name).toBe('教学研究室');
  });

  it('reassigning moves every open sign-off of the department to the new leader in one audited write; the old leader gets 403', async () => {
    const deps = world(); // departments recorded without a history of assignments
    const newLeader = await addEduLeader(deps);
    const office1 = await awaitingSignoff(deps);
    const office2 = await awaitingSignoff(deps);
    const basic = await awaitingSignoff(deps, undefined, { department: 'basic-edu' });

    const result = await assignLeader(deps, EDU_ADMIN, 'edu', 'office', { leader: newLeader, effectiveFrom: TODAY });
    expect(result.tasksMoved).toBe(2);
    expect(result.logIds).toHaveLength(1);
    for (const { task } of [office1, office2]) {
      expect(await taskOf(deps, task.id)).toMatchObject({
        assignee: newLeader,
        status: 'open',
        reassigned: { from: 'li.na', by: 'he.jun' },
      });
    }
    // 基础教育科 stays with 李娜.
    expect((await taskOf(deps, basic.task.id)).assignee).toBe('li.na');
    expect((await deps.tasks.listOpen([newLeader])).map((t) => t.id).sort()).toEqual(
      [office1.task.id, office2.task.id].sort(),
    );
    expect((await deps.tasks.listOpen(['li.na'])).map((t) => t.id)).toEqual([basic.task.id]);

    // The department keeps its dated history, the leaders' departments follow.
    expect(await deps.directory.getDepartment('edu', 'office')).toMatchObject({
      leader: newLeader,
      leaders: [
        { leader: 'li.na', effectiveFrom: '2000-01-01', assignedBy: 'system:before-history' },
        { leader: newLeader, effectiveFrom: TODAY, assignedBy: 'he.jun' },
      ],
    });
    expect((await user(deps, 'li.na')).departments).toEqual(['basic-edu']);
    expect((await user(deps, newLeader)).departments).toEqual(['office']);

    // One log entry: the department, both leaders, both tasks.
    const entry = await lastLog(deps);
    expect(entry).toMatchObject({ action: 'leader-assigned', actor: 'he.jun', agencies: ['edu'] });
    expect(entry.changes.map((c) => `${c.kind} ${c.key}`).sort()).toEqual(
      [
        'department edu/office',
        'user li.na',
        `user ${newLeader}`,
        `task ${office1.task.id}`,
        `task ${office2.task.id}`,
      ].sort(),
    );
    expect(entry.changes.find((c) => c.key === office1.task.id)).toMatchObject({
      documentId: office1.id,
      before: { assignee: 'li.na' },
      after: { assignee: newLeader },
    });

    // The old leader can no longer decide them; the new one can.
    const liNa = await user(deps, 'li.na');
    await expect(decideTask(deps, liNa, office1.task.id, { decision: 'approve' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await decide(deps, office1.task.id, 'approve', { as: newLeader });
    expect((await docOf(deps, office1.id)).status).toBe('SIGNED_OFF');
    await decide(deps, basic.task.id, 'approve', { as: 'li.na' });
  });

  it('a new sign-off goes to the leader whose assignment is valid that day; escalation compares with them', async () => {
    const deps = world();
    const newLeader = await addEduLeader(deps);
    await assignLeader(deps, ADMIN, 'edu', 'office', { leader: newLeader, effectiveFrom: '2026-11-20' });
    const { task } = await awaitingSignoff(deps);
    expect(task.assignee).toBe(newLeader);
    const department = await deps.directory.getDepartment('edu', 'office');
    expect(department && leaderOn(department, '2026-11-19')).toBe('li.na');
    expect(department && leaderOn(department, '2026-11-20')).toBe(newLeader);
    // The lapsed sign-off goes to 区教育局's head (李娜), who is not the leader in charge now.
    const { tasks } = await open(deps, (await docOf(deps, task.documentId)).id, 'signoff', true);
    expect(tasks.map((t) => t.assignee)).toEqual(['li.na']);
  });

  it('refuses a future assignment, one before the current one, the same leader again, another agency’s department', async () => {
    const deps = await imported();
    const newLeader = await addEduLeader(deps);
    await expect(
      assignLeader(deps, ADMIN, 'edu', 'office', { leader: newLeader, effectiveFrom: '2026-11-24' }),
    ).rejects.toThrow('is after today');
    await expect(
      assignLeader(deps, ADMIN, 'edu', 'office', { leader: newLeader, effectiveFrom: '2019-12-31' }),
    ).rejects.toThrow('before the current assignment (li.na from 2020-01-01)');
    await expect(
      assignLeader(deps, ADMIN, 'edu', 'office', { leader: 'li.na', effectiveFrom: TODAY }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      assignLeader(deps, EDU_ADMIN, 'health', 'office', { leader: 'lu.wen', effectiveFrom: TODAY }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      assignLeader(deps, ADMIN, 'edu', 'nowhere', { leader: newLeader, effectiveFrom: TODAY }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await deps.directory.getDepartment('edu', 'office'))?.leader).toBe('li.na');
  });

  it('moves more open sign-offs than one transaction holds: the records first, the rest in further writes', async () => {
    const deps = world();
    const newLeader = await addEduLeader(deps);
    const ids: string[] = [];
    for (let i = 0; i < 110; i++) ids.push((await awaitingSignoff(deps)).task.id);
    const writes: DirectoryWrite[] = [];
    const write = deps.directory.write.bind(deps.directory);
    deps.directory.write = async (change) => {
      writes.push(change);
      return write(change);
    };
    const result = await assignLeader(deps, ADMIN, 'edu', 'office', { leader: newLeader, effectiveFrom: TODAY });
    expect(result.tasksMoved).toBe(110);
    expect(writes).toHaveLength(2);
    expect(writes[0]?.puts?.map((p) => p.kind)).toEqual(['user', 'user', 'department']);
    expect(writes.map((w) => [w.log.part, w.log.parts])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    for (const id of ids) expect((await taskOf(deps, id)).assignee).toBe(newLeader);
  });

  it('re-reads and tries again when someone else wrote first', async () => {
    const deps = await imported();
    const newLeader = await addEduLeader(deps);
    let failures = 1;
    const write = deps.directory.write.bind(deps.directory);
    deps.directory.write = async (change) => {
      if (failures-- > 0) throw new DirectoryConflictError('department', 'edu/office');
      return write(change);
    };
    await assignLeader(deps, ADMIN, 'edu', 'office', { leader: newLeader, effectiveFrom: TODAY });
    expect((await deps.directory.getDepartment('edu', 'office'))?.leader).toBe(newLeader);
  });

  it('a consultation of an agency whose head changes moves to the new head', async () => {
    const deps = world();
    const id = await signedOff(deps, undefined, { consult: ['health'] });
    await advance(deps, id);
    const [consultation] = await openTasksOf(deps, id);
    expect(consultation?.assignee).toBe('chen.min');
    await createUser(deps, ADMIN, { user: 'lu.wen', name: '陆文', roles: ['leader'], agency: 'health' });
    const result = await updateAgency(deps, ADMIN, 'health', { head: 'lu.wen' });
    expect(result.tasksMoved).toBe(1);
    expect((await taskOf(deps, consultation?.id ?? '')).assignee).toBe('lu.wen');
  });
});

describe('users', () => {
  it('creates a user, changes roles and department; the e-mail is unique', async () => {
    const deps = await imported();
    await createUser(deps, EDU_ADMIN, {
      user: 'zhou.min',
      name: '周敏',
      roles: ['uploader'],
      agency: 'edu',
      department: 'basic-edu',
      email: 'zhou.min@edu.example.gov.cn',
    });
    expect(await deps.directory.claimOwner('email', 'zhou.min@edu.example.gov.cn')).toBe('zhou.min');
    await updateUser(deps, EDU_ADMIN, 'zhou.min', { roles: ['uploader', 'leader'], department: 'office' });
    expect(await user(deps, 'zhou.min')).toMatchObject({
      roles: ['uploader', 'leader'],
      department: 'office',
      version: 2,
    });
    await expect(
      createUser(deps, ADMIN, {
        user: 'x',
        name: '甲',
        roles: ['uploader'],
        agency: 'edu',
        email: 'zhou.min@edu.example.gov.cn',
      }),
    ).rejects.toThrow('belongs to zhou.min and x');
    await expect(updateUser(deps, ADMIN, 'zhou.min', { department: 'nowhere' })).rejects.toThrow(
      'department nowhere is not a department of edu',
    );
    await updateUser(deps, ADMIN, 'zhou.min', { email: null });
    expect(await deps.directory.claimOwner('email', 'zhou.min@edu.example.gov.cn')).toBeUndefined();
  });

  it('refuses to take the role leader from someone in charge of a department, or to move them to another agency', async () => {
    const deps = await imported();
    await expect(updateUser(deps, ADMIN, 'li.na', { roles: ['uploader'] })).rejects.toThrow(
      'leader li.na does not have the role leader',
    );
    await expect(updateUser(deps, ADMIN, 'li.na', { agency: 'health' })).rejects.toThrow('is a user of health');
  });

  it('an agency administrator manages only their agency’s people, and no district role', async () => {
    const deps = await imported();
    await expect(disableUser(deps, EDU_ADMIN, 'chen.min')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateUser(deps, EDU_ADMIN, 'zhang.wei', { agency: 'health' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateUser(deps, EDU_ADMIN, 'zhang.wei', { roles: ['uploader', 'admin'] })).rejects.toThrow(
      'has a district role (admin)',
    );
    await expect(
      createUser(deps, EDU_ADMIN, { user: 'r', name: '甲', roles: ['reviewer'], agency: 'edu' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await updateUser(deps, EDU_ADMIN, 'zhang.wei', { roles: ['uploader', 'agency-admin'] });
    expect((await user(deps, 'zhang.wei')).roles).toEqual(['uploader', 'agency-admin']);
  });

  it('disables a user (with a reason in the log) and enables them again; warns when they hold a position', async () => {
    const deps = await imported();
    const result = await disableUser(deps, ADMIN, 'li.na', '调离本单位');
    expect((await user(deps, 'li.na')).disabled).toBe(true);
    expect(result.warnings).toEqual([
      'department edu/basic-edu: its leader li.na is disabled — assign another leader',
      'department edu/office: its leader li.na is disabled — assign another leader',
      'agency edu: its head li.na is disabled — set another head',
    ]);
    expect(await lastLog(deps)).toMatchObject({
      action: 'user-disabled',
      note: '调离本单位',
      changes: [{ kind: 'user', key: 'li.na', before: { disabled: null }, after: { disabled: true } }],
    });
    await expect(disableUser(deps, ADMIN, 'li.na')).rejects.toBeInstanceOf(ConflictError);
    await expect(disableUser(deps, ADMIN, 'ops')).rejects.toThrow('you cannot disable yourself');
    await enableUser(deps, ADMIN, 'li.na');
    expect((await user(deps, 'li.na')).disabled).toBeUndefined();
  });

  it('never leaves the district without an enabled administrator', async () => {
    const deps = await imported();
    await createUser(deps, ADMIN, { user: 'ops2', name: '运维二', roles: ['admin'], agency: 'gov-office' });
    await disableUser(deps, { kind: 'admin', actor: 'ops2' }, 'ops');
    await expect(disableUser(deps, operator('cli:root'), 'ops2')).rejects.toThrow('no enabled administrator');
  });

  it('links an identity provider’s subject explicitly, or at the first sign-in by a verified e-mail', async () => {
    const deps = await imported();
    await linkSubject(deps, ADMIN, 'zhang.wei', 'oidc|0001');
    expect(await identityForSignIn(deps, { subject: 'oidc|0001' })).toMatchObject({ user: 'zhang.wei' });
    await expect(linkSubject(deps, ADMIN, 'li.na', 'oidc|0001')).rejects.toThrow('is linked to');

    await updateUser(deps, ADMIN, 'li.na', { email: 'Li.Na@edu.example.gov.cn' });
    expect((await user(deps, 'li.na')).email).toBe('li.na@edu.example.gov.cn');
    // Unverified: no link.
    expect(await identityForSignIn(deps, { subject: 'oidc|0002', email: 'li.na@edu.example.gov.cn' })).toBeUndefined();
    const signedIn = await identityForSignIn(deps, {
      subject: 'oidc|0002',
      email: 'LI.NA@edu.example.gov.cn',
      emailVerified: true,
    });
    expect(signedIn).toMatchObject({ user: 'li.na', subject: 'oidc|0002' });
    expect(await lastLog(deps)).toMatchObject({ action: 'subject-linked', actor: SIGN_IN_ACTOR });
    // Later sign-ins by subject alone; another subject with the same e-mail takes nothing over.
    expect(await identityForSignIn(deps, { subject: 'oidc|0002' })).toMatchObject({ user: 'li.na' });
    expect(
      await identityForSignIn(deps, { subject: 'oidc|0003', email: 'li.na@edu.example.gov.cn', emailVerified: true }),
    ).toBeUndefined();
    await linkSubject(deps, ADMIN, 'li.na', null);
    expect(await identityForSignIn(deps, { subject: 'oidc|0002' })).toBeUndefined();
  });
});
