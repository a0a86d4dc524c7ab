import { describe, expect, it } from 'vitest';
import { openTaskStep } from '../../../functions/steps/open-task';
import { failDocument } from '../../../shared/pipeline/failure';
import { reviewDocument } from '../../../shared/pipeline/review';
import { decideTask, requestRedactionUpload } from '../../../shared/pipeline/tasks/decide';
import { openTask } from '../../../shared/pipeline/tasks/open';
import type { DocumentCommit } from '../../../shared/ports';
import type { MemoryDeps } from '../../support/memory';
import {
  advance,
  awaitingSignoff,
  CLEAN,
  decide,
  docOf,
  openTasksOf,
  PERSONAL,
  submit,
  taskOf,
  user,
  world,
} from './drive';

/**
 * A write whose answer is lost (the store committed it, then the client timed out) or that is
 * refused outright: what the fault run injects (infra/local/faults.ts). A retried step, or a
 * person trying again, must find the truth, not a second version of it.
 */

type Fault = 'refused' | 'answer lost';

/** The next commits matching `when` fail as `fault`, `times` times. */
function failCommits(deps: MemoryDeps, fault: Fault, when: (c: DocumentCommit) => boolean, times = 1) {
  const commit = deps.documents.commit.bind(deps.documents);
  let left = times;
  deps.documents.commit = async (c) => {
    if (left <= 0 || !when(c)) return commit(c);
    left--;
    if (fault === 'answer lost') {
      await commit(c);
      throw Object.assign(new Error('the answer was lost'), { name: 'TimeoutError' });
    }
    throw Object.assign(new Error('refused'), { name: 'InternalServerError' });
  };
}

describe('lost answers and refused writes', () => {
  // The result refused after the scan; the record of the attempt committed but its answer lost.
  const cases = [
    ['refused', (c: DocumentCommit) => c.document.status === 'CLEARED'],
    ['answer lost', (c: DocumentCommit) => c.document.scanAttempts !== undefined],
  ] as const;
  for (const [fault, when] of cases) {
    it(`REVIEW-2: a scan whose write failed (${fault}) is not counted as a scan that stopped the process`, async () => {
      const deps = world();
      const { id } = await submit(deps, CLEAN);
      // Twice over: counted, those two would make the third review FAIL the file as one that kills scans.
      failCommits(deps, fault, when, 2);
      await expect(reviewDocument(deps, id)).rejects.toThrow();
      await expect(reviewDocument(deps, id)).rejects.toThrow();
      expect((await docOf(deps, id)).scanAttempts).toBeUndefined();
      expect(await reviewDocument(deps, id)).toEqual({ decision: 'clear', findings: 0 });
      expect((await docOf(deps, id)).status).toBe('CLEARED');
    });
  }

  it('EXPAND-2: a sign-off whose answer was lost is found written, and the flow is resumed', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    failCommits(deps, 'answer lost', (c) => c.closeTask?.id === task.id);
    const decided = await decideTask(deps, await user(deps, 'li.na'), task.id, { decision: 'approve' });
    expect(decided).toEqual({
      taskToken: task.taskToken,
      kind: 'signoff',
      output: { decision: 'approve', decidedBy: 'li.na', taskId: task.id },
      replayed: false,
    });
    expect((await docOf(deps, id)).status).toBe('SIGNED_OFF');
  });

  it('EXPAND-2: a refused sign-off write is an error, and nothing was decided', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    failCommits(deps, 'refused', (c) => c.closeTask?.id === task.id);
    await expect(decideTask(deps, await user(deps, 'li.na'), task.id, { decision: 'approve' })).rejects.toThrow(
      'refused',
    );
    expect((await docOf(deps, id)).status).toBe('AWAITING_SIGNOFF');
    expect((await taskOf(deps, task.id)).status).toBe('open');
  });

  it('a failure whose answer was lost still closed the open task (closed before the document fails)', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    failCommits(deps, 'answer lost', (c) => c.document.status === 'FAILED');
    const failure = { step: 'Leader sign-off', error: 'Lambda.ServiceException', kind: 'system' as const };
    await expect(failDocument(deps, id, failure)).rejects.toThrow('the answer was lost');
    await failDocument(deps, id, failure);
    expect((await docOf(deps, id)).status).toBe('FAILED');
    expect((await taskOf(deps, task.id)).status).toBe('expired');
  });

  it('EXPAND-2: the callback step retried after the leader decided hands the decision to the flow itself', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    // The step's first try opened the task but its answer was lost; the leader decides before the retry,
    // and their answer finds no execution waiting (202).
    deps.callbacks.taskDoesNotExist = true;
    await decide(deps, task.id, 'approve').catch(() => {});
    expect((await docOf(deps, id)).status).toBe('SIGNED_OFF');
    deps.callbacks.taskDoesNotExist = false;
    const step = openTaskStep(deps, { callbacks: deps.callbacks });
    const retried = await step({ documentId: id, kind: 'signoff', taskToken: 'token-of-the-retry' });
    expect(retried).toEqual({ taskIds: [], decided: { decision: 'approve', decidedBy: 'li.na' } });
    expect(deps.callbacks.outputFor('token-of-the-retry')).toEqual({ decision: 'approve', decidedBy: 'li.na' });
    expect((await docOf(deps, id)).status).toBe('SIGNED_OFF');
  });

  it('REVIEW-2: once the flow has acted on a decision (a redaction scanned again), a new task is opened, not the old answer', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    await advance(deps, id);
    const [task] = await openTasksOf(deps, id);
    const reviewer = await user(deps, 'wang.fang');
    const slot = await requestRedactionUpload(deps, reviewer, task?.id ?? '', 'text/plain');
    // Still personal: the rescan sends it back to the group.
    deps.files.putPresigned(slot.uploadUrl, `${PERSONAL}（第二稿）`);
    await decide(deps, task?.id ?? '', 'redact', { redactionKey: slot.redactionKey });
    // Right after the decision, a retried step would hand on "redact" …
    expect((await openTask(deps, { documentId: id, kind: 'review', taskToken: 't1' })).decided).toEqual({
      decision: 'redact',
      decidedBy: 'wang.fang',
    });
    // … but once the redacted version was scanned, the group gets a new task.
    expect((await reviewDocument(deps, id)).decision).toBe('needs-review');
    const reopened = await openTask(deps, { documentId: id, kind: 'review', taskToken: 't2' });
    expect(reopened.decided).toBeUndefined();
    expect(reopened.taskIds).toHaveLength(1);
    expect(reopened.taskIds[0]).not.toBe(task?.id);
  });
});
