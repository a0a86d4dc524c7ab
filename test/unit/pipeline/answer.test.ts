import { describe, expect, it } from 'vitest';
import { DECISION_ERRORS, DECISIONS, isOnwardDecision, TASK_KINDS } from '../../../shared/model/task';
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
