import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../shared/model/document';
import { NotFoundError, ValidationError } from '../../../shared/model/errors';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import { IntakeInputSchema } from '../../../shared/pipeline/events';
import { failDocument } from '../../../shared/pipeline/failure';
import { intake } from '../../../shared/pipeline/intake';
import { requestRedactionUpload } from '../../../shared/pipeline/tasks/decide';
import {
  advance,
  bytesOf,
  CLEAN,
  decide,
  docOf,
  newExecutionId,
  objectCreated,
  open,
  openTasksOf,
  PERSONAL,
  path,
  register,
  sha256,
  submit,
  textOf,
  user,
  world,
} from './drive';

const run = (deps: ReturnType<typeof world>, event: unknown, executionId = newExecutionId()) =>
  intake(deps, IntakeInputSchema.parse({ event, executionId }));

describe('intake: an upload is claimed by exactly one execution', () => {
  it('claims the upload: DRAFT → RECEIVED by the pipeline, with the version, hash and size of the bytes', async () => {
    const deps = world();
    const { id, versionId, executionId, result } = await submit(deps, CLEAN);
    expect(result).toEqual({ documentId: id, next: 'review' });
    const doc = await docOf(deps, id);
    expect(doc).toMatchObject({
      status: 'RECEIVED',
      executionId,
      objectVersion: versionId,
      sha256: sha256(CLEAN),
      size: bytesOf(CLEAN).byteLength,
      // Registered (1), then claimed with its pin in one write (2): no second write to pin it.
      version: 2,
    });
    const history = await deps.documents.history(id);
    expect(path(history)).toEqual(['null→DRAFT', 'DRAFT→RECEIVED']);
    expect(history[1]).toMatchObject({ actor: SYSTEM_ACTOR, documentId: id, note: { code: 'received' } });
    expect(history[1]?.at).toBe('2026-11-23T02:00:01.000Z');
  });

  it('the same event under another execution is a duplicate and changes nothing', async () => {
    const deps = world();
    const { id, versionId } = await submit(deps, CLEAN);
    const before = await docOf(deps, id);
    const event = objectCreated(`uploads/${id}`, { versionId });
    expect(await run(deps, event)).toEqual({ documentId: id, next: 'duplicate' });
    expect(await docOf(deps, id)).toEqual(before);
    expect((await deps.documents.history(id)).filter((e) => e.to === 'RECEIVED')).toHaveLength(1);
  });

  it('two executions of one event at once: one claims it, the other is a duplicate', async () => {
    const deps = world();
    const doc = await register(deps);
    const { versionId } = deps.files.put(doc.objectKey, CLEAN, 'text/plain');
    const event = objectCreated(doc.objectKey, { versionId });
    const results = await Promise.all([run(deps, event, 'exec-a'), run(deps, event, 'exec-b')]);
    expect(results.map((r) => r.next).sort()).toEqual(['duplicate', 'review']);
    const winner = results[0]?.next === 'review' ? 'exec-a' : 'exec-b';
    expect((await docOf(deps, doc.id)).executionId).toBe(winner);
    expect((await deps.documents.history(doc.id)).filter((e) => e.to === 'RECEIVED')).toHaveLength(1);
  });

  it('a retried Intake of the execution holding the claim carries on where the document stands', async () => {
    const deps = world();
    const { id, versionId, executionId } = await submit(deps, CLEAN);
    const event = objectCreated(`uploads/${id}`, { versionId });
    expect(await run(deps, event, executionId)).toEqual({ documentId: id, next: 'review' });
    await advance(deps, id);
    expect(await run(deps, event, executionId)).toEqual({ documentId: id, next: 'signoff' });
    expect((await deps.documents.history(id)).filter((e) => e.to === 'RECEIVED')).toHaveLength(1);
  });

  it('hashes the version the event names, not a later upload to the same key', async () => {
    const deps = world();
    const doc = await register(deps);
    const first = deps.files.put(doc.objectKey, '第一版。', 'text/plain');
    deps.files.put(doc.objectKey, '第二版，后来上传。', 'text/plain');
    await run(deps, objectCreated(doc.objectKey, { versionId: first.versionId }));
    expect(await docOf(deps, doc.id)).toMatchObject({ objectVersion: first.versionId, sha256: sha256('第一版。') });
  });

  it('accepts a stored content type with parameters when its type is the registered one', async () => {
    const deps = world();
    const { id, result } = await submit(deps, CLEAN, {}, { contentType: 'text/plain; charset=utf-8' });
    expect(result.next).toBe('review');
    expect((await docOf(deps, id)).status).toBe('RECEIVED');
  });
});

describe('intake: uploads that cannot go on end FAILED at Intake, the original kept', () => {
  it('an empty file', async () => {
    const deps = world();
    const { id, result } = await submit(deps, '');
    expect(result).toEqual({ documentId: id, next: 'done' });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('FAILED');
    expect(doc.failure).toEqual({
      step: 'Intake',
      error: 'file is empty',
      kind: 'input',
      problem: { code: 'empty' },
      failedIn: 'RECEIVED',
    });
    expect(doc.sha256).toBeUndefined();
    expect(path(await deps.documents.history(id))).toEqual(['null→DRAFT', 'DRAFT→RECEIVED', 'RECEIVED→FAILED']);
    expect((await deps.files.readOriginal(doc.objectKey)).bytes.byteLength).toBe(0);
  });

  it('a file announced larger than the limit, refused before it is read', async () => {
    const deps = world();
    const doc = await register(deps);
    const { versionId } = deps.files.put(doc.objectKey, CLEAN, 'text/plain');
    const size = MAX_UPLOAD_BYTES + 1;
    expect(await run(deps, objectCreated(doc.objectKey, { versionId, size }))).toEqual({
      documentId: doc.id,
      next: 'done',
    });
    expect((await docOf(deps, doc.id)).failure).toEqual({
      step: 'Intake',
      error: `file is ${size} bytes; the limit is ${MAX_UPLOAD_BYTES}`,
      kind: 'input',
      problem: { code: 'too-large', bytes: size, limit: MAX_UPLOAD_BYTES },
      failedIn: 'RECEIVED',
    });
  });

  it('a file larger than the limit whose event did not say so', async () => {
    const deps = world();
    const doc = await register(deps);
    const { versionId } = deps.files.put(doc.objectKey, new Uint8Array(MAX_UPLOAD_BYTES + 1), 'text/plain');
    await run(deps, objectCreated(doc.objectKey, { versionId }));
    expect((await docOf(deps, doc.id)).failure?.error).toBe(
      `file is ${MAX_UPLOAD_BYTES + 1} bytes; the limit is ${MAX_UPLOAD_BYTES}`,
    );
  });

  it('bytes uploaded as another type than registered', async () => {
    const deps = world();
    const { id } = await submit(deps, '<p>通知</p>', {}, { contentType: 'text/html' });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('FAILED');
    expect(doc.failure).toEqual({
      step: 'Intake',
      error: 'uploaded as text/html but registered as text/plain',
      kind: 'input',
      problem: { code: 'stored-as', stored: 'text/html', registered: 'text/plain' },
      failedIn: 'RECEIVED',
    });
    expect(textOf((await deps.files.readOriginal(doc.objectKey)).bytes)).toBe('<p>通知</p>');
  });
});

describe('intake: events that are not an upload of a registered document', () => {
  it('refuses a key outside the upload prefix', async () => {
    const deps = world();
    const event = objectCreated('public/8e4e205a-9631-454f-9d89-bbd00b0853f8/notice.txt');
    await expect(run(deps, event)).rejects.toBeInstanceOf(ValidationError);
    await expect(run(deps, event)).rejects.toThrow('is not an upload of a registered document');
  });

  it('refuses an upload key no document was registered for', async () => {
    const deps = world();
    const event = objectCreated('uploads/8e4e205a-9631-454f-9d89-bbd00b0853f8');
    await expect(run(deps, event)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a document no longer in DRAFT that no execution holds is a duplicate', async () => {
    const deps = world();
    const doc = await register(deps);
    const { versionId } = deps.files.put(doc.objectKey, CLEAN, 'text/plain');
    // Intake failed before it claimed the upload: the failure path recorded FAILED.
    await failDocument(deps, doc.id, { step: 'Intake', error: 'Lambda.Unknown', kind: 'system' });
    expect(await run(deps, objectCreated(doc.objectKey, { versionId }))).toEqual({
      documentId: doc.id,
      next: 'duplicate',
    });
    expect((await docOf(deps, doc.id)).status).toBe('FAILED');
  });
});

describe('intake: a resume request hands the document to a new execution', () => {
  it('takes the document over from the previous execution and resumes at its stage', async () => {
    const deps = world();
    const { id, executionId } = await submit(deps, CLEAN);
    await advance(deps, id);
    const resume = { resume: { documentId: id, previousExecutionId: executionId } };
    expect(await run(deps, resume, 'exec-resumed')).toEqual({ documentId: id, next: 'signoff' });
    expect((await docOf(deps, id)).executionId).toBe('exec-resumed');
    // Retried by the execution that now holds it: still the same stage.
    expect(await run(deps, resume, 'exec-resumed')).toEqual({ documentId: id, next: 'signoff' });
    // The old execution no longer holds it: another take-over from it is a duplicate.
    expect(await run(deps, resume, 'exec-third')).toEqual({ documentId: id, next: 'duplicate' });
    expect((await docOf(deps, id)).executionId).toBe('exec-resumed');
  });

  it('a resumed document carries on: its open sign-off task takes the new execution’s token', async () => {
    const deps = world();
    const { id, executionId } = await submit(deps, CLEAN);
    await advance(deps, id);
    const [before] = await openTasksOf(deps, id);
    const next = await run(deps, { resume: { documentId: id, previousExecutionId: executionId } }, 'exec-resumed');
    expect(next.next).toBe('signoff');
    const reopened = await open(deps, id, 'signoff');
    expect(reopened.tasks.map((t) => t.id)).toEqual([before?.id]);
    expect(reopened.tasks[0]?.taskToken).toBe(reopened.taskToken);
    expect(reopened.taskToken).not.toBe(before?.taskToken);
    // Re-registering the token is no transition.
    expect((await deps.documents.history(id)).filter((e) => e.to === 'AWAITING_SIGNOFF')).toHaveLength(1);
    await decide(deps, reopened.tasks[0]?.id ?? '', 'approve');
    expect(deps.callbacks.outputFor(reopened.taskToken)).toMatchObject({ decision: 'approve', decidedBy: 'li.na' });
    expect((await advance(deps, id)).status).toBe('PUBLISHED');
  });

  it('FIVE-4 a resumed document whose redacted version awaits its scan resumes at review, not at the reviewers', async () => {
    const deps = world();
    const { id, executionId } = await submit(deps, PERSONAL);
    await advance(deps, id);
    const [task] = await openTasksOf(deps, id);
    const reviewer = await user(deps, 'wang.fang');
    const slot = await requestRedactionUpload(deps, reviewer, task?.id ?? '', 'text/plain');
    deps.files.put(slot.redactionKey, CLEAN, 'text/plain');
    await decide(deps, task?.id ?? '', 'redact', { as: 'wang.fang', redactionKey: slot.redactionKey });
    expect(await docOf(deps, id)).toMatchObject({ status: 'IN_REVIEW', redactionPending: true });
    const next = await run(deps, { resume: { documentId: id, previousExecutionId: executionId } }, 'exec-resumed');
    expect(next).toEqual({ documentId: id, next: 'review' });
  });

  it('refuses to resume an unknown document', async () => {
    const deps = world();
    const resume = { resume: { documentId: 'no-such-document', previousExecutionId: 'exec-1' } };
    await expect(run(deps, resume)).rejects.toBeInstanceOf(NotFoundError);
  });
});
