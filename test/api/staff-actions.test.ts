import { describe, expect, it } from 'vitest';
import { mayAct } from '../../dashboard/src/app/access';
import {
  CancelledDocumentSchema,
  DocumentDetailSchema,
  RerunDocumentSchema,
  UploadUrlSchema,
} from '../../shared/api/responses';
import { intake } from '../../shared/pipeline/intake';
import { CLEAN_TEXT, createWorld, PEOPLE } from './support';

/**
 * The staff actions on a document the flow does not carry on, over HTTP: a fresh upload link,
 * 撤销登记 and 重新处理. Who may call them is in access.test.ts; here, what they do and answer.
 */

/** `{"error": {"code", "message"}}` with the code, and the message naming `names`. */
function expectError(res: { status: number; body: any }, status: number, code: string, names: string | RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message).toMatch(names);
}

describe('POST /api/documents/:id/upload-url', () => {
  it('201 {uploadUrl}: a fresh presigned PUT for the DRAFT; the file put there goes through Intake', async () => {
    const w = createWorld();
    const draft = await w.register();
    const res = await w.call('POST', `/api/documents/${draft.id}/upload-url`, { as: PEOPLE.uploaderEdu });
    expect(res.status).toBe(201);
    const { uploadUrl } = UploadUrlSchema.strict().parse(res.body);
    expect(uploadUrl).toContain(draft.objectKey);
    // A body, if sent, is not read.
    expect(
      (await w.call('POST', `/api/documents/${draft.id}/upload-url`, { as: PEOPLE.uploaderEdu, body: '{"x":' })).status,
    ).toBe(201);

    const { versionId } = w.deps.files.putPresigned(uploadUrl, CLEAN_TEXT);
    expect((await w.arrived(draft.id, versionId)).decision).toBe('clear');
    expect((await w.doc(draft.id)).status).toBe('CLEARED');
  });

  it('409 once the file came, telling why', async () => {
    const w = createWorld();
    const { id } = await w.awaitingSignoff();
    const res = await w.call('POST', `/api/documents/${id}/upload-url`, { as: PEOPLE.uploaderEdu });
    expectError(res, 409, 'conflict', /AWAITING_SIGNOFF: a new upload link is only issued while .*\(DRAFT\)/);
  });
});

describe('POST /api/documents/:id/cancel', () => {
  it('201: CANCELLED with {by, at, reason, from}, the history says why', async () => {
    const w = createWorld();
    const draft = await w.register();
    const res = await w.call('POST', `/api/documents/${draft.id}/cancel`, {
      as: PEOPLE.leader,
      body: { reason: '  文件未按时上传\n改为重新登记  ' },
    });
    expect(res.status).toBe(201);
    const body = CancelledDocumentSchema.strict().parse(res.body);
    expect(body).toEqual({
      id: draft.id,
      status: 'CANCELLED',
      cancelled: { by: PEOPLE.leader, at: expect.any(String), reason: '文件未按时上传\n改为重新登记', from: 'DRAFT' },
    });
    const detail = DocumentDetailSchema.parse(
      (await w.call('GET', `/api/documents/${draft.id}`, { as: PEOPLE.uploaderEdu })).body,
    );
    expect(detail.cancelled).toEqual(body.cancelled);
    expect(detail.history.at(-1)).toMatchObject({
      actor: PEOPLE.leader,
      from: 'DRAFT',
      to: 'CANCELLED',
      note: { code: 'cancelled', reason: '文件未按时上传\n改为重新登记' },
    });
    // Nothing follows a cancellation.
    const again = await w.call('POST', `/api/documents/${draft.id}/cancel`, {
      as: PEOPLE.leader,
      body: { reason: '再次撤销' },
    });
    expectError(again, 409, 'conflict', /CANCELLED: only a registration awaiting its file/);
  });

  it.each([
    ['no reason', {}, /^body\.reason: reason must be text$/],
    ['a blank reason', { reason: '   ' }, /^body\.reason: reason is required/],
    ['a reason over 500 characters', { reason: '撤'.repeat(501) }, /^body\.reason: reason is at most 500 characters$/],
    ['a NUL in the reason', { reason: '撤销\u0000' }, /^body\.reason: reason must not contain control characters/],
    [
      'a bidi override in the reason',
      { reason: '撤销\u202e' },
      /^body\.reason: reason must not contain control characters/,
    ],
  ])('400 invalid_input for %s, naming body.reason', async (_what, body, message) => {
    const w = createWorld();
    const draft = await w.register();
    const res = await w.call('POST', `/api/documents/${draft.id}/cancel`, { as: PEOPLE.uploaderEdu, body });
    expectError(res, 400, 'invalid_input', message);
    expect((await w.doc(draft.id)).status).toBe('DRAFT');
  });
});

describe('POST /api/documents/:id/rerun', () => {
  it('202: back in the status it failed in, a new execution resumes it and carries it on', async () => {
    const w = createWorld();
    const failed = await w.failed('system');
    expect(failed.failure).toMatchObject({ kind: 'system', failedIn: 'AWAITING_SIGNOFF' });
    const res = await w.call('POST', `/api/documents/${failed.id}/rerun`, { as: PEOPLE.uploaderEdu });
    expect(res.status).toBe(202);
    expect(RerunDocumentSchema.strict().parse(res.body)).toEqual({ id: failed.id, status: 'AWAITING_SIGNOFF' });
    expect(w.deps.workflow.started).toEqual([{ documentId: failed.id, previousExecutionId: failed.executionId }]);

    const detail = DocumentDetailSchema.parse(
      (await w.call('GET', `/api/documents/${failed.id}`, { as: PEOPLE.admin })).body,
    );
    expect(detail.status).toBe('AWAITING_SIGNOFF');
    expect(detail.failure).toBeUndefined();
    expect(detail.sha256).toBe(failed.sha256);
    expect(detail.history.at(-1)).toMatchObject({
      actor: PEOPLE.uploaderEdu,
      from: 'FAILED',
      to: 'AWAITING_SIGNOFF',
      note: { code: 'rerun', step: 'Leader sign-off' },
    });

    // What the new execution's Intake does with the resume request it was started with.
    const [started] = w.deps.workflow.started;
    const next = await intake(w.deps, {
      event: { resume: { documentId: failed.id, ...started } },
      executionId: 'exec-rerun',
    });
    expect(next).toEqual({ documentId: failed.id, next: 'signoff' });
    const signoff = await w.open(failed.id, 'signoff');
    await w.decide(signoff.taskId, 'approve');
    expect((await w.doc(failed.id)).status).toBe('SIGNED_OFF');
  });

  it('409 for a refused file, telling the agency to register the document again with a corrected file', async () => {
    const w = createWorld();
    const refused = await w.failed('input');
    const res = await w.call('POST', `/api/documents/${refused.id}/rerun`, { as: PEOPLE.uploaderEdu });
    expectError(
      res,
      409,
      'conflict',
      /refused at Intake \(file is empty\).*register the document again with a corrected file/,
    );
    expect(w.deps.workflow.started).toEqual([]);
  });

  it('409 for a document that did not fail', async () => {
    const w = createWorld();
    const { id } = await w.awaitingSignoff();
    const res = await w.call('POST', `/api/documents/${id}/rerun`, { as: PEOPLE.admin });
    expectError(res, 409, 'conflict', /AWAITING_SIGNOFF: only a document that failed can be re-run/);
  });

  it('503 unavailable when no execution can be started; the document is FAILED again, re-runnable', async () => {
    const w = createWorld();
    const failed = await w.failed('system');
    w.deps.workflow.failWith = Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' });
    const res = await w.call('POST', `/api/documents/${failed.id}/rerun`, { as: PEOPLE.uploaderEdu });
    expectError(res, 503, 'unavailable', /FAILED as before: try again later/);
    expect(res.body.error.message).not.toContain('ETIMEDOUT');
    expect((await w.doc(failed.id)).failure).toMatchObject({
      step: 'Re-run',
      kind: 'system',
      failedIn: 'AWAITING_SIGNOFF',
    });
    w.deps.workflow.failWith = undefined;
    expect((await w.call('POST', `/api/documents/${failed.id}/rerun`, { as: PEOPLE.uploaderEdu })).status).toBe(202);
  });
});

describe('the dashboard offers an action exactly where the server allows it', () => {
  const STATES = ['DRAFT', 'RETURNED', 'FAILED (system)', 'FAILED (input)', 'AWAITING_SIGNOFF', 'PUBLISHED'] as const;
  const ACTIONS = [
    ['upload', 'upload-url', undefined],
    ['cancel', 'cancel', { reason: '撤销' }],
    ['rerun', 'rerun', undefined],
  ] as const;
  const make = (w: ReturnType<typeof createWorld>, state: (typeof STATES)[number]) =>
    state === 'DRAFT'
      ? w.register()
      : state === 'RETURNED'
        ? w.returned()
        : state === 'FAILED (system)'
          ? w.failed('system')
          : state === 'FAILED (input)'
            ? w.failed('input')
            : state === 'AWAITING_SIGNOFF'
              ? w.awaitingSignoff().then((f) => f.doc)
              : w.published();

  it.each(STATES)('on a document %s, for everyone who can open its page', async (state) => {
    const w = createWorld();
    for (const who of Object.values(PEOPLE)) {
      if (!who) continue;
      for (const [action, route, body] of ACTIONS) {
        const doc = await make(w, state);
        const page = await w.call('GET', `/api/documents/${doc.id}`, { as: who });
        if (page.status === 404) continue; // no page, no button
        const offered = mayAct(await w.identity(who), DocumentDetailSchema.parse(page.body), action);
        const res = await w.call('POST', `/api/documents/${doc.id}/${route}`, { as: who, ...(body ? { body } : {}) });
        expect(res.status < 300, `${action} on ${state} as ${who}: offered ${offered}, answered ${res.status}`).toBe(
          offered,
        );
      }
    }
  });
});
