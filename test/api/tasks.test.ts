import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentKeyOf, originalKeyOf } from '../../shared/pipeline/content';
import { decideTask } from '../../shared/pipeline/tasks/decide';
import { CLEAN_TEXT, createWorld, GONE, PEOPLE, SECRET_TEXT, type World } from './support';

const decide = (w: World, taskId: string, as: string, body: unknown) =>
  w.call('POST', `/api/tasks/${taskId}/decision`, { as, body });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('/api/tasks', () => {
  it('GET lists the open tasks with what the assignee needs to decide, without the task token', async () => {
    const w = createWorld();
    const review = await w.inReview({}, { text: SECRET_TEXT });
    const res = await w.call('GET', '/api/tasks', { as: PEOPLE.reviewer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entries: [
        {
          id: review.taskId,
          documentId: review.id,
          kind: 'review',
          assignee: 'group:reviewer',
          status: 'open',
          createdAt: '2026-11-24T02:00:00.000Z',
          // 3 working days.
          dueAt: '2026-11-27',
          document: {
            title: review.doc.title,
            agency: 'edu',
            department: 'office',
            disclosure: 'proactive',
            formedAt: '2026-11-20',
            dueAt: '2026-12-18',
            findings: [
              { kind: 'secret-marking', text: '机密★5年', start: 0, end: 5, rule: 'FIVE-4', location: 'body' },
            ],
          },
        },
      ],
    });
    expect((await w.call('GET', '/api/tasks', { as: PEOPLE.leader })).body).toEqual({ entries: [] });
  });

  it('a decision (200) resumes the flow: the callbacks get its task token and output', async () => {
    const w = createWorld();
    const { id, taskId } = await w.awaitingSignoff({}, { taskToken: 't1' });
    const res = await decide(w, taskId, PEOPLE.leader, { decision: 'approve', comment: '同意公开' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, decision: 'approve', decidedBy: 'li.na', taskId, flowResumed: true });
    expect(w.deps.callbacks.succeeded).toEqual([
      { taskToken: 't1', output: { decision: 'approve', decidedBy: 'li.na', taskId } },
    ]);
    expect((await w.doc(id)).status).toBe('SIGNED_OFF');
    expect(await w.deps.tasks.getTask(taskId)).toMatchObject({
      status: 'closed',
      decision: 'approve',
      decidedBy: 'li.na',
      comment: '同意公开',
    });
    expect((await w.call('GET', '/api/tasks', { as: PEOPLE.leader })).body).toEqual({ entries: [] });
  });

  it('a second decision is a conflict (409): nothing moves, nothing resumes again', async () => {
    const w = createWorld();
    const { id, taskId } = await w.awaitingSignoff({}, { taskToken: 't1' });
    expect((await decide(w, taskId, PEOPLE.leader, { decision: 'approve' })).status).toBe(200);
    const second = await decide(w, taskId, PEOPLE.leader, { decision: 'reject', comment: '不同意' });
    expect(second.status).toBe(409);
    expect(second.body.error).toEqual({ code: 'conflict', message: `task ${taskId} was already decided (approve)` });
    expect(w.deps.callbacks.succeeded).toHaveLength(1);
    expect((await w.doc(id)).status).toBe('SIGNED_OFF');
  });

  it('when no flow waits any more (TaskDoesNotExist) the decision is still recorded: 202, flowResumed false', async () => {
    const w = createWorld();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { id, taskId } = await w.awaitingSignoff({}, { taskToken: `${GONE}t2` });
    const res = await decide(w, taskId, PEOPLE.leader, { decision: 'approve' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ ok: true, decision: 'approve', decidedBy: 'li.na', taskId, flowResumed: false });
    expect(w.deps.callbacks.succeeded).toEqual([]);
    expect(logged).toHaveBeenCalledWith(
      'decision recorded but the flow could not be resumed',
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
    // The document moved; resuming it carries it on from SIGNED_OFF.
    expect((await w.doc(id)).status).toBe('SIGNED_OFF');
    expect((await decide(w, taskId, PEOPLE.leader, { decision: 'approve' })).status).toBe(409);
  });

  describe('POST decision with an Idempotency-Key (a retried decision)', () => {
    const KEY = { 'Idempotency-Key': '9b2e4c6a-8d0f-4a1b-9c3d-5e7f8a9b0c1d' };
    const keyed = (w: World, taskId: string, body: unknown, headers: Record<string, string> = KEY) =>
      w.call('POST', `/api/tasks/${taskId}/decision`, { as: PEOPLE.leader, body, headers });

    it('EXPAND-2 answers the recorded decision again: Idempotent-Replayed, one transition, the flow resumed once', async () => {
      const w = createWorld();
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const { id, taskId } = await w.awaitingSignoff({}, { taskToken: 't-keyed' });
      const first = await keyed(w, taskId, { decision: 'approve' });
      expect(first.status).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(first.body.flowResumed).toBe(true);
      const again = await keyed(w, taskId, { decision: 'approve' });
      // The first request resumed the flow: no execution waits on the token any more.
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual({ ok: true, decision: 'approve', decidedBy: 'li.na', taskId, flowResumed: false });
      expect(w.deps.callbacks.succeeded.map((s) => s.taskToken)).toEqual(['t-keyed']);
      expect(logged).not.toHaveBeenCalled();
      const history = (await w.call('GET', `/api/documents/${id}`, { as: PEOPLE.leader })).body.history;
      expect(history.filter((e: { from?: string }) => e.from === 'AWAITING_SIGNOFF')).toHaveLength(1);
    });

    it('a decision recorded whose flow was never resumed is resumed by the retry: 200, flowResumed true', async () => {
      const w = createWorld();
      const { id, taskId } = await w.awaitingSignoff({}, { taskToken: 't-lost' });
      // The first request recorded the decision (the use case the route calls), then its Lambda
      // ended before it answered the flow.
      const leader = await w.identity(PEOPLE.leader);
      await decideTask(w.deps, leader, taskId, { decision: 'approve' }, KEY['Idempotency-Key']);
      expect(w.deps.callbacks.succeeded).toEqual([]);
      const again = await keyed(w, taskId, { decision: 'approve' });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.flowResumed).toBe(true);
      expect(w.deps.callbacks.succeeded).toEqual([
        { taskToken: 't-lost', output: { decision: 'approve', decidedBy: 'li.na', taskId } },
      ]);
      expect((await w.doc(id)).status).toBe('SIGNED_OFF');
    });

    it('the key with another decision is 422 idempotency_key_reused, and the first decision stays', async () => {
      const w = createWorld();
      const { id, taskId } = await w.awaitingSignoff();
      await keyed(w, taskId, { decision: 'approve' });
      const res = await keyed(w, taskId, { decision: 'reject', comment: '不同意' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('idempotency_key_reused');
      expect((await w.doc(id)).status).toBe('SIGNED_OFF');
    });

    it.each([
      ['empty', ''],
      ['with a space', 'a key'],
      ['too long', 'k'.repeat(256)],
    ])('a key that is %s is 400 naming header.Idempotency-Key, and the task stays open', async (_, key) => {
      const w = createWorld();
      const { id, taskId } = await w.awaitingSignoff();
      const res = await keyed(w, taskId, { decision: 'approve' }, { 'Idempotency-Key': key });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^header\.Idempotency-Key: /);
      expect((await w.doc(id)).status).toBe('AWAITING_SIGNOFF');
    });
  });

  it('a consultation resumes the flow with the last reply only (COORD-5(1))', async () => {
    const w = createWorld();
    const { id, route } = await w.signedOffAndRouted({ consult: ['health', 'stats'] });
    expect(route.next).toBe('consultation');
    const consultation = await w.open(id, 'consultation', 't3');
    const tasks = await Promise.all(consultation.taskIds.map((t) => w.deps.tasks.getTask(t)));
    const byAssignee = Object.fromEntries(tasks.map((t) => [t?.assignee, t?.id ?? '']));
    expect(Object.keys(byAssignee).sort()).toEqual(['chen.min', 'zhao.lei']);

    const first = await decide(w, byAssignee['chen.min'] ?? '', 'chen.min', { decision: 'agree' });
    expect(first.status).toBe(200);
    expect(first.body.flowResumed).toBe(false);
    expect(w.deps.callbacks.succeeded).toEqual([]);
    // One agency's head may not answer for the other.
    expect((await decide(w, byAssignee['zhao.lei'] ?? '', 'chen.min', { decision: 'agree' })).status).toBe(403);

    const last = await decide(w, byAssignee['zhao.lei'] ?? '', 'zhao.lei', { decision: 'agree' });
    expect(last.status).toBe(200);
    expect(last.body.flowResumed).toBe(true);
    expect(w.deps.callbacks.succeeded.map((s) => s.taskToken)).toEqual(['t3']);
    expect((await w.doc(id)).consultationOutcome).toBe('agreed');
  });

  it('a decision the task does not take, or without the comment it needs, is 400 and leaves the task open', async () => {
    const w = createWorld();
    const { id, taskId } = await w.awaitingSignoff();
    const cases = [
      [{ decision: 'clear' }, 'decision for a signoff task must be one of approve, reject'],
      [{ decision: 'reject' }, 'a reject needs a comment for the agency'],
      [{ decision: 'reject', comment: '   ' }, 'a reject needs a comment for the agency'],
      [{ decision: '' }, 'decision:'],
      [{ comment: '同意' }, 'decision:'],
    ] as const;
    for (const [body, message] of cases) {
      const res = await decide(w, taskId, PEOPLE.leader, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message).toContain(message);
    }
    expect((await w.deps.tasks.getTask(taskId))?.status).toBe('open');
    expect((await w.doc(id)).status).toBe('AWAITING_SIGNOFF');
    const none = await decide(w, crypto.randomUUID(), PEOPLE.leader, { decision: 'approve' });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('not_found');
  });

  it('a redaction: the upload slot (201), the upload, then `redact` with its key (200)', async () => {
    const w = createWorld();
    const review = await w.inReview({}, { taskToken: 't4' });
    const slot = await w.call('POST', `/api/tasks/${review.taskId}/redaction`, {
      as: PEOPLE.reviewer,
      body: { contentType: 'text/plain' },
    });
    expect(slot.status).toBe(201);
    const { redactionKey, uploadUrl } = slot.body;
    expect(redactionKey).toMatch(new RegExp(`^redactions/${review.id}/[0-9a-f-]{36}$`));
    expect(uploadUrl).toContain(redactionKey);

    // Deciding `redact` before the redacted version is there is refused.
    const early = await decide(w, review.taskId, PEOPLE.reviewer, { decision: 'redact', redactionKey });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('no redacted version uploaded');

    w.deps.files.putPresigned(uploadUrl, CLEAN_TEXT);
    expect(await w.deps.files.exists(redactionKey)).toBe(true);
    const res = await decide(w, review.taskId, PEOPLE.reviewer, { decision: 'redact', redactionKey });
    expect(res.status).toBe(200);
    // `redact` sends the flow back to the review: handed on as the task's failure Decided.redact.
    expect(w.deps.callbacks.outputFor('t4')).toBeUndefined();
    expect(w.deps.callbacks.answers().filter((a) => a.taskToken === 't4')).toEqual([
      {
        taskToken: 't4',
        error: 'Decided.redact',
        output: { decision: 'redact', decidedBy: 'wang.fang', taskId: review.taskId },
      },
    ]);
    const pinned = await w.doc(review.id);
    expect(pinned).toMatchObject({ status: 'IN_REVIEW', redactionPending: true });
    // The redacted version is pinned under its own hash; the agency's pinned upload is the original.
    expect(contentKeyOf(pinned)).toMatch(new RegExp(`^pinned/${review.id}/[0-9a-f]{64}$`));
    expect(originalKeyOf(pinned)).toMatch(new RegExp(`^pinned/${review.id}/[0-9a-f]{64}$`));
    expect(originalKeyOf(pinned)).not.toBe(contentKeyOf(pinned));
  });

  it('a redaction slot is for an open review only: 400 for a sign-off, 409 once decided', async () => {
    const w = createWorld();
    const signoff = await w.awaitingSignoff();
    const wrongKind = await w.call('POST', `/api/tasks/${signoff.taskId}/redaction`, {
      as: PEOPLE.leader,
      body: { contentType: 'text/plain' },
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.message).toBe('only confidentiality reviews take a redacted version');

    const review = await w.inReview();
    expect((await decide(w, review.taskId, PEOPLE.reviewer, { decision: 'clear' })).status).toBe(200);
    const closed = await w.call('POST', `/api/tasks/${review.taskId}/redaction`, {
      as: PEOPLE.reviewer,
      body: { contentType: 'text/plain' },
    });
    expect(closed.status).toBe(409);
    const badType = await w.call('POST', `/api/tasks/${review.taskId}/redaction`, {
      as: PEOPLE.reviewer,
      body: { contentType: 'application/zip' },
    });
    expect(badType.status).toBe(400);
  });
});
