import { describe, expect, it, vi } from 'vitest';
import { correctionBody, createWorld, EDU_METADATA, PEOPLE, TEST_USER_HEADER } from './support';

/** The exact shape of every failure: `{"error": {"code", "message"}}` and nothing else. */
function expectError(body: any, code: string) {
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('errors', () => {
  it('every failure is {"error": {"code", "message"}} with its status', async () => {
    const w = createWorld();
    const signoff = await w.awaitingSignoff();
    await w.decide(signoff.taskId, 'approve');
    const cases: Array<[string, string, { as?: string; body?: unknown }, number, string]> = [
      ['GET', '/api/me', {}, 401, 'unauthenticated'],
      ['GET', '/api/me', { as: 'no.such.user' }, 401, 'unauthenticated'],
      ['GET', '/api/scores', { as: PEOPLE.leader }, 403, 'forbidden'],
      ['GET', `/api/documents/${signoff.id}`, { as: PEOPLE.uploaderOther }, 404, 'not_found'],
      [
        'POST',
        `/api/tasks/${signoff.taskId}/decision`,
        { as: PEOPLE.leader, body: { decision: 'approve' } },
        409,
        'conflict',
      ],
      ['POST', '/api/documents', { as: PEOPLE.uploaderEdu, body: {} }, 400, 'invalid_input'],
      ['GET', '/api/reviews/attributes?quarter=2026Q5', { as: PEOPLE.reviewer }, 400, 'invalid_input'],
    ];
    for (const [method, path, options, status, code] of cases) {
      const res = await w.call(method, path, options);
      expect(res.status, `${method} ${path}`).toBe(status);
      expectError(res.body, code);
    }
  });

  it('answers JSON, also for errors', async () => {
    const w = createWorld();
    for (const [path, headers] of [
      ['/api/me', {}],
      ['/api/nope', { [TEST_USER_HEADER]: PEOPLE.uploaderEdu }],
      ['/api/catalog?year=1', {}],
    ] as const) {
      const res = await w.app.request(path, { headers });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
    }
  });

  it('a body the schema refuses is 400 invalid_input, naming body.<field> (test/api/input.test.ts: the rest)', async () => {
    const w = createWorld();
    const published = await w.published();
    const { taskId } = await w.awaitingSignoff();
    const as = PEOPLE.uploaderEdu;
    const cases: Array<[string, unknown, string, string]> = [
      ['/api/documents', { ...EDU_METADATA, formedAt: '20/11/2026' }, as, 'formedAt'],
      ['/api/documents', { ...EDU_METADATA, contentType: 'application/zip' }, as, 'contentType'],
      ['/api/documents', { ...EDU_METADATA, category: '2' }, as, 'category'],
      ['/api/documents', { ...EDU_METADATA, title: '   ' }, as, 'title'],
      ['/api/documents', { ...EDU_METADATA, disclosure: 'public' }, as, 'disclosure'],
      ['/api/documents', { ...EDU_METADATA, disclosure: 'not-disclosed' }, as, 'legalReason'],
      [`/api/documents/${published.id}/withdrawal`, { reason: '  ' }, as, 'reason'],
      [
        `/api/documents/${published.id}/corrections`,
        { ...correctionBody(), contentType: 'image/gif' },
        as,
        'contentType',
      ],
      [`/api/documents/${published.id}/corrections`, { ...correctionBody(), note: '' }, as, 'note'],
      [`/api/tasks/${taskId}/decision`, { decision: 1 }, PEOPLE.leader, 'decision'],
      [`/api/tasks/${taskId}/decision`, { decision: 'approve', comment: 'x'.repeat(2001) }, PEOPLE.leader, 'comment'],
    ];
    for (const [path, body, caller, field] of cases) {
      const res = await w.call('POST', path, { as: caller, body });
      const what = `${path} ${JSON.stringify(body).slice(0, 60)}`;
      expect(res.status, what).toBe(400);
      expectError(res.body, 'invalid_input');
      expect(res.body.error.message, what).toContain(`body.${field}:`);
    }
    // Nothing of it happened.
    expect((await w.doc(published.id)).status).toBe('PUBLISHED');
    expect((await w.deps.tasks.getTask(taskId))?.status).toBe('open');
    expect((await w.call('GET', '/api/documents', { as })).body.entries).toHaveLength(2);
  });

  it('a corrected file over 5 MB inline is 413 too_large', async () => {
    const w = createWorld();
    const published = await w.published();
    const res = await w.call('POST', `/api/documents/${published.id}/corrections`, {
      as: PEOPLE.uploaderEdu,
      body: { ...correctionBody(), contentBase64: Buffer.alloc(5 * 1024 * 1024 + 1, 0x41).toString('base64') },
    });
    expect(res.status).toBe(413);
    expectError(res.body, 'too_large');
    expect((await w.doc(published.id)).status).toBe('PUBLISHED');
  });

  it('an unknown route is 404 not_found', async () => {
    const w = createWorld();
    const cases: Array<[string, string, string | undefined]> = [
      ['GET', '/', undefined],
      ['GET', '/nope', undefined],
      ['GET', '/apiary', undefined],
      ['GET', '/api/nope', PEOPLE.uploaderEdu],
      ['GET', '/api/documents/a/b', PEOPLE.uploaderEdu],
      ['DELETE', '/api/documents', PEOPLE.uploaderEdu],
      ['POST', '/api/health', PEOPLE.uploaderEdu],
      ['PUT', '/api/tasks/t/decision', PEOPLE.leader],
      ['GET', '/api/scores/edu', PEOPLE.oversight],
      // The local runtime's sign-in is not part of this API.
      ['GET', '/api/dev/identities', PEOPLE.admin],
    ];
    for (const [method, path, as] of cases) {
      const res = await w.call(method, path, { as });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: `no route ${method} ${path}` } });
    }
  });

  it('an error nobody mapped is 500 internal, without its details', async () => {
    const w = createWorld();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    w.deps.documents.agencyPage = async () => {
      throw new Error('connection to the table lost: arn:aws:dynamodb:secret');
    };
    const res = await w.call('GET', '/api/documents', { as: PEOPLE.uploaderEdu });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(logged).toHaveBeenCalledWith('unhandled error', expect.any(Error));
    logged.mockRestore();
  });
});
