import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../shared/model/errors';
import { SIGNALS } from '../../../shared/model/signals';
import { checkDeadlines, deadlineSignals } from '../../../shared/pipeline/deadline-check';
import { IntakeInputSchema } from '../../../shared/pipeline/events';
import { failDocument } from '../../../shared/pipeline/failure';
import { intake } from '../../../shared/pipeline/intake';
import {
  operatorIdentity,
  redriveDocuments,
  replayDeadLetters,
  SWEEP_AFTER_MS,
  sweepUnstarted,
} from '../../../shared/pipeline/ops';
import type { DeadLetter, DeadLetters, EventRedelivery } from '../../../shared/ports';
import {
  awaitingSignoff,
  CLEAN,
  docOf,
  lastEvent,
  NOW,
  newExecutionId,
  objectCreated,
  register,
  submit,
  throughFlow,
  world,
} from './drive';

/** What ops do when the flow lost something (shared/pipeline/ops.ts), on the memory ports. */

const OPERATOR = operatorIdentity('ops-on-call');
const later = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

describe('ops redrive: the API’s re-run, for one document or every one failed since a day', () => {
  it('re-runs one FAILED document from where it failed, audited as the operator, resumed by a new execution', async () => {
    const deps = world();
    const { id } = await awaitingSignoff(deps);
    const failedExecution = (await docOf(deps, id)).executionId;
    await failDocument(deps, id, { step: 'Leader sign-off', error: 'Lambda.ServiceException', kind: 'system' });

    const report = await redriveDocuments(deps, deps.workflow, OPERATOR, { documentId: id });
    expect(report).toEqual({ rerun: [id], skipped: [] });
    expect((await docOf(deps, id)).status).toBe('AWAITING_SIGNOFF');
    expect(await lastEvent(deps, id)).toMatchObject({
      actor: 'cli:ops-on-call',
      from: 'FAILED',
      to: 'AWAITING_SIGNOFF',
      note: { code: 'rerun', step: 'Leader sign-off' },
    });
    expect(deps.workflow.started).toEqual([{ documentId: id, previousExecutionId: failedExecution }]);
    // Not FAILED any more: a second redrive of it is refused, as the API refuses it.
    await expect(redriveDocuments(deps, deps.workflow, OPERATOR, { documentId: id })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('--failed-since: every system failure since that Beijing day is re-run; a refused file is reported, not re-run', async () => {
    const deps = world();
    const early = (await submit(deps, CLEAN)).id;
    await failDocument(deps, early, { step: 'Confidentiality review', error: 'Lambda.Unknown', kind: 'system' });
    deps.clock.set('2026-11-24T02:00:00.000Z');
    const system = (await submit(deps, CLEAN)).id;
    await failDocument(deps, system, { step: 'Confidentiality review', error: 'Lambda.Unknown', kind: 'system' });
    const input = (await submit(deps, CLEAN)).id;
    await failDocument(deps, input, { step: 'Intake', error: 'not a text file', kind: 'input' });
    const published = (await throughFlow(deps, CLEAN)).id;

    const report = await redriveDocuments(deps, deps.workflow, OPERATOR, { failedSince: '2026-11-24' });
    expect(report.rerun).toEqual([system]);
    expect(report.skipped).toEqual([{ id: input, reason: expect.stringMatching(/refused at Intake .* register/) }]);
    expect((await docOf(deps, system)).status).toBe('RECEIVED');
    expect((await docOf(deps, early)).status).toBe('FAILED');
    expect((await docOf(deps, input)).status).toBe('FAILED');
    expect((await docOf(deps, published)).status).toBe('PUBLISHED');
    expect(deps.workflow.started.map((s) => s.documentId)).toEqual([system]);
  });

  it('refuses a date that is not a day, and an operator name that could not be an audit actor', async () => {
    const deps = world();
    await expect(redriveDocuments(deps, deps.workflow, OPERATOR, { failedSince: '2026-13-01' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(() => operatorIdentity('rm -rf /')).toThrow(ValidationError);
  });
});

describe('the sweeper: uploads whose event never started the flow', () => {
  it('starts a DRAFT whose file is there after five minutes, and only that one; Intake then claims it once', async () => {
    const deps = world();
    const lost = await register(deps);
    deps.files.put(lost.objectKey, CLEAN, 'text/plain');
    const noFile = await register(deps);
    const started = (await submit(deps, CLEAN)).id;
    deps.clock.set(later(SWEEP_AFTER_MS - 60_000));
    const recent = await register(deps);
    deps.files.put(recent.objectKey, CLEAN, 'text/plain');

    deps.clock.set(later(SWEEP_AFTER_MS + 1000));
    const report = await sweepUnstarted(deps, deps.workflow);
    expect(report).toEqual({ checked: 2, started: [lost.id], awaitingUpload: 1, notStarted: [] });
    expect(deps.workflow.started).toEqual([{ documentId: lost.id, purpose: 'sweep' }]);
    expect((await docOf(deps, started)).status).toBe('RECEIVED');
    expect((await docOf(deps, noFile.id)).status).toBe('DRAFT');

    // The execution it started claims the upload; the late S3 event then finds it claimed.
    const resume = (executionId: string, event: unknown) =>
      intake(deps, IntakeInputSchema.parse({ event, executionId }));
    expect(await resume(newExecutionId(), { resume: { documentId: lost.id } })).toEqual({
      documentId: lost.id,
      next: 'review',
    });
    expect(await resume(newExecutionId(), objectCreated(lost.objectKey))).toEqual({
      documentId: lost.id,
      next: 'duplicate',
    });
    expect((await sweepUnstarted(deps, deps.workflow)).started).toEqual([]);
  });

  it('reports what it could not start (the next sweep tries again)', async () => {
    const deps = world();
    const lost = await register(deps);
    deps.files.put(lost.objectKey, CLEAN, 'text/plain');
    deps.clock.set(later(SWEEP_AFTER_MS));
    deps.workflow.failWith = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(await sweepUnstarted(deps, deps.workflow)).toEqual({
      checked: 1,
      started: [],
      awaitingUpload: 0,
      notStarted: [{ id: lost.id, error: 'ThrottlingException: Rate exceeded' }],
    });
  });
});

/** A dead-letter queue in memory, receiving each letter once per run, as SQS's visibility timeout does. */
function queueOf(bodies: string[]): DeadLetters & { readonly left: DeadLetter[] } {
  const left: DeadLetter[] = bodies.map((body, i) => ({ id: `m${i}`, receipt: `r${i}`, body }));
  let next = 0;
  return {
    left,
    async receive(max) {
      const batch = left.slice(next, next + max);
      next += batch.length;
      return batch;
    },
    async remove(letter) {
      const i = left.indexOf(letter);
      left.splice(i, 1);
      next--;
    },
  };
}

describe('ops replay-dlq: the events EventBridge could not deliver, delivered again', () => {
  it('delivers each upload event once, named by its id; removes the delivered; keeps what is not an event', async () => {
    const event = (id: string) =>
      JSON.stringify({ id, ...objectCreated(`uploads/${'0'.repeat(8)}-0000-4000-8000-${id}`) });
    const queue = queueOf([event('a'.repeat(12)), event('b'.repeat(12)), '{not json', JSON.stringify({ id: 'x' })]);
    const delivered = new Set<string>(['b'.repeat(12)]);
    const delivery: EventRedelivery = {
      async redeliver(eventId) {
        if (delivered.has(eventId)) return false;
        delivered.add(eventId);
        return true;
      },
    };
    const report = await replayDeadLetters(queue, delivery);
    expect(report).toEqual({
      replayed: ['a'.repeat(12)],
      alreadyDelivered: ['b'.repeat(12)],
      unreadable: [
        { id: 'm2', problem: 'the message is not JSON' },
        { id: 'm3', problem: 'the event is not an "Object Created" event of an upload' },
      ],
    });
    expect(queue.left.map((l) => l.id)).toEqual(['m2', 'm3']);
  });
});

describe('the daily deadline check (alarms: documents overdue, human tasks past due)', () => {
  it('counts proactive documents in flight past their art. 26 deadline, and tasks past due, with their ages', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    const onTime = await checkDeadlines(deps);
    expect(onTime).toMatchObject({ date: '2026-11-23', overdue: [], tasksPastDue: [], openTasks: 1 });

    const doc = await docOf(deps, id);
    expect(doc.dueAt).toBe('2026-12-18');
    deps.clock.set('2026-12-21T02:00:00.000Z');
    const late = await checkDeadlines(deps);
    expect(late.overdue).toEqual([{ id, agency: 'edu', status: 'AWAITING_SIGNOFF', dueAt: '2026-12-18' }]);
    expect(late.tasksPastDue).toEqual([
      { id: task.id, documentId: id, kind: 'signoff', assignee: task.assignee, dueAt: task.dueAt },
    ]);
    // Opened a few (ticking) seconds after 10:00 on 23 November: not yet 28 whole days old at 10:00 on 21 December.
    expect(late.oldestTaskAgeHours.signoff).toBe(28 * 24 - 1);

    const signals = deadlineSignals(late);
    expect(signals.filter((s) => !s.dimension)).toEqual([
      { name: SIGNALS.overdue, value: 1, unit: 'Count' },
      { name: SIGNALS.tasksPastDue, value: 1, unit: 'Count' },
    ]);
    // Every kind every day, zero included: the alarm always has a value to read.
    expect(
      signals.filter((s) => s.name === SIGNALS.tasksPastDue && s.dimension).map((s) => [s.dimension?.value, s.value]),
    ).toEqual([
      ['signoff', 1],
      ['review', 0],
      ['approval', 0],
      ['consultation', 0],
      ['escalation', 0],
    ]);
  });
});
