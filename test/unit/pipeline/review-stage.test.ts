import { afterEach, describe, expect, it, vi } from 'vitest';
import { reviewStage } from '../../../shared/pipeline/review-stage';
import { requestRedactionUpload } from '../../../shared/pipeline/tasks/decide';
import { advance, CLEAN, decide, docOf, PERSONAL, submit, user, world } from './drive';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the review state scans a document standing at the review and passes any other stage on', () => {
  it('FIVE-4 a fresh upload is scanned: clean text goes on to the sign-off', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN);
    expect(await reviewStage(deps, id)).toEqual({ decision: 'clear', findings: 0, next: 'signoff' });
    expect((await docOf(deps, id)).status).toBe('CLEARED');
  });

  it('EXPAND-4 personal data goes to the pre-review group', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    expect(await reviewStage(deps, id, 'review')).toMatchObject({ decision: 'needs-review', next: 'human-review' });
  });

  it('a duplicate event or a finished document is passed on without reading anything', async () => {
    const deps = world();
    const get = vi.spyOn(deps.documents, 'get');
    expect(await reviewStage(deps, 'no-such-document', 'duplicate')).toEqual({ next: 'duplicate' });
    expect(await reviewStage(deps, 'no-such-document', 'done')).toEqual({ next: 'done' });
    expect(get).not.toHaveBeenCalled();
  });

  it('a resumed execution past the review goes where the document stands, not scanned again', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN);
    await reviewStage(deps, id);
    const before = (await docOf(deps, id)).version;
    expect(await reviewStage(deps, id, 'signoff')).toEqual({ next: 'signoff' });
    expect((await docOf(deps, id)).version).toBe(before);
  });

  it('REVIEW-4.3 a redacted version is scanned, though the execution resumed at the pre-review', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    const taskId = (await advance(deps, id)).openTaskId ?? '';
    const slot = await requestRedactionUpload(deps, await user(deps, 'wang.fang'), taskId, 'text/plain');
    deps.files.putPresigned(slot.uploadUrl, CLEAN);
    await decide(deps, taskId, 'redact', { as: 'wang.fang', redactionKey: slot.redactionKey });
    // Intake said human-review when this execution began; the document now stands at the review.
    expect(await reviewStage(deps, id, 'human-review')).toMatchObject({ decision: 'clear', next: 'signoff' });
  });
});
