import { describe, expect, it } from 'vitest';
import { actionApplies, mayTakeAction } from '../../../shared/model/actions';
import type { DocumentRecord } from '../../../shared/model/document';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from '../../../shared/model/errors';
import { contentKeyOf } from '../../../shared/pipeline/content';
import { IntakeInputSchema } from '../../../shared/pipeline/events';
import { failDocument } from '../../../shared/pipeline/failure';
import { intake } from '../../../shared/pipeline/intake';
import { reviewDocument } from '../../../shared/pipeline/review';
import { cancelDocument, documentAwaitingUpload, rerunDocument } from '../../../shared/pipeline/staff';
import { moved } from '../../../shared/pipeline/write';
import {
  advance,
  awaitingSignoff,
  bytesOf,
  CLEAN,
  decide,
  docOf,
  lastEvent,
  newExecutionId,
  objectCreated,
  open,
  openTasksOf,
  PERSONAL,
  register,
  sha256,
  submit,
  user,
  world,
} from './drive';

/**
 * The registering agency's staff actions on a document the flow does not carry on: a fresh upload
 * link (DRAFT), 撤销登记 (DRAFT / RETURNED / FAILED) and 重新处理 (a system failure).
 */

type Deps = ReturnType<typeof world>;

const resumeRun = (deps: Deps, documentId: string, previousExecutionId: string | undefined, executionId: string) =>
  intake(
    deps,
    IntakeInputSchema.parse({
      event: { resume: { documentId, ...(previousExecutionId ? { previousExecutionId } : {}) } },
      executionId,
    }),
  );

/** A clean document the system failed while its leader's sign-off was open. */
async function failedAtSignoff(deps: Deps) {
  const { id, task } = await awaitingSignoff(deps);
  await failDocument(deps, id, { step: 'Leader sign-off', error: 'Lambda.ServiceException', kind: 'system' });
  return { id, task, doc: await docOf(deps, id) };
}

/** A document returned by the pre-review group (RETURNED). */
async function returned(deps: Deps) {
  const { id } = await submit(deps, PERSONAL);
  await advance(deps, id);
  const [task] = await openTasksOf(deps, id);
  await decide(deps, task?.id ?? '', 'return', { comment: '请删除个人信息后重新提交' });
  const doc = await docOf(deps, id);
  expect(doc.status).toBe('RETURNED');
  return doc;
}

async function scoreOf(deps: Deps, agency = 'edu') {
  return (await deps.scores.scoreCounters(2026)).find((c) => c.agency === agency);
}

describe('a fresh upload link: only for a DRAFT, only for its agency’s uploader', () => {
  it('answers the DRAFT for the uploader; 409 once the file came; 404 for another agency; 403 for other roles', async () => {
    const deps = world();
    const draft = await register(deps);
    const uploader = await user(deps, 'zhang.wei');
    expect((await documentAwaitingUpload(deps, uploader, draft.id)).id).toBe(draft.id);

    await expect(documentAwaitingUpload(deps, await user(deps, 'liu.yang'), draft.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    for (const other of ['li.na', 'wang.fang', 'qian.hui', 'ops']) {
      await expect(documentAwaitingUpload(deps, await user(deps, other), draft.id), other).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    await expect(documentAwaitingUpload(deps, uploader, 'no-such-document')).rejects.toBeInstanceOf(NotFoundError);

    const { id } = await submit(deps, CLEAN);
    const refused = documentAwaitingUpload(deps, uploader, id);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(/RECEIVED: a new upload link is only issued while .* \(DRAFT\)/);
  });
});

describe('撤销登记: a DRAFT, RETURNED or FAILED registration is cancelled, with its reason', () => {
  it('DRAFT → CANCELLED: audited with the reason, the cancellation on the document; the scores are left alone', async () => {
    const deps = world();
    const draft = await register(deps);
    const due = await scoreOf(deps);
    expect(due).toMatchObject({ timelinessDue: 1, completenessDue: 1 });

    const cancelled = await cancelDocument(deps, await user(deps, 'zhang.wei'), draft.id, '  文件未按时上传  ');
    expect(cancelled.status).toBe('CANCELLED');
    const doc = await docOf(deps, draft.id);
    expect(doc.status).toBe('CANCELLED');
    expect(doc.cancelled).toEqual({ by: 'zhang.wei', at: expect.any(String), reason: '文件未按时上传', from: 'DRAFT' });
    expect(await lastEvent(deps, draft.id)).toMatchObject({
      actor: 'zhang.wei',
      from: 'DRAFT',
      to: 'CANCELLED',
      at: doc.cancelled?.at,
      note: { code: 'cancelled', reason: '文件未按时上传' },
    });
    // A registration that never ran costs the agency nothing.
    expect(await scoreOf(deps)).toMatchObject({ timelinessDue: 0, completenessDue: 0, open: [] });
    expect((await deps.documents.listInFlight()).map((d) => d.id)).not.toContain(draft.id);
  });

  it('a file that arrives after the cancellation starts nothing', async () => {
    const deps = world();
    const draft = await register(deps);
    await cancelDocument(deps, await user(deps, 'li.na'), draft.id, '重复登记');
    const { versionId } = deps.files.put(draft.objectKey, CLEAN, 'text/plain');
    const result = await intake(
      deps,
      IntakeInputSchema.parse({
        event: objectCreated(draft.objectKey, { versionId, size: bytesOf(CLEAN).byteLength }),
        executionId: newExecutionId(),
      }),
    );
    expect(result).toEqual({ documentId: draft.id, next: 'duplicate' });
    expect((await docOf(deps, draft.id)).status).toBe('CANCELLED');
    expect(await docOf(deps, draft.id)).not.toHaveProperty('executionId');
    expect((await lastEvent(deps, draft.id)).to).toBe('CANCELLED');
  });

  it('RETURNED → CANCELLED by the agency’s leader; a returned document was never due', async () => {
    const deps = world();
    const doc = await returned(deps);
    await cancelDocument(deps, await user(deps, 'li.na'), doc.id, '改为重新登记');
    expect((await docOf(deps, doc.id)).cancelled).toMatchObject({ by: 'li.na', from: 'RETURNED' });
    expect(await scoreOf(deps)).toMatchObject({ timelinessDue: 0, completenessDue: 0 });
  });

  it('FAILED → CANCELLED by an administrator abandons it: a system failure costs nothing, abandoning it does', async () => {
    const deps = world();
    const { id } = await failedAtSignoff(deps);
    expect(await scoreOf(deps)).toMatchObject({ timelinessDue: 0, completenessDue: 0 });
    await cancelDocument(deps, await user(deps, 'ops'), id, '不再公开');
    expect((await docOf(deps, id)).cancelled).toMatchObject({ by: 'ops', from: 'FAILED' });
    const counters = await scoreOf(deps);
    expect(counters).toMatchObject({ timelinessDue: 1, timelinessOnTime: 0, completenessDue: 1 });
    expect(counters?.open).toEqual([{ documentId: id, dueAt: expect.any(String), inTimeliness: true }]);
  });

  it('refuses a document in the flow (409), without a reason (400 naming reason), and callers who may not', async () => {
    const deps = world();
    const { id } = await awaitingSignoff(deps);
    const uploader = await user(deps, 'zhang.wei');
    const inFlow = cancelDocument(deps, uploader, id, '撤销');
    await expect(inFlow).rejects.toBeInstanceOf(ConflictError);
    await expect(inFlow).rejects.toThrow(/AWAITING_SIGNOFF: only a registration awaiting its file \(DRAFT\)/);

    const draft = await register(deps);
    const blank = cancelDocument(deps, uploader, draft.id, '   ');
    await expect(blank).rejects.toBeInstanceOf(ValidationError);
    await expect(blank).rejects.toThrow(/^reason: /);
    for (const who of ['wang.fang', 'qian.hui']) {
      await expect(cancelDocument(deps, await user(deps, who), draft.id, '撤销'), who).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    for (const who of ['liu.yang', 'zhao.lei']) {
      await expect(cancelDocument(deps, await user(deps, who), draft.id, '撤销'), who).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    expect((await docOf(deps, draft.id)).status).toBe('DRAFT');
  });

  it('a cancellation racing the upload’s Intake: exactly one wins', async () => {
    const deps = world();
    const draft = await register(deps);
    const { versionId } = deps.files.put(draft.objectKey, CLEAN, 'text/plain');
    const [cancel, claim] = await Promise.allSettled([
      cancelDocument(deps, await user(deps, 'zhang.wei'), draft.id, '撤销'),
      intake(
        deps,
        IntakeInputSchema.parse({
          event: objectCreated(draft.objectKey, { versionId }),
          executionId: newExecutionId(),
        }),
      ),
    ]);
    const doc = await docOf(deps, draft.id);
    if (doc.status === 'CANCELLED') {
      expect(cancel.status).toBe('fulfilled');
      expect(claim).toMatchObject({ status: 'fulfilled', value: { next: 'duplicate' } });
    } else {
      expect(doc.status).toBe('RECEIVED');
      expect(cancel).toMatchObject({ status: 'rejected', reason: expect.any(ConflictError) });
    }
  });
});

describe('重新处理: a document the system failed runs again from the status it failed in', () => {
  it('FAILED → the status it failed in, audited; a new execution takes it over and it carries on to publication', async () => {
    const deps = world();
    const { id, doc: failed } = await failedAtSignoff(deps);
    expect(failed.failure).toMatchObject({ kind: 'system', failedIn: 'AWAITING_SIGNOFF' });
    const pinned = { sha256: failed.sha256 };

    const rerun = await rerunDocument(deps, deps.workflow, await user(deps, 'zhang.wei'), id);
    expect(rerun.status).toBe('AWAITING_SIGNOFF');
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('AWAITING_SIGNOFF');
    expect(doc).not.toHaveProperty('failure');
    expect(doc).toMatchObject(pinned);
    expect(contentKeyOf(doc)).toBe(contentKeyOf(failed));
    expect(await lastEvent(deps, id)).toMatchObject({
      actor: 'zhang.wei',
      from: 'FAILED',
      to: 'AWAITING_SIGNOFF',
      note: { code: 'rerun', step: 'Leader sign-off' },
    });
    // The new execution takes over from the one that failed, which still holds the document.
    expect(deps.workflow.started).toEqual([{ documentId: id, previousExecutionId: failed.executionId }]);
    expect(await resumeRun(deps, id, failed.executionId, 'exec-rerun')).toEqual({ documentId: id, next: 'signoff' });
    expect((await docOf(deps, id)).executionId).toBe('exec-rerun');
    // Back in flight and counted again.
    expect((await deps.documents.listInFlight()).map((d) => d.id)).toContain(id);
    expect(await scoreOf(deps)).toMatchObject({ timelinessDue: 1, completenessDue: 1 });

    // The sign-off that expired with the failure is opened again, and the same bytes are published.
    const { tasks } = await open(deps, id, 'signoff');
    await decide(deps, tasks[0]?.id ?? '', 'approve');
    const published = await advance(deps, id);
    expect(published.status).toBe('PUBLISHED');
    expect(published.publicSha256).toBe(sha256(CLEAN));
    expect(published.signedOffSha256).toBe(pinned.sha256);
  });

  it('a failure in the confidentiality review re-runs the review on the pinned content', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN);
    const before = await docOf(deps, id);
    await failDocument(deps, id, { step: 'Confidentiality review', error: 'Sandbox.Timeout', kind: 'system' });
    await rerunDocument(deps, deps.workflow, await user(deps, 'ops'), id);
    expect((await docOf(deps, id)).status).toBe('RECEIVED');
    expect(await resumeRun(deps, id, before.executionId, 'exec-rerun')).toEqual({ documentId: id, next: 'review' });
    expect((await reviewDocument(deps, id)).decision).toBe('clear');
    const after = await docOf(deps, id);
    expect(after).toMatchObject({ sha256: before.sha256 });
    expect(contentKeyOf(after)).toBe(contentKeyOf(before));
  });

  it('a document that failed before Intake claimed its upload is claimed by the re-run’s execution', async () => {
    const deps = world();
    const draft = await register(deps);
    deps.files.put(draft.objectKey, CLEAN, 'text/plain');
    await failDocument(deps, draft.id, { step: 'Intake', error: 'Lambda.Unknown', kind: 'system' });
    expect((await docOf(deps, draft.id)).failure).toMatchObject({ failedIn: 'DRAFT' });

    await rerunDocument(deps, deps.workflow, await user(deps, 'zhang.wei'), draft.id);
    expect((await docOf(deps, draft.id)).status).toBe('DRAFT');
    // No execution held it: none to take over from.
    expect(deps.workflow.started).toEqual([{ documentId: draft.id }]);
    expect(await resumeRun(deps, draft.id, undefined, 'exec-rerun')).toEqual({ documentId: draft.id, next: 'review' });
    expect(await docOf(deps, draft.id)).toMatchObject({
      status: 'RECEIVED',
      executionId: 'exec-rerun',
      sha256: sha256(CLEAN),
    });
    // A second execution with the same request finds it held.
    expect(await resumeRun(deps, draft.id, undefined, 'exec-other')).toEqual({
      documentId: draft.id,
      next: 'duplicate',
    });
  });

  it('a refused file is not run again: 409 telling the agency to register it again with a corrected file', async () => {
    const deps = world();
    const { id } = await submit(deps, new Uint8Array());
    expect((await docOf(deps, id)).failure).toMatchObject({ kind: 'input', step: 'Intake' });
    const attempt = rerunDocument(deps, deps.workflow, await user(deps, 'zhang.wei'), id);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(
      /refused at Intake \(file is empty\).*register the document again with a corrected file/,
    );
    expect((await docOf(deps, id)).status).toBe('FAILED');
    expect(deps.workflow.started).toEqual([]);
  });

  it('refuses what did not fail (409) and callers who may not (403 / 404)', async () => {
    const deps = world();
    const { id } = await awaitingSignoff(deps);
    await expect(rerunDocument(deps, deps.workflow, await user(deps, 'zhang.wei'), id)).rejects.toThrow(
      /AWAITING_SIGNOFF: only a document that failed can be re-run/,
    );
    const { id: failed } = await failedAtSignoff(deps);
    for (const who of ['li.na', 'wang.fang', 'qian.hui']) {
      await expect(rerunDocument(deps, deps.workflow, await user(deps, who), failed), who).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    for (const who of ['liu.yang', 'zhao.lei']) {
      await expect(rerunDocument(deps, deps.workflow, await user(deps, who), failed), who).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    expect((await docOf(deps, failed)).status).toBe('FAILED');
    expect(deps.workflow.started).toEqual([]);
  });

  it('two re-runs at once: one moves it back and starts one execution, the other is 409', async () => {
    const deps = world();
    const { id } = await failedAtSignoff(deps);
    const caller = await user(deps, 'zhang.wei');
    const results = await Promise.allSettled([
      rerunDocument(deps, deps.workflow, caller, id),
      rerunDocument(deps, deps.workflow, caller, id),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConflictError) });
    expect(deps.workflow.started).toHaveLength(1);
    expect((await deps.documents.history(id)).filter((e) => e.note?.code === 'rerun')).toHaveLength(1);
  });

  it('when no execution can be started, the document is FAILED again (re-runnable), not stranded', async () => {
    const deps = world();
    const { id } = await failedAtSignoff(deps);
    deps.workflow.failWith = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const attempt = rerunDocument(deps, deps.workflow, await user(deps, 'zhang.wei'), id);
    await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    await expect(attempt).rejects.toThrow('it is FAILED as before: try again later');
    expect((await docOf(deps, id)).failure).toEqual({
      step: 'Re-run',
      error: 'the flow could not be started again',
      cause: 'ThrottlingException: Rate exceeded',
      kind: 'system',
      failedIn: 'AWAITING_SIGNOFF',
    });
    deps.workflow.failWith = undefined;
    expect((await rerunDocument(deps, deps.workflow, await user(deps, 'zhang.wei'), id)).status).toBe(
      'AWAITING_SIGNOFF',
    );
    expect(deps.workflow.started).toHaveLength(1);
  });
});

describe('the one way back: moved with `rerun` checks canRerun, nothing else goes backwards', () => {
  const failedDoc = (failure: DocumentRecord['failure']) =>
    ({ id: 'd', status: 'FAILED', ...(failure ? { failure } : {}) }) as DocumentRecord;
  const event = { at: '2026-11-23T02:00:00.000Z', actor: 'zhang.wei' };
  const system = { step: 'Routing', error: 'Error', kind: 'system', failedIn: 'SIGNED_OFF' } as const;

  it('takes a system failure back to the status it failed in', () => {
    const write = moved('d', failedDoc(system), { from: 'FAILED', to: 'SIGNED_OFF', rerun: true, event });
    expect(write.document.status).toBe('SIGNED_OFF');
    expect(write.event).toMatchObject({ from: 'FAILED', to: 'SIGNED_OFF' });
  });

  it.each([
    ['to another status than it failed in', system, 'ROUTED'],
    ['for an input failure', { ...system, kind: 'input' }, 'SIGNED_OFF'],
    ['without a recorded failure', undefined, 'SIGNED_OFF'],
    ['to a final status', { ...system, failedIn: 'PUBLISHED' }, 'PUBLISHED'],
  ] as const)('refuses a re-run %s', (_what, failure, to) => {
    expect(() => moved('d', failedDoc(failure), { from: 'FAILED', to, rerun: true, event })).toThrow(
      /cannot be re-run/,
    );
  });

  it('without the flag, FAILED goes nowhere but CANCELLED', () => {
    expect(() => moved('d', failedDoc(system), { from: 'FAILED', to: 'SIGNED_OFF', event })).toThrow(
      /illegal status change FAILED → SIGNED_OFF/,
    );
    expect(moved('d', failedDoc(system), { from: 'FAILED', to: 'CANCELLED', event }).document.status).toBe('CANCELLED');
  });
});

describe('who may take which action, and when it applies (the dashboard reads the same)', () => {
  it('matches the roles the use cases enforce', async () => {
    const deps = world();
    const doc = { agency: 'edu' };
    const allowed = async (action: 'upload' | 'cancel' | 'rerun') => {
      const users = await deps.directory.listUsers();
      return users
        .filter((u) => mayTakeAction(u, doc, action))
        .map((u) => u.user)
        .sort();
    };
    const admins = (await deps.directory.listUsers()).filter((u) => u.roles.includes('admin')).map((u) => u.user);
    const eduUploaders = (await deps.directory.listUsers())
      .filter((u) => u.agency === 'edu' && u.roles.includes('uploader'))
      .map((u) => u.user);
    const eduLeaders = (await deps.directory.listUsers())
      .filter((u) => u.agency === 'edu' && u.roles.includes('leader'))
      .map((u) => u.user);
    expect(await allowed('upload')).toEqual([...eduUploaders].sort());
    expect(await allowed('cancel')).toEqual([...new Set([...eduUploaders, ...eduLeaders, ...admins])].sort());
    expect(await allowed('rerun')).toEqual([...new Set([...eduUploaders, ...admins])].sort());
  });

  it('applies by status (and failure kind)', () => {
    const system = { step: 'Routing', error: 'Error', kind: 'system', failedIn: 'SIGNED_OFF' } as const;
    expect(actionApplies({ status: 'DRAFT' }, 'upload')).toBe(true);
    expect(actionApplies({ status: 'RECEIVED' }, 'upload')).toBe(false);
    for (const status of ['DRAFT', 'RETURNED', 'FAILED'] as const)
      expect(actionApplies({ status }, 'cancel')).toBe(true);
    for (const status of ['RECEIVED', 'AWAITING_SIGNOFF', 'PUBLISHED', 'CANCELLED', 'REJECTED'] as const) {
      expect(actionApplies({ status }, 'cancel'), status).toBe(false);
    }
    expect(actionApplies({ status: 'FAILED', failure: system }, 'rerun')).toBe(true);
    expect(actionApplies({ status: 'FAILED', failure: { ...system, kind: 'input' } }, 'rerun')).toBe(false);
    expect(actionApplies({ status: 'FAILED' }, 'rerun')).toBe(false);
    expect(actionApplies({ status: 'SIGNED_OFF', failure: system }, 'rerun')).toBe(false);
  });
});
