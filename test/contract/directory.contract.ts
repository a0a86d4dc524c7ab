/**
 * The Directory port's writes (shared/ports.ts `Directory.write`), the same for DynamoDB and the
 * in-memory adapter: records conditional on the version read, claims on their holder, task moves
 * on the task still being open with the assignee moved from, the log entry and an import's status
 * — all in one transaction or nothing. Called from ports.contract.ts with its store.
 */

import { expect, it } from 'vitest';
import type { DirectoryImport, DirectoryLogEntry } from '../../shared/model/directory';
import { DirectoryConflictError } from '../../shared/model/errors';
import type { Agency, Identity } from '../../shared/model/identity';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import type { DirectoryWrite } from '../../shared/ports';
import { closure, create, documentRecord, humanTask, short } from './fixtures';

let logCounter = 0;
/** A log entry touching `agency`, at a time that sorts after every earlier one of the run. */
function logEntry(agency: string, overrides: Partial<DirectoryLogEntry> = {}): DirectoryLogEntry {
  const at = new Date(Date.UTC(2026, 10, 24, 2, 0, 0, logCounter++)).toISOString();
  return {
    id: `${at}#${short()}#0000`,
    at,
    actor: 'ops',
    action: 'agency-updated',
    agencies: [agency],
    changes: [{ kind: 'agency', key: agency, before: { name: '区教育局' }, after: { name: '区教育和体育局' } }],
    ...overrides,
  };
}

const agencyRecord = (id: string, version: number, overrides: Partial<Agency> = {}): Agency => ({
  id,
  name: '区教育局',
  code: '0201',
  status: 'active',
  version,
  ...overrides,
});

async function conflictOf(promise: Promise<unknown>): Promise<DirectoryConflictError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a DirectoryConflictError');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DirectoryConflictError);
  return err as DirectoryConflictError;
}

export function describeDirectoryWrites(deps: () => PipelineDeps) {
  const directory = () => deps().directory;

  it('writes records conditional on the version read: new, then exactly the version; a stale write changes nothing', async () => {
    const id = `agency-${short()}`;
    await directory().write({
      puts: [{ kind: 'agency', record: agencyRecord(id, 1), expectedVersion: null }],
      log: logEntry(id),
    });
    expect(await directory().getAgency(id)).toEqual(agencyRecord(id, 1));

    const again = await conflictOf(
      directory().write({
        puts: [{ kind: 'agency', record: agencyRecord(id, 1), expectedVersion: null }],
        log: logEntry(id),
      }),
    );
    expect([again.part, again.key]).toEqual(['agency', id]);

    await directory().write({
      puts: [{ kind: 'agency', record: agencyRecord(id, 2, { name: '区教育和体育局' }), expectedVersion: 1 }],
      log: logEntry(id),
    });
    const user: Identity = { user: `u-${short()}`, name: '张伟', roles: ['uploader'], agency: id, version: 1 };
    const stale = logEntry(id);
    const lost = await conflictOf(
      directory().write({
        puts: [
          { kind: 'user', record: user, expectedVersion: null },
          { kind: 'agency', record: agencyRecord(id, 2, { name: '区体育局' }), expectedVersion: 1 },
        ],
        log: stale,
      }),
    );
    expect([lost.part, lost.key]).toEqual(['agency', id]);
    expect((await directory().getAgency(id))?.name).toBe('区教育和体育局');
    expect(await directory().getUser(user.user)).toBeUndefined();
    expect((await directory().changeLog({ limit: 10, agency: id })).entries.map((e) => e.id)).not.toContain(stale.id);
  });

  it('takes an unversioned record (written before versions) with expected version 0, and removes one conditionally', async () => {
    const agency = `agency-${short()}`;
    const department = { agency, id: 'office', name: '办公室', leader: 'li.na' };
    await directory().putDepartment(department);
    const err = await conflictOf(
      directory().write({
        puts: [{ kind: 'department', record: { ...department, name: '综合科', version: 1 }, expectedVersion: 1 }],
        log: logEntry(agency),
      }),
    );
    expect([err.part, err.key]).toEqual(['department', `${agency}/office`]);
    await directory().write({
      puts: [{ kind: 'department', record: { ...department, name: '综合科', version: 1 }, expectedVersion: 0 }],
      log: logEntry(agency),
    });
    expect(await directory().getDepartment(agency, 'office')).toEqual({ ...department, name: '综合科', version: 1 });

    const removal = { kind: 'department', record: { ...department, version: 1 } } as const;
    await conflictOf(directory().write({ removals: [{ ...removal, expectedVersion: 2 }], log: logEntry(agency) }));
    await directory().write({ removals: [{ ...removal, expectedVersion: 1 }], log: logEntry(agency) });
    expect(await directory().getDepartment(agency, 'office')).toBeUndefined();
  });

  it('keeps a value with one holder: a claim is taken once, passed on from its holder, released by it', async () => {
    const value = `li.na-${short()}@tai.gov.cn`;
    const [first, second] = [`u-${short()}`, `u-${short()}`];
    const take = (owner: string): DirectoryWrite => ({
      claims: [{ kind: 'email', value, owner, expectedOwner: null }],
      log: logEntry('edu'),
    });
    await directory().write(take(first));
    expect(await directory().claimOwner('email', value)).toBe(first);
    const held = await conflictOf(directory().write(take(second)));
    expect([held.part, held.key]).toEqual(['claim', `email ${value}`]);

    await conflictOf(
      directory().write({
        claims: [{ kind: 'email', value, owner: second, expectedOwner: second }],
        log: logEntry('edu'),
      }),
    );
    await directory().write({
      claims: [{ kind: 'email', value, owner: second, expectedOwner: first }],
      log: logEntry('edu'),
    });
    expect(await directory().claimOwner('email', value)).toBe(second);
    expect((await directory().listClaims()).filter((c) => c.value === value)).toEqual([
      { kind: 'email', value, owner: second },
    ]);

    await directory().write({
      claims: [{ kind: 'email', value, owner: null, expectedOwner: second }],
      log: logEntry('edu'),
    });
    expect(await directory().claimOwner('email', value)).toBeUndefined();
    expect((await directory().listClaims()).filter((c) => c.value === value)).toEqual([]);
  });

  it('moves an open task to its new assignee (listed for them, marked reassigned), only from the assignee it has', async () => {
    const doc = documentRecord({ status: 'AWAITING_SIGNOFF' });
    const [from, to] = [`leader-${short()}`, `leader-${short()}`];
    const task = humanTask(doc.id, { assignee: from });
    await create(deps(), doc, { openTasks: [task] });
    const move = { id: task.id, from, to, at: '2026-11-24T02:00:00.000Z', by: 'ops' };

    const wrong = await conflictOf(
      directory().write({ taskMoves: [{ ...move, from: to, to: from }], log: logEntry(doc.agency) }),
    );
    expect([wrong.part, wrong.key]).toEqual(['task', task.id]);
    await directory().write({ taskMoves: [move], log: logEntry(doc.agency) });

    expect(await deps().tasks.getTask(task.id)).toMatchObject({
      assignee: to,
      status: 'open',
      reassigned: { from, at: move.at, by: 'ops' },
    });
    expect((await deps().tasks.listOpen([to])).map((t) => t.id)).toEqual([task.id]);
    expect((await deps().tasks.listOpen([from])).map((t) => t.id)).not.toContain(task.id);
    const again = await conflictOf(directory().write({ taskMoves: [move], log: logEntry(doc.agency) }));
    expect(again.part).toBe('task');
  });

  it('refuses to move a task that is no longer open', async () => {
    const doc = documentRecord({ status: 'AWAITING_SIGNOFF' });
    const from = `leader-${short()}`;
    const task = humanTask(doc.id, { assignee: from });
    await create(deps(), doc, { openTasks: [task] });
    await deps().tasks.close(closure(task, { decidedBy: from }));
    const err = await conflictOf(
      directory().write({
        taskMoves: [{ id: task.id, from, to: 'someone', at: '2026-11-24T02:00:00.000Z', by: 'ops' }],
        log: logEntry(doc.agency),
      }),
    );
    expect([err.part, err.key]).toEqual(['task', task.id]);
    expect(await deps().tasks.getTask(task.id)).toMatchObject({ status: 'closed', assignee: from });
  });

  it('keeps the change log newest first, in pages, by agency and by import; an entry is written once', async () => {
    const agency = `agency-${short()}`;
    const importId = `import-${short()}`;
    const entries = [
      logEntry(agency),
      logEntry(agency, { importId, action: 'import', part: 1, parts: 2 }),
      logEntry(`other-${short()}`),
      logEntry(agency, { importId, action: 'import', part: 2, parts: 2, note: '第二部分' }),
    ];
    for (const entry of entries) await directory().write({ log: entry });
    const [a, b, , d] = entries as [DirectoryLogEntry, DirectoryLogEntry, DirectoryLogEntry, DirectoryLogEntry];

    const page = await directory().changeLog({ limit: 2, agency });
    expect(page.entries).toEqual([d, b]);
    expect(page.next).toBe(b.id);
    const rest = await directory().changeLog({ limit: 2, agency, before: page.next });
    expect(rest.entries).toEqual([a]);
    expect(rest.next).toBeUndefined();
    expect((await directory().changeLog({ limit: 10, importId })).entries).toEqual([d, b]);

    const twice = await conflictOf(directory().write({ log: a }));
    expect([twice.part, twice.key]).toEqual(['log', a.id]);
  });

  it("records an import's progress with its parts; lists imports newest first", async () => {
    const agency = `agency-${short()}`;
    const older: DirectoryImport = {
      id: `20261124T020000Z-${short()}`,
      startedAt: '2026-11-24T02:00:00.000Z',
      updatedAt: '2026-11-24T02:00:01.000Z',
      actor: 'ops',
      status: 'applying',
      rows: 1400,
      parts: 3,
      done: 1,
    };
    const newer: DirectoryImport = { ...older, id: `20261124T030000Z-${short()}`, status: 'applied', done: 3 };
    await directory().write({ importStatus: older, log: logEntry(agency, { importId: older.id }) });
    await directory().write({ importStatus: newer, log: logEntry(agency, { importId: newer.id }) });
    const finished: DirectoryImport = { ...older, status: 'rolled-back', error: 'failed in part 2' };
    await directory().write({ importStatus: finished, log: logEntry(agency, { importId: older.id }) });

    expect(await directory().getImport(older.id)).toEqual(finished);
    expect(await directory().getImport(`none-${short()}`)).toBeUndefined();
    const listed = (await directory().listImports()).filter((i) => [older.id, newer.id].includes(i.id));
    expect(listed).toEqual([newer, finished]);
  });

  it('writes records, claims, task moves and the log of one change together, or none of them', async () => {
    const agency = `agency-${short()}`;
    const doc = documentRecord({ agency, status: 'AWAITING_SIGNOFF' });
    const [from, to] = [`leader-${short()}`, `leader-${short()}`];
    const task = humanTask(doc.id, { assignee: from });
    await create(deps(), doc, { openTasks: [task] });
    const code = `9${short()}`;
    const change = (expectedOwner: string | null): DirectoryWrite => ({
      puts: [{ kind: 'agency', record: agencyRecord(agency, 1, { code }), expectedVersion: null }],
      claims: [{ kind: 'code', value: code, owner: agency, expectedOwner }],
      taskMoves: [{ id: task.id, from, to, at: '2026-11-24T02:00:00.000Z', by: 'ops' }],
      log: logEntry(agency),
    });
    const err = await conflictOf(directory().write(change('somebody')));
    expect(err.part).toBe('claim');
    expect(await directory().getAgency(agency)).toBeUndefined();
    expect((await deps().tasks.getTask(task.id))?.assignee).toBe(from);
    expect((await directory().changeLog({ limit: 5, agency })).entries).toEqual([]);

    await directory().write(change(null));
    expect(await directory().getAgency(agency)).toMatchObject({ code });
    expect(await directory().claimOwner('code', code)).toBe(agency);
    expect((await deps().tasks.getTask(task.id))?.assignee).toBe(to);
    expect((await directory().changeLog({ limit: 5, agency })).entries).toHaveLength(1);
  });

  it('refuses a write over 100 items before any condition is looked at', async () => {
    const agency = `agency-${short()}`;
    const puts = Array.from({ length: 100 }, (_, i) => ({
      kind: 'user' as const,
      record: { user: `u-${short()}-${i}`, name: '张伟', roles: ['uploader' as const], agency, version: 1 },
      expectedVersion: null,
    }));
    const err = await directory()
      .write({ puts, log: logEntry(agency) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ name: 'ValidationException' });
    expect(await directory().getUser(puts[0]?.record.user ?? '')).toBeUndefined();
  });
}
