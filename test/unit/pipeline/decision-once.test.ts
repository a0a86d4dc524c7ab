import { describe, expect, it } from 'vitest';
import { ConflictError, ReusedKeyError } from '../../../shared/model/errors';
import { decideTask, requestRedactionUpload } from '../../../shared/pipeline/tasks/decide';
import {
  advance,
  awaitingSignoff,
  CLEAN,
  docOf,
  openTasksOf,
  PERSONAL,
  signedOff,
  submit,
  taskOf,
  user,
  world,
} from './drive';

/** POST /api/tasks/:id/decision with an Idempotency-Key: a retried decision is answered, not refused. */

const KEY = '5f0c9a1e-2b3d-4c5e-8f70-8192a3b4c5d6';

const signOffTransitions = async (deps: ReturnType<typeof world>, id: string) =>
  (await deps.documents.history(id)).filter((e) => e.from === 'AWAITING_SIGNOFF');

describe('decideTask with an idempotency key', () => {
  it('EXPAND-2 the same key again answers the recorded decision with the token to resume by: one transition', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    const first = await decideTask(deps, leader, task.id, { decision: 'approve' }, KEY);
    const again = await decideTask(deps, leader, task.id, { decision: 'approve' }, KEY);

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(again.taskToken).toBe(task.taskToken);
    expect(await signOffTransitions(deps, id)).toHaveLength(1);
    expect((await docOf(deps, id)).status).toBe('SIGNED_OFF');
    // The task keeps a digest of caller, task and key, not the key.
    const closed = await taskOf(deps, task.id);
    expect(closed.requestDigest).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(closed)).not.toContain(KEY.slice(0, 8));
  });

  it('two requests with the key at once record one decision; the other is its replay', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    const both = await Promise.all([
      decideTask(deps, leader, task.id, { decision: 'reject', comment: '内容需完善' }, KEY),
      decideTask(deps, leader, task.id, { decision: 'reject', comment: '内容需完善' }, KEY),
    ]);
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(both[0]?.output).toEqual(both[1]?.output);
    expect(await signOffTransitions(deps, id)).toHaveLength(1);
    expect((await docOf(deps, id)).status).toBe('REJECTED');
  });

  it('the key with another decision or comment is refused (422), and the first decision stays', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    await decideTask(deps, leader, task.id, { decision: 'reject', comment: '内容需完善' }, KEY);
    for (const other of [
      { decision: 'approve' },
      { decision: 'reject', comment: '另一条意见' },
      { decision: 'reject' },
    ]) {
      const attempt = decideTask(deps, leader, task.id, other, KEY);
      await expect(attempt).rejects.toBeInstanceOf(ReusedKeyError);
      await expect(attempt).rejects.toThrow('a new decision needs a new key');
    }
    expect(await taskOf(deps, task.id)).toMatchObject({ status: 'closed', decision: 'reject', comment: '内容需完善' });
    expect(await signOffTransitions(deps, id)).toHaveLength(1);
  });

  it('REVIEW-4.3 a redaction replayed with another redacted version is refused; with the same one it is the replay', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    const taskId = (await advance(deps, id)).openTaskId ?? '';
    const reviewer = await user(deps, 'wang.fang');
    const uploads = [];
    for (const text of [CLEAN, `${CLEAN}（另一稿）`]) {
      const slot = await requestRedactionUpload(deps, reviewer, taskId, 'text/plain');
      deps.files.putPresigned(slot.uploadUrl, text);
      uploads.push(slot.redactionKey);
    }
    const [used, other] = uploads;
    const first = await decideTask(deps, reviewer, taskId, { decision: 'redact', redactionKey: used }, KEY);
    const pinned = (await docOf(deps, id)).sha256;

    const attempt = decideTask(deps, reviewer, taskId, { decision: 'redact', redactionKey: other }, KEY);
    await expect(attempt).rejects.toBeInstanceOf(ReusedKeyError);
    await expect(attempt).rejects.toThrow('redacted version');
    expect(await decideTask(deps, reviewer, taskId, { decision: 'redact', redactionKey: used }, KEY)).toEqual({
      ...first,
      replayed: true,
    });
    // What was pinned is the first upload, and stays so.
    expect((await docOf(deps, id)).sha256).toBe(pinned);
    expect(await taskOf(deps, taskId)).toMatchObject({ decision: 'redact', redactionKey: used });
  });

  it('a task decided without the key, or with another one, stays a conflict (409)', async () => {
    const deps = world();
    const { task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    await decideTask(deps, leader, task.id, { decision: 'approve' });
    await expect(decideTask(deps, leader, task.id, { decision: 'approve' }, KEY)).rejects.toBeInstanceOf(ConflictError);
    const keyed = await awaitingSignoff(deps);
    await decideTask(deps, leader, keyed.task.id, { decision: 'approve' }, KEY);
    for (const key of [undefined, 'another-key']) {
      const attempt = decideTask(deps, leader, keyed.task.id, { decision: 'approve' }, key);
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toThrow('was already decided (approve)');
    }
  });

  it('COORD-5 a replayed consultation reply resumes the flow only if no other reply is awaited', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { consult: ['health', 'transport'] });
    await advance(deps, id); // IN_CONSULTATION, a task for each agency
    const [health, transport] = await openTasksOf(deps, id);
    if (!health || !transport) throw new Error('two consultation tasks expected');
    const healthOffice = await user(deps, health.assignee);
    const reply = { decision: 'agree' };
    const first = await decideTask(deps, healthOffice, health.id, reply, KEY);
    expect(first.taskToken).toBeUndefined();
    const again = await decideTask(deps, healthOffice, health.id, reply, KEY);
    expect(again).toMatchObject({ replayed: true, taskToken: undefined, output: { decision: 'agree' } });
    expect((await docOf(deps, id)).consultationTaskIds).toEqual([transport.id]);
  });
});
