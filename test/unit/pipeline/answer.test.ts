import { describe, expect, it } from 'vitest';
import { ROUTE_ERRORS, ROUTE_NEXT } from '../../../shared/model/route';
import { DECISION_ERRORS, DECISIONS, isOnwardDecision, TASK_KINDS } from '../../../shared/model/task';
import { answerReviewStage } from '../../../shared/pipeline/review-stage';
import { answerRouting } from '../../../shared/pipeline/route';
import { STAGE_ERRORS, STAGES } from '../../../shared/pipeline/stage';
import { answerWaitingFlow } from '../../../shared/pipeline/tasks/answer';
import { RecordingCallbacks } from '../../support/memory/callbacks';

describe('a decision reaches the waiting flow as success (onward) or as a failure named by it (a branch)', () => {
  it('EXPAND-2 an approved sign-off succeeds; a rejected one fails as Decided.reject with the decision as its cause', async () => {
    const callbacks = new RecordingCallbacks();
    await answerWaitingFlow(callbacks, 'a', 'signoff', { decision: 'approve', decidedBy: 'li.na', taskId: 't1' });
    await answerWaitingFlow(callbacks, 'b', 'signoff', { decision: 'reject', decidedBy: 'li.na', taskId: 't2' });
    expect(callbacks.succeeded).toEqual([
      { taskToken: 'a', output: { decision: 'approve', decidedBy: 'li.na', taskId: 't1' } },
    ]);
    expect(callbacks.failed).toEqual([
      {
        taskToken: 'b',
        error: 'Decided.reject',
        cause: JSON.stringify({ decision: 'reject', decidedBy: 'li.na', taskId: 't2' }),
      },
    ]);
  });

  it('COORD-5 both answers of a consultation go on to Routing, which reads what the replies recorded', () => {
    expect(DECISIONS.consultation.every((d) => isOnwardDecision('consultation', d))).toBe(true);
  });

  it('every kind has exactly one way on per decision: onward, or a branch with its own error name', () => {
    for (const kind of TASK_KINDS) {
      expect(
        DECISIONS[kind].some((d) => isOnwardDecision(kind, d)),
        kind,
      ).toBe(true);
    }
    expect([...DECISION_ERRORS].sort()).toEqual([
      'Decided.redact',
      'Decided.reject',
      'Decided.return',
      'Decided.withhold',
    ]);
  });
});

describe('Routing answers its own state: on to Publication, or a failure named by where it leads', () => {
  it('COORD-1 publish succeeds with the publisher (the Publication message group); every other route fails as Route.<next>', async () => {
    const callbacks = new RecordingCallbacks();
    for (const next of ROUTE_NEXT) await answerRouting(callbacks, next, { publisher: 'edu', next });
    expect(callbacks.succeeded).toEqual([{ taskToken: 'publish', output: { publisher: 'edu', next: 'publish' } }]);
    expect(callbacks.failed).toEqual(
      ['consultation', 'escalation', 'approval', 'refused'].map((next) => ({
        taskToken: next,
        error: `Route.${next}`,
        cause: JSON.stringify({ publisher: 'edu', next }),
      })),
    );
    expect([...ROUTE_ERRORS].sort()).toEqual(callbacks.failed.map((f) => f.error).sort());
  });

  it('a token nobody waits on any more (a retried invocation after the answer) is an error, not a second answer', async () => {
    const callbacks = new RecordingCallbacks({ taskDoesNotExist: true });
    await expect(answerRouting(callbacks, 't', { publisher: 'edu', next: 'publish' })).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    expect(callbacks.succeeded).toEqual([]);
  });
});

describe('the review answers its own state: on to the sign-off, or a failure named by where the document stands', () => {
  it('FIVE-4 a cleared document goes on to the sign-off; every other stage (and a duplicate event) fails as Stage.<next>', async () => {
    const callbacks = new RecordingCallbacks();
    const after = [...STAGES.filter((s) => s !== 'review'), 'duplicate'] as const;
    for (const next of after) await answerReviewStage(callbacks, next, { next });
    expect(callbacks.succeeded).toEqual([{ taskToken: 'signoff', output: { next: 'signoff' } }]);
    const branches = after.filter((n) => n !== 'signoff');
    expect(callbacks.failed).toEqual(
      branches.map((next) => ({ taskToken: next, error: `Stage.${next}`, cause: JSON.stringify({ next }) })),
    );
    expect([...STAGE_ERRORS].sort()).toEqual(branches.map((n) => `Stage.${n}`).sort());
  });

  it('the review’s findings go with its answer: the pre-review group’s branch carries them as its cause', async () => {
    const callbacks = new RecordingCallbacks();
    await answerReviewStage(callbacks, 't', { next: 'human-review', decision: 'needs-review', findings: 2 });
    expect(callbacks.failed).toEqual([
      {
        taskToken: 't',
        error: 'Stage.human-review',
        cause: JSON.stringify({ next: 'human-review', decision: 'needs-review', findings: 2 }),
      },
    ]);
  });
});
