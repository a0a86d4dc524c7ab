import { describe, expect, it } from 'vitest';
import { excerptKey } from '../../shared/model/object-keys';
import { CLEAN_TEXT, createWorld, PEOPLE, SECRET_TEXT } from './support';

describe('GET /api/tasks/{id}/excerpt: the text a reviewer reads, kept off the document item', () => {
  it('gives the assignee the extracted text with the finding in it, from beside the pinned content', async () => {
    const w = createWorld();
    const review = await w.inReview({}, { text: SECRET_TEXT });
    const res = await w.call('GET', `/api/tasks/${review.taskId}/excerpt`, { as: PEOPLE.reviewer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ text: SECRET_TEXT });
    const doc = await w.doc(review.id);
    expect(doc.excerptKey).toBe(excerptKey(review.id, doc.sha256 ?? ''));
    expect(Object.values(doc)).not.toContain(SECRET_TEXT);
  });

  it('refuses whoever the task is not assigned to, and answers 404 for a task that is not there', async () => {
    const w = createWorld();
    const review = await w.inReview({}, { text: SECRET_TEXT });
    expect((await w.call('GET', `/api/tasks/${review.taskId}/excerpt`, { as: PEOPLE.leader })).status).toBe(403);
    expect((await w.call('GET', '/api/tasks/no-such-task/excerpt', { as: PEOPLE.reviewer })).status).toBe(404);
  });

  it('a sign-off of a document the scan cleared has no excerpt', async () => {
    const w = createWorld();
    const signoff = await w.awaitingSignoff({}, { text: CLEAN_TEXT });
    const res = await w.call('GET', `/api/tasks/${signoff.taskId}/excerpt`, { as: PEOPLE.leader });
    expect(res).toMatchObject({ status: 200, body: {} });
    expect((await w.doc(signoff.id)).excerptKey).toBeUndefined();
  });
});
