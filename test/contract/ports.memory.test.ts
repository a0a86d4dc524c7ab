import { describe, expect, it } from 'vitest';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS } from '../../infra/local/demo/district';
import { NO_SCORE_CHANGE } from '../../shared/model/scores';
import { createMemoryDeps, MemoryFiles, RecordingCallbacks } from '../support/memory';
import { documentRecord } from './fixtures';
import { describePortContract } from './ports.contract';

describePortContract('memory', async () => {
  const deps = createMemoryDeps();
  return {
    deps,
    putUpload: async (key, bytes, contentType) => {
      deps.files.put(key, bytes, contentType);
    },
    uploadTo: async (url, bytes) => {
      deps.files.putPresigned(url, bytes);
    },
    readPublic: async (key) => deps.files.readPublic(key),
    teardown: async () => {},
  };
});

/** What only the memory adapters offer: the handles a test drives them by. */
describe('memory adapters: test handles', () => {
  it('seeds the demo district when asked, and nothing otherwise', async () => {
    const seeded = createMemoryDeps({ seedDemoDirectory: true });
    expect(await seeded.directory.listAgencies()).toHaveLength(DEMO_AGENCIES.length);
    expect(await seeded.directory.listDepartments()).toHaveLength(DEMO_DEPARTMENTS.length);
    expect(await seeded.directory.listUsers()).toHaveLength(DEMO_USERS.length);
    expect(await seeded.directory.getUser('li.na')).toEqual(DEMO_USERS.find((u) => u.user === 'li.na'));
    expect(await createMemoryDeps().directory.listUsers()).toEqual([]);
  });

  it('gives each set of deps its own state, a settable clock and the default calendar', async () => {
    const [a, b] = [createMemoryDeps(), createMemoryDeps()];
    const doc = documentRecord();
    await a.documents.commit({ document: doc, expectedVersion: null, scores: NO_SCORE_CHANGE });
    expect(await b.documents.get(doc.id)).toBeUndefined();
    a.clock.set('2026-03-02T02:00:00Z');
    expect(a.clock.now().toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(a.calendar.addWorkingDays('2026-03-02', 1).due).toBe('2026-03-03');
  });

  it('keeps every version of an intake object, readable by its version id', async () => {
    const files = new MemoryFiles();
    const first = files.put('uploads/x', 'one', 'text/plain');
    files.put('uploads/x', 'two', 'text/plain');
    const text = async (versionId?: string) =>
      new TextDecoder().decode((await files.readOriginal('uploads/x', versionId)).bytes);
    expect(await text()).toBe('two');
    expect(await text(first.versionId)).toBe('one');
    await expect(files.readOriginal('uploads/x', 'no-such-version')).rejects.toMatchObject({ name: 'NoSuchVersion' });
    expect(files.keys('intake')).toEqual(['uploads/x']);
  });

  it('hands out presigned URLs a test can upload to', async () => {
    const files = new MemoryFiles();
    const url = await files.presignUpload('uploads/a b', 'text/html', 900);
    expect(url).toBe('memory://intake/uploads/a%20b?contentType=text%2Fhtml&expiresIn=900');
    files.putPresigned(url, '<p>x</p>');
    expect(await files.readOriginal('uploads/a b')).toMatchObject({ contentType: 'text/html' });
  });

  it('records callbacks as JSON, or answers TaskDoesNotExist', async () => {
    const callbacks = new RecordingCallbacks();
    await callbacks.succeed('t1', { decision: 'approve', comment: undefined });
    expect(callbacks.succeeded).toEqual([{ taskToken: 't1', output: { decision: 'approve' } }]);
    expect(callbacks.outputFor('t1')).toEqual({ decision: 'approve' });
    // Answered once, the token is waited on no more: answering it again, either way, is TaskDoesNotExist.
    await expect(callbacks.succeed('t1', {})).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await callbacks.fail('t2', 'Route.consultation', '{}');
    await expect(callbacks.fail('t2', 'Route.consultation', '{}')).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    expect(callbacks.succeeded).toHaveLength(1);

    const gone = new RecordingCallbacks({ taskDoesNotExist: (token) => token === 'gone' });
    await expect(gone.succeed('gone', {})).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await gone.succeed('here', {});
    expect(gone.succeeded.map((s) => s.taskToken)).toEqual(['here']);
  });
});
