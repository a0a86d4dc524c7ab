import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/model/errors';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import { failDocument } from '../../../shared/pipeline/failure';
import { decideTask } from '../../../shared/pipeline/tasks/decide';
import {
  advance,
  awaitingSignoff,
  CLEAN,
  decide,
  docOf,
  lastEvent,
  openTasksOf,
  register,
  signedOff,
  taskOf,
  throughFlow,
  user,
  world,
} from './drive';

describe('failDocument: the failure path records FAILED with the step and the error', () => {
  it('records the step, error and cause; the open task expires so nobody is left with it', async () => {
    const deps = world();
    const { id, task } = await awaitingSignoff(deps);
    await failDocument(deps, id, {
      step: 'Leader sign-off',
      error: 'States.Timeout',
      kind: 'system',
      cause: 'the task timed out',
    });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('FAILED');
    expect(doc.failure).toEqual({
      step: 'Leader sign-off',
      error: 'States.Timeout',
      cause: 'the task timed out',
      kind: 'system',
      failedIn: 'AWAITING_SIGNOFF',
    });
    expect(doc.openTaskId).toBeUndefined();
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'AWAITING_SIGNOFF',
      to: 'FAILED',
      actor: SYSTEM_ACTOR,
      note: { code: 'failed', step: 'Leader sign-off', error: 'States.Timeout' },
    });
    expect(await taskOf(deps, task.id)).toMatchObject({ status: 'expired', decidedBy: SYSTEM_ACTOR });
    expect(await deps.tasks.listOpen(['li.na'])).toEqual([]);
    const late = decideTask(deps, await user(deps, 'li.na'), task.id, { decision: 'approve' });
    await expect(late).rejects.toBeInstanceOf(ConflictError);
    // The original stays where it is.
    expect((await deps.files.readOriginal(doc.objectKey)).bytes.byteLength).toBeGreaterThan(0);
  });

  it('keeps at most 2,000 characters of the cause', async () => {
    const deps = world();
    const { id } = await awaitingSignoff(deps);
    await failDocument(deps, id, { step: 'Routing', error: 'Error', kind: 'system', cause: 'x'.repeat(5000) });
    expect((await docOf(deps, id)).failure?.cause).toHaveLength(2000);
  });

  it('COORD-5 expires every consultation task still open, and leaves a decided one as it was', async () => {
    const deps = world();
    const id = await signedOff(deps, CLEAN, { consult: ['health', 'transport'] });
    await advance(deps, id);
    const tasks = await openTasksOf(deps, id);
    const health = tasks.find((t) => t.assignee === 'chen.min');
    const transport = tasks.find((t) => t.assignee === 'jiang.ping');
    await decide(deps, health?.id ?? '', 'agree');
    await failDocument(deps, id, { step: 'Consultation', error: 'States.Timeout', kind: 'system' });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('FAILED');
    expect(doc.consultationTaskIds).toBeUndefined();
    expect(await taskOf(deps, health?.id ?? '')).toMatchObject({ status: 'closed', decision: 'agree' });
    expect(await taskOf(deps, transport?.id ?? '')).toMatchObject({ status: 'expired', decidedBy: SYSTEM_ACTOR });
  });

  it('fails a document that never got past registration (Intake failed before its claim)', async () => {
    const deps = world();
    const doc = await register(deps);
    await failDocument(deps, doc.id, { step: 'Intake', error: 'NoSuchKey', kind: 'system' });
    expect(await docOf(deps, doc.id)).toMatchObject({
      status: 'FAILED',
      failure: { step: 'Intake', error: 'NoSuchKey', kind: 'system', failedIn: 'DRAFT' },
    });
    expect((await lastEvent(deps, doc.id)).from).toBe('DRAFT');
  });

  it('a late failure never overwrites a final status', async () => {
    const deps = world();
    const published = await throughFlow(deps);
    expect(published.status).toBe('PUBLISHED');
    const history = await deps.documents.history(published.id);
    await failDocument(deps, published.id, { step: 'Publication', error: 'Lambda.Unknown', kind: 'system' });
    expect(await docOf(deps, published.id)).toEqual(published);
    expect(await deps.documents.history(published.id)).toEqual(history);
  });

  it('does nothing for an unknown document', async () => {
    const deps = world();
    await expect(
      failDocument(deps, 'no-such-document', { step: 'Intake', error: 'Error', kind: 'system' }),
    ).resolves.toBeUndefined();
    expect(await deps.documents.listInFlight()).toEqual([]);
  });

  it('a document the system failed is out of flight and costs the agency nothing until a person acts', async () => {
    const deps = world();
    const { id } = await awaitingSignoff(deps);
    expect((await deps.documents.listInFlight()).map((d) => d.id)).toEqual([id]);
    const [before] = await deps.scores.scoreCounters(2026);
    expect(before).toMatchObject({ agency: 'edu', timelinessDue: 1, completenessDue: 1 });
    await failDocument(deps, id, { step: 'Leader sign-off', error: 'States.Timeout', kind: 'system' });
    expect(await deps.documents.listInFlight()).toEqual([]);
    const [counters] = await deps.scores.scoreCounters(2026);
    expect(counters).toMatchObject({ agency: 'edu', timelinessDue: 0, completenessDue: 0 });
    expect(counters?.open).toEqual([]);
  });

  it('a document whose file was refused stays due: open until its deadline, then late and incomplete', async () => {
    const deps = world();
    const { id } = await awaitingSignoff(deps);
    await failDocument(deps, id, { step: 'Intake', error: 'file is empty', kind: 'input' });
    const [counters] = await deps.scores.scoreCounters(2026);
    // Not settled: counted, open until its deadline (2026-12-18), then late and incomplete.
    expect(counters).toMatchObject({ agency: 'edu', timelinessDue: 1, timelinessOnTime: 0, completenessDue: 1 });
    expect(counters?.open).toEqual([{ documentId: id, dueAt: '2026-12-18', inTimeliness: true }]);
  });
});
