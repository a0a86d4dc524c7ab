import { describe, expect, it } from 'vitest';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS } from '../../../infra/local/demo/district';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../shared/model/errors';
import { contentKeyOf, originalKeyOf } from '../../../shared/pipeline/content';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import { publishDocument } from '../../../shared/pipeline/publish';
import { reviewDocument } from '../../../shared/pipeline/review';
import { routeDocument } from '../../../shared/pipeline/route';
import { decideTask, requestRedactionUpload } from '../../../shared/pipeline/tasks/decide';
import { openTask } from '../../../shared/pipeline/tasks/open';
import { taskDocumentOf } from '../../../shared/pipeline/tasks/summary';
import { createMemoryDeps } from '../../support/memory';
import {
  advance,
  awaitingSignoff,
  CLEAN,
  decide,
  docOf,
  ID_NUMBER,
  lastEvent,
  MOBILE,
  NOW,
  open,
  openTasksOf,
  PERSONAL,
  path,
  sha256,
  signedOff,
  submit,
  TickingClock,
  taskOf,
  textOf,
  user,
  watchConflicts,
  world,
} from './drive';

type World = ReturnType<typeof world>;

/** A document flagged by the scan, waiting for the pre-review group. */
async function inReview(deps: World, text = PERSONAL) {
  const { id } = await submit(deps, text);
  const doc = await advance(deps, id);
  if (doc.status !== 'IN_REVIEW' || !doc.openTaskId) throw new Error(`document ${id} is ${doc.status}`);
  return { id, taskId: doc.openTaskId };
}

/** A signed-off document routed to a consultation of `consult`, with its open tasks. */
async function inConsultation(deps: World, consult: string[], overrides = {}) {
  const id = await signedOff(deps, CLEAN, { consult, ...overrides });
  const doc = await advance(deps, id);
  if (doc.status !== 'IN_CONSULTATION') throw new Error(`document ${id} is ${doc.status}`);
  return { id, tasks: await openTasksOf(deps, id) };
}

const assignedTo = async (deps: World, id: string, assignee: string) => {
  const task = (await openTasksOf(deps, id)).find((t) => t.assignee === assignee);
  if (!task) throw new Error(`no open task of ${id} for ${assignee}`);
  return task;
};

describe('EXPAND-2 openTask: the sign-off goes to the department’s leader', () => {
  it('EXPAND-2 opens one sign-off task for the leader in charge, due in 3 working days, and waits', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN);
    await reviewDocument(deps, id);
    const { taskToken, tasks } = await open(deps, id, 'signoff');
    expect(tasks).toEqual([
      {
        id: expect.any(String),
        documentId: id,
        kind: 'signoff',
        assignee: 'li.na',
        status: 'open',
        createdAt: expect.any(String),
        dueAt: '2026-11-26',
        taskToken,
        // What the leader's list shows of the document, carried by the task (no read per task).
        document: taskDocumentOf(await docOf(deps, id)),
      },
    ]);
    expect(await docOf(deps, id)).toMatchObject({ status: 'AWAITING_SIGNOFF', openTaskId: tasks[0]?.id });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'CLEARED',
      to: 'AWAITING_SIGNOFF',
      actor: SYSTEM_ACTOR,
      rules: ['EXPAND-2'],
      note: { code: 'task-opened', kind: 'signoff', assignees: ['li.na'], escalated: false },
    });
    expect((await deps.tasks.listOpen(['li.na'])).map((t) => t.id)).toEqual([tasks[0]?.id]);
  });

  it('a retried or resumed step finds the open task and registers its new token, without a transition', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const again = await open(deps, id, 'signoff');
    expect(again.tasks.map((t) => t.id)).toEqual([task.id]);
    expect((await taskOf(deps, task.id)).taskToken).toBe(again.taskToken);
    expect(path(await deps.documents.history(id)).filter((p) => p.endsWith('AWAITING_SIGNOFF'))).toHaveLength(1);
  });

  it('EXPAND-2 a lapsed sign-off whose leader is the agency head goes to the district disclosure office', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const escalated = await open(deps, id, 'signoff', true);
    expect(escalated.tasks).toHaveLength(1);
    const [head] = escalated.tasks;
    // 区教育局's head is li.na, who let it lapse: 区政府办公室's head takes it.
    expect(head).toMatchObject({ assignee: 'zhou.qiang', escalated: true, status: 'open', kind: 'signoff' });
    expect(await taskOf(deps, task.id)).toMatchObject({ status: 'expired', decidedBy: SYSTEM_ACTOR });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'AWAITING_SIGNOFF',
      to: 'AWAITING_SIGNOFF',
      note: { code: 'task-opened', kind: 'signoff', assignees: ['zhou.qiang'], escalated: true },
    });
    // The lapsed task can no longer be decided; the escalated one can.
    const leader = await user(deps, 'li.na');
    await expect(decideTask(deps, leader, task.id, { decision: 'approve' })).rejects.toThrow(
      'already decided (expired)',
    );
    expect(await deps.tasks.listOpen(['li.na'])).toEqual([]);
    // A retried escalated step keeps the escalated task.
    expect((await open(deps, id, 'signoff', true)).tasks.map((t) => t.id)).toEqual([head?.id]);
    await decide(deps, head?.id ?? '', 'approve', { as: 'zhou.qiang' });
    expect(await lastEvent(deps, id)).toMatchObject({ to: 'SIGNED_OFF', actor: 'zhou.qiang', rules: ['EXPAND-2'] });
  });

  it('EXPAND-2 a lapsed sign-off whose leader is not the head goes to the agency’s head', async () => {
    const deps = world();
    await deps.directory.putDepartment({ agency: 'edu', id: 'research', name: '教研室', leader: 'qin.yu' });
    await deps.directory.putUser({
      user: 'qin.yu',
      name: '秦宇',
      roles: ['leader'],
      agency: 'edu',
      departments: ['research'],
    });
    const { id, task } = await awaitingSignoff(deps, CLEAN, { department: 'research' });
    expect(task.assignee).toBe('qin.yu');
    const { tasks } = await open(deps, id, 'signoff', true);
    expect(tasks.map((t) => [t.assignee, t.escalated])).toEqual([['li.na', true]]);
  });

  it('refuses to open a task the document’s status does not wait for', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN); // RECEIVED: not reviewed yet
    await expect(openTask(deps, { documentId: id, kind: 'signoff', taskToken: 't' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(openTask(deps, { documentId: id, kind: 'signoff', taskToken: 't' })).rejects.toThrow(
      'a signoff task cannot be opened',
    );
    expect((await docOf(deps, id)).status).toBe('RECEIVED');
    await expect(openTask(deps, { documentId: 'nope', kind: 'signoff', taskToken: 't' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('refuses tasks nobody can be assigned: no competent department, no agency to consult, no head', async () => {
    const deps = world();
    const plain = await signedOff(deps);
    await expect(openTask(deps, { documentId: plain, kind: 'approval', taskToken: 't' })).rejects.toThrow(
      'has no competent department to approve it',
    );
    await expect(openTask(deps, { documentId: plain, kind: 'consultation', taskToken: 't' })).rejects.toThrow(
      'names no agency to consult',
    );
    // 原区国土资源局 is abolished: nobody heads it to reply.
    const land = await signedOff(deps, CLEAN, { consult: ['land'] });
    expect((await routeDocument(deps, land)).next).toBe('consultation');
    const noHead = openTask(deps, { documentId: land, kind: 'consultation', taskToken: 't' });
    await expect(noHead).rejects.toBeInstanceOf(ValidationError);
    await expect(noHead).rejects.toThrow('agency land has no head registered');
    expect((await docOf(deps, land)).status).toBe('SIGNED_OFF');
  });

  it('COORD-5(2) refuses an escalation when no agency is the district disclosure office', async () => {
    const deps = createMemoryDeps({ clock: new TickingClock() });
    deps.clock.set(NOW);
    deps.directory.seed(
      DEMO_AGENCIES.map(({ disclosureOffice: _office, ...a }) => a),
      DEMO_DEPARTMENTS,
      DEMO_USERS,
    );
    const { id, tasks } = await inConsultation(deps, ['health']);
    await decide(deps, tasks[0]?.id ?? '', 'object', { comment: '不同意' });
    expect((await routeDocument(deps, id)).next).toBe('escalation');
    await expect(openTask(deps, { documentId: id, kind: 'escalation', taskToken: 't' })).rejects.toThrow(
      'no agency is registered as the district disclosure office',
    );
  });
});

describe('decideTask: who may decide, and how', () => {
  it('EXPAND-2 the leader approves: SIGNED_OFF, the task closed, the flow resumed with the decision', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    const result = await decideTask(deps, leader, task.id, { decision: 'approve' });
    expect(result).toEqual({
      taskToken: task.taskToken,
      kind: 'signoff',
      output: { decision: 'approve', decidedBy: 'li.na', taskId: task.id },
      replayed: false,
    });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('SIGNED_OFF');
    expect(doc.openTaskId).toBeUndefined();
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'AWAITING_SIGNOFF',
      to: 'SIGNED_OFF',
      actor: 'li.na',
      rules: ['EXPAND-2'],
      note: { code: 'decided', kind: 'signoff', decision: 'approve' },
    });
    expect(await taskOf(deps, task.id)).toMatchObject({ status: 'closed', decision: 'approve', decidedBy: 'li.na' });
    expect(await deps.tasks.listOpen(['li.na'])).toEqual([]);
  });

  it('EXPAND-2 a rejection needs a comment; with one the document ends REJECTED and the comment is kept', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    for (const comment of [undefined, '   ']) {
      const attempt = decideTask(deps, leader, task.id, { decision: 'reject', ...(comment ? { comment } : {}) });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow('a reject needs a comment for the agency');
    }
    expect((await taskOf(deps, task.id)).status).toBe('open');
    await decideTask(deps, leader, task.id, { decision: 'reject', comment: '内容需完善' });
    expect((await docOf(deps, id)).status).toBe('REJECTED');
    expect(await lastEvent(deps, id)).toMatchObject({
      to: 'REJECTED',
      note: { code: 'decided', kind: 'signoff', decision: 'reject', comment: '内容需完善' },
    });
    expect(await taskOf(deps, task.id)).toMatchObject({ status: 'closed', decision: 'reject', comment: '内容需完善' });
  });

  it('only the assignee decides: another agency’s leader and the uploader are forbidden (403)', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    for (const name of ['chen.min', 'zhang.wei', 'wang.fang']) {
      const attempt = decideTask(deps, await user(deps, name), task.id, { decision: 'approve' });
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toThrow('is assigned to li.na, not to you');
    }
    expect((await docOf(deps, id)).status).toBe('AWAITING_SIGNOFF');
    await expect(
      decideTask(deps, await user(deps, 'li.na'), 'no-such-task', { decision: 'approve' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a decided task is a conflict (409), never a second transition', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    await decideTask(deps, leader, task.id, { decision: 'approve' });
    const again = decideTask(deps, leader, task.id, { decision: 'reject', comment: '重复' });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow('was already decided (approve)');
    expect((await deps.documents.history(id)).filter((e) => e.from === 'AWAITING_SIGNOFF')).toHaveLength(1);
  });

  it('two decisions at once: one wins, the other is a conflict', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const leader = await user(deps, 'li.na');
    const conflicts = watchConflicts(deps);
    const results = await Promise.allSettled([
      decideTask(deps, leader, task.id, { decision: 'approve' }),
      decideTask(deps, leader, task.id, { decision: 'reject', comment: '重复' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(conflicts).toContain('document');
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(ConflictError);
    const decided = (await deps.documents.history(id)).filter((e) => e.from === 'AWAITING_SIGNOFF');
    expect(decided).toHaveLength(1);
    // The winner's decision is the one the task and the document both record.
    const winner = results[0]?.status === 'fulfilled' ? 'approve' : 'reject';
    expect((await taskOf(deps, task.id)).decision).toBe(winner);
    expect(decided[0]).toMatchObject({
      to: winner === 'approve' ? 'SIGNED_OFF' : 'REJECTED',
      note: { decision: winner },
    });
  });

  it('a decision that is not of the task’s kind is refused (400)', async () => {
    const deps = world();
    const { task } = await awaitingSignoff(deps);
    const attempt = decideTask(deps, await user(deps, 'li.na'), task.id, { decision: 'clear' });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow('decision for a signoff task must be one of approve, reject');
  });
});

describe('FIVE-4 REVIEW-2 the pre-review group decides a flagged document', () => {
  it('REVIEW-2 a member of the group clears it: CLEARED, then the sign-off', async () => {
    const deps = world();
    const { id, taskId } = await inReview(deps);
    const result = await decide(deps, taskId, 'clear', { as: 'wang.fang' });
    expect(result.output).toEqual({ decision: 'clear', decidedBy: 'wang.fang', taskId });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'IN_REVIEW',
      to: 'CLEARED',
      actor: 'wang.fang',
      rules: ['FIVE-4', 'REVIEW-2'],
    });
    expect((await advance(deps, id)).status).toBe('AWAITING_SIGNOFF');
    // Nobody outside the group may decide for it.
    const other = await inReview(deps);
    await expect(
      decideTask(deps, await user(deps, 'li.na'), other.taskId, { decision: 'clear' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('FIVE-1 withholding needs the legal reason; with it the document is WITHHELD and the reason kept', async () => {
    const deps = world();
    const { id, taskId } = await inReview(deps);
    const reviewer = await user(deps, 'wang.fang');
    const attempt = decideTask(deps, reviewer, taskId, { decision: 'withhold', comment: ' ' });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow('FIVE-1');
    const reason = '涉及个人隐私，依据《政府信息公开条例》第十五条不予公开';
    await decideTask(deps, reviewer, taskId, { decision: 'withhold', comment: reason });
    expect(await docOf(deps, id)).toMatchObject({ status: 'WITHHELD', legalReason: reason });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'IN_REVIEW',
      to: 'WITHHELD',
      actor: 'wang.fang',
      rules: ['FIVE-4', 'FIVE-1'],
    });
  });

  it('REVIEW-2 returning needs a comment; the document ends RETURNED', async () => {
    const deps = world();
    const { id, taskId } = await inReview(deps);
    const reviewer = await user(deps, 'wang.fang');
    await expect(decideTask(deps, reviewer, taskId, { decision: 'return' })).rejects.toThrow(
      'a return needs a comment for the agency',
    );
    await decideTask(deps, reviewer, taskId, { decision: 'return', comment: '请上传可识别文字的版本' });
    expect((await docOf(deps, id)).status).toBe('RETURNED');
    expect((await lastEvent(deps, id)).rules).toEqual(['REVIEW-2']);
  });

  it('FIVE-4 a redaction: the reviewer uploads a redacted version, it is scanned again and published; the original is kept', async () => {
    const deps = world();
    const { id, taskId } = await inReview(deps);
    const reviewer = await user(deps, 'wang.fang');
    const slot = await requestRedactionUpload(deps, reviewer, taskId, 'text/plain');
    expect(slot.redactionKey).toMatch(new RegExp(`^redactions/${id}/[0-9a-f-]{36}$`));
    expect(slot.uploadUrl).toContain('contentType=text%2Fplain');
    // Still holds the ID number: scanned, found, back to the group with a new task.
    const firstRedaction = `申请人张某，身份证号${ID_NUMBER}，联系电话***。`;
    const original = await docOf(deps, id);
    deps.files.putPresigned(slot.uploadUrl, firstRedaction);
    await decide(deps, taskId, 'redact', { as: 'wang.fang', redactionKey: slot.redactionKey });
    // The redacted version is pinned under its hash; the agency's pinned upload is kept as the original.
    const redacting = await docOf(deps, id);
    expect(redacting).toMatchObject({
      status: 'IN_REVIEW',
      sha256: sha256(firstRedaction),
      originalSha256: sha256(PERSONAL),
      redactionPending: true,
    });
    expect(contentKeyOf(redacting)).toBe(`pinned/${id}/${sha256(firstRedaction)}`);
    expect(originalKeyOf(redacting)).toBe(contentKeyOf(original));
    expect(deps.files.keys('intake')).toEqual(
      expect.arrayContaining([contentKeyOf(redacting), originalKeyOf(redacting)]),
    );
    expect(await lastEvent(deps, id)).toMatchObject({ from: 'IN_REVIEW', to: 'IN_REVIEW', actor: 'wang.fang' });
    const second = await advance(deps, id);
    expect(second.status).toBe('IN_REVIEW');
    expect(second.openTaskId).toBeDefined();
    expect(second.openTaskId).not.toBe(taskId);
    expect(second.findings?.map((f) => f.kind)).toEqual(['id-number']);

    const clean = '申请人张某，身份证号***，联系电话***。经审核，符合救助条件。';
    const slot2 = await requestRedactionUpload(deps, reviewer, second.openTaskId ?? '', 'text/plain');
    deps.files.putPresigned(slot2.uploadUrl, clean);
    await decide(deps, second.openTaskId ?? '', 'redact', { as: 'wang.fang', redactionKey: slot2.redactionKey });
    const signoff = await advance(deps, id);
    expect(signoff.status).toBe('AWAITING_SIGNOFF');
    // The original is kept only once: the agency's upload, not the first redaction.
    expect(originalKeyOf(signoff)).toBe(contentKeyOf(original));
    expect(contentKeyOf(signoff)).toBe(`pinned/${id}/${sha256(clean)}`);
    await decide(deps, signoff.openTaskId ?? '', 'approve');
    const published = await advance(deps, id);
    expect(published.status).toBe('PUBLISHED');
    expect(textOf(deps.files.readPublic(published.publicKey ?? '')?.bytes)).toBe(clean);
    expect(textOf((await deps.files.readOriginal(`uploads/${id}`)).bytes)).toBe(PERSONAL);
    expect(path(await deps.documents.history(id)).filter((p) => p.endsWith('CLEARED'))).toEqual(['IN_REVIEW→CLEARED']);
  });

  it('a redaction needs the key of an uploaded redacted version of this document (400)', async () => {
    const deps = world();
    const { id, taskId } = await inReview(deps);
    const other = await inReview(deps, `联系人手机${MOBILE}`);
    const reviewer = await user(deps, 'wang.fang');
    await expect(decideTask(deps, reviewer, taskId, { decision: 'redact' })).rejects.toThrow(
      'a redaction needs the redactionKey of the uploaded redacted version',
    );
    const foreign = await requestRedactionUpload(deps, reviewer, other.taskId, 'text/plain');
    deps.files.putPresigned(foreign.uploadUrl, '别的文件。');
    await expect(
      decideTask(deps, reviewer, taskId, { decision: 'redact', redactionKey: foreign.redactionKey }),
    ).rejects.toBeInstanceOf(ValidationError);
    const slot = await requestRedactionUpload(deps, reviewer, taskId, 'text/plain');
    const notUploaded = decideTask(deps, reviewer, taskId, { decision: 'redact', redactionKey: slot.redactionKey });
    await expect(notUploaded).rejects.toBeInstanceOf(ValidationError);
    await expect(notUploaded).rejects.toThrow(`no redacted version uploaded at ${slot.redactionKey}`);
    expect(await docOf(deps, id)).toMatchObject({ status: 'IN_REVIEW', objectKey: `uploads/${id}` });
    expect((await taskOf(deps, taskId)).status).toBe('open');
  });

  it('only a review task of the caller takes a redacted version', async () => {
    const deps = world();
    const { taskId } = await inReview(deps);
    await expect(requestRedactionUpload(deps, await user(deps, 'li.na'), taskId, 'text/plain')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const { task } = await awaitingSignoff(deps);
    const signoff = requestRedactionUpload(deps, await user(deps, 'li.na'), task.id, 'text/plain');
    await expect(signoff).rejects.toBeInstanceOf(ValidationError);
    await expect(signoff).rejects.toThrow('only confidentiality reviews take a redacted version');
  });
});

describe('COORD-4 the competent department approves', () => {
  it('COORD-4 the statistics bureau’s approver approves: ROUTED, approvedBy recorded, then published', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { sensitiveCategory: 'statistics' });
    const waiting = await advance(deps, id);
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    const [task] = await openTasksOf(deps, id);
    expect(task).toMatchObject({ kind: 'approval', assignee: 'group:approver@stats', dueAt: '2026-11-30' });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'SIGNED_OFF',
      to: 'AWAITING_APPROVAL',
      rules: ['COORD-4'],
    });
    // An approver of another competent department cannot approve for the statistics bureau.
    await expect(
      decideTask(deps, await user(deps, 'chen.min'), task?.id ?? '', { decision: 'approve' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await decide(deps, task?.id ?? '', 'approve', { as: 'zhao.lei' });
    expect(await docOf(deps, id)).toMatchObject({ status: 'ROUTED', approvedBy: 'zhao.lei' });
    expect(await lastEvent(deps, id)).toMatchObject({ to: 'ROUTED', actor: 'zhao.lei', rules: ['COORD-4'] });
    expect((await advance(deps, id)).status).toBe('PUBLISHED');
  });

  it('COORD-4 a refused approval needs a comment and ends the document REJECTED, unpublished', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { sensitiveCategory: 'statistics' });
    await advance(deps, id);
    const [task] = await openTasksOf(deps, id);
    await expect(decide(deps, task?.id ?? '', 'reject', { as: 'zhao.lei' })).rejects.toBeInstanceOf(ValidationError);
    await decide(deps, task?.id ?? '', 'reject', { as: 'zhao.lei', comment: '数据未经核定' });
    const doc = await advance(deps, id);
    expect(doc.status).toBe('REJECTED');
    expect(doc.indexNumber).toBeUndefined();
    await expect(publishDocument(deps, id)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('COORD-5 consultation with the agencies concerned', () => {
  it('COORD-5(1) COORD-5(3) one written request per agency, to its head, due in 10 working days', async () => {
    const deps = world();
    const { id, tasks } = await inConsultation(deps, ['health', 'transport']);
    expect(tasks.map((t) => [t.kind, t.assignee, t.dueAt]).sort()).toEqual([
      ['consultation', 'chen.min', '2026-12-07'],
      ['consultation', 'jiang.ping', '2026-12-07'],
    ]);
    expect(new Set(tasks.map((t) => t.taskToken)).size).toBe(1);
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'SIGNED_OFF',
      to: 'IN_CONSULTATION',
      rules: ['COORD-5(1)', 'COORD-5(3)'],
      note: { code: 'task-opened', kind: 'consultation', assignees: ['chen.min', 'jiang.ping'] },
    });
    // A retried step refreshes the same tasks.
    const again = await open(deps, id, 'consultation');
    expect(again.tasks.map((t) => t.id).sort()).toEqual(tasks.map((t) => t.id).sort());
  });

  it('COORD-5(1) only the last reply resumes the flow; all agreeing goes on to publication', async () => {
    const deps = world();
    const { id, tasks } = await inConsultation(deps, ['health', 'transport']);
    const health = await assignedTo(deps, id, 'chen.min');
    const transport = await assignedTo(deps, id, 'jiang.ping');
    const token = tasks[0]?.taskToken ?? '';
    const first = await decide(deps, health.id, 'agree');
    expect(first.taskToken).toBeUndefined();
    expect(deps.callbacks.outputFor(token)).toBeUndefined();
    expect(await docOf(deps, id)).toMatchObject({ status: 'IN_CONSULTATION', consultationTaskIds: [transport.id] });
    expect((await docOf(deps, id)).consultationOutcome).toBeUndefined();
    // A resumed flow still waits for the other reply.
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'consultation' });

    const last = await decide(deps, transport.id, 'agree');
    expect(last.taskToken).toBe(token);
    expect(deps.callbacks.succeeded.filter((s) => s.taskToken === token)).toEqual([
      { taskToken: token, output: { decision: 'agree', decidedBy: 'jiang.ping', taskId: transport.id } },
    ]);
    const doc = await docOf(deps, id);
    expect(doc.consultationOutcome).toBe('agreed');
    expect(doc.consultationTaskIds).toBeUndefined();
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'publish' });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'IN_CONSULTATION',
      to: 'ROUTED',
      rules: ['COORD-5(1)'],
      note: { code: 'after-consultation', publisher: 'edu', coordinated: false },
    });
  });

  it('COORD-5(1) an objection needs a comment and sets the outcome, whichever reply comes last', async () => {
    const deps = world();
    const { id } = await inConsultation(deps, ['health', 'transport']);
    const health = await assignedTo(deps, id, 'chen.min');
    const transport = await assignedTo(deps, id, 'jiang.ping');
    const bare = decide(deps, transport.id, 'object');
    await expect(bare).rejects.toBeInstanceOf(ValidationError);
    await expect(bare).rejects.toThrow('object needs a comment for the agency');
    await decide(deps, transport.id, 'object', { comment: '涉及交通管制内容，应以交通运输局意见为准' });
    expect(await docOf(deps, id)).toMatchObject({ consultationObjected: true, consultationTaskIds: [health.id] });
    await decide(deps, health.id, 'agree');
    const doc = await docOf(deps, id);
    expect(doc.consultationOutcome).toBe('objected');
    expect(doc.consultationObjected).toBeUndefined();
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'escalation' });
    expect((await docOf(deps, id)).status).toBe('IN_CONSULTATION');
  });

  it('two replies at once agree on which was the last: the flow is resumed exactly once', async () => {
    const deps = world();
    const { id, tasks } = await inConsultation(deps, ['health', 'transport']);
    const health = await assignedTo(deps, id, 'chen.min');
    const transport = await assignedTo(deps, id, 'jiang.ping');
    const conflicts = watchConflicts(deps);
    const results = await Promise.all([decide(deps, health.id, 'agree'), decide(deps, transport.id, 'agree')]);
    expect(conflicts).toEqual(['document']); // the later one read the document before the first wrote
    expect(results.filter((r) => r.taskToken !== undefined)).toHaveLength(1);
    expect(deps.callbacks.succeeded.filter((s) => s.taskToken === tasks[0]?.taskToken)).toHaveLength(1);
    expect(await docOf(deps, id)).toMatchObject({ status: 'IN_CONSULTATION', consultationOutcome: 'agreed' });
    expect((await taskOf(deps, health.id)).status).toBe('closed');
    expect((await taskOf(deps, transport.id)).status).toBe('closed');
  });

  it('COORD-5(2) an objection goes to the district disclosure office, which decides publication', async () => {
    const deps = world();
    const { id, tasks } = await inConsultation(deps, ['transport']);
    await decide(deps, tasks[0]?.id ?? '', 'object', { comment: '应以交通运输局意见为准' });
    const escalated = await advance(deps, id);
    expect(escalated.status).toBe('IN_CONSULTATION');
    const [task] = await openTasksOf(deps, id);
    expect(task).toMatchObject({ kind: 'escalation', assignee: 'zhou.qiang', dueAt: '2026-12-07' });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'IN_CONSULTATION',
      to: 'IN_CONSULTATION',
      rules: ['COORD-5(2)'],
      note: { code: 'task-opened', kind: 'escalation', assignees: ['zhou.qiang'] },
    });
    await decide(deps, task?.id ?? '', 'publish');
    expect((await docOf(deps, id)).consultationOutcome).toBe('coordinated');
    const published = await advance(deps, id);
    expect(published.status).toBe('PUBLISHED');
    const routedEvent = (await deps.documents.history(id)).find((e) => e.to === 'ROUTED');
    expect(routedEvent).toMatchObject({
      rules: ['COORD-5(2)'],
      note: { code: 'after-consultation', publisher: 'edu', coordinated: true },
    });
  });

  it('COORD-5(2) the disclosure office stops the document with a reason: REJECTED', async () => {
    const deps = world();
    const { id, tasks } = await inConsultation(deps, ['transport']);
    await decide(deps, tasks[0]?.id ?? '', 'object', { comment: '不同意' });
    await advance(deps, id);
    const [task] = await openTasksOf(deps, id);
    await expect(decide(deps, task?.id ?? '', 'stop')).rejects.toThrow('a stop needs a comment for the agency');
    await decide(deps, task?.id ?? '', 'stop', { comment: '内容存在争议，暂不公开' });
    expect((await advance(deps, id)).status).toBe('REJECTED');
    expect(await lastEvent(deps, id)).toMatchObject({ to: 'REJECTED', actor: 'zhou.qiang', rules: ['COORD-5(2)'] });
  });

  it('COORD-4 COORD-5 after the agencies agree, the competent department still approves', async () => {
    const deps = world();
    const { id, tasks } = await inConsultation(deps, ['health'], { sensitiveCategory: 'statistics' });
    await decide(deps, tasks[0]?.id ?? '', 'agree');
    expect(await routeDocument(deps, id)).toEqual({ publisher: 'edu', next: 'approval' });
    const waiting = await advance(deps, id);
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    expect(await lastEvent(deps, id)).toMatchObject({ from: 'IN_CONSULTATION', to: 'AWAITING_APPROVAL' });
    const [approval] = await openTasksOf(deps, id);
    await decide(deps, approval?.id ?? '', 'approve', { as: 'zhao.lei' });
    expect((await advance(deps, id)).status).toBe('PUBLISHED');
  });

  it('COORD-5(4) on-request information: the asked agency replies within 5 working days; asked on time', async () => {
    const deps = world();
    const { id, tasks } = await inConsultation(deps, ['transport'], { disclosure: 'on-request' });
    expect(tasks[0]).toMatchObject({ assignee: 'jiang.ping', dueAt: '2026-11-30' });
    expect(await docOf(deps, id)).toMatchObject({ solicitationDueAt: '2026-11-30', solicitationLate: false });
    expect((await lastEvent(deps, id)).rules).toEqual(['COORD-5(4)']);
    await decide(deps, tasks[0]?.id ?? '', 'agree');
    expect((await advance(deps, id)).status).toBe('RECORDED');
  });

  it('COORD-5(4) other agencies asked more than 5 working days after the application are asked late', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { disclosure: 'on-request', consult: ['transport'] });
    deps.clock.set('2026-12-01T02:00:00.000Z'); // registered 2026-11-23: asking was due by 2026-11-30
    await advance(deps, id);
    expect(await docOf(deps, id)).toMatchObject({ solicitationDueAt: '2026-11-30', solicitationLate: true });
  });
});
