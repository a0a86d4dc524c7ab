import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../functions/api/app';
import { OPERATIONS, type OperationKey } from '../../functions/api/operations';
import { correctionBody, createWorld, EDU_METADATA, PEOPLE, TEST_USER_HEADER } from './support';

/**
 * What a malformed request is told: which part of it (body / query / path) and which field, with
 * the status and code; that nothing of it happened; and that no file, id or text can crash the API.
 */

function expectError(res: { status: number; body: any }, status: number, code: string, message: string | RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  expect(res.body.error.message).toMatch(message);
}

describe('a body that is not JSON', () => {
  it('is 400 invalid_json on every route that reads a body, whatever the body was', async () => {
    const w = createWorld();
    const published = await w.published();
    const draft = await w.register();
    const review = await w.inReview();
    const routes: Array<[string, string]> = [
      ['/api/documents', PEOPLE.uploaderEdu],
      [`/api/documents/${published.id}/corrections`, PEOPLE.uploaderEdu],
      [`/api/documents/${published.id}/withdrawal`, PEOPLE.uploaderEdu],
      [`/api/documents/${draft.id}/cancel`, PEOPLE.uploaderEdu],
      [`/api/tasks/${review.taskId}/decision`, PEOPLE.reviewer],
      [`/api/tasks/${review.taskId}/redaction`, PEOPLE.reviewer],
    ];
    for (const [path, as] of routes) {
      for (const body of ['{"title": "关于', 'not json', '', "{'single': 'quotes'}"]) {
        const res = await w.call('POST', path, { as, body });
        expect(res.body, `${path} ${JSON.stringify(body)}`).toEqual({
          error: { code: 'invalid_json', message: 'the request body is not valid JSON' },
        });
        expect(res.status).toBe(400);
      }
    }
    // Nothing of it happened.
    expect((await w.doc(published.id)).status).toBe('PUBLISHED');
    expect((await w.doc(draft.id)).status).toBe('DRAFT');
    expect((await w.deps.tasks.getTask(review.taskId))?.status).toBe('open');
  });

  it('JSON of the wrong shape is invalid_input, said once for the body', async () => {
    const w = createWorld();
    const res = await w.call('POST', '/api/documents', { as: PEOPLE.uploaderEdu, body: '[1, 2, 3]' });
    expectError(res, 400, 'invalid_input', /^body: /);
  });
});

describe('every error names where: body.<field>, query.<param>, path.<param>', () => {
  it.each([
    ['POST', '/api/documents', { ...EDU_METADATA, title: '' }, /^body\.title: title is required/],
    ['POST', '/api/documents', { ...EDU_METADATA, category: '2' }, /^body\.category: /],
    [
      'POST',
      '/api/documents',
      { ...EDU_METADATA, consult: ['health', 'a b'] },
      /^body\.consult\.1: consult must be an id/,
    ],
    ['GET', '/api/reviews/withheld', undefined, /^query\.year: year is required, such as 2026$/],
    ['GET', '/api/reviews/withheld?year=twenty', undefined, /^query\.year: year must be a year such as 2026$/],
    ['GET', '/api/reviews/attributes', undefined, /^query\.quarter: quarter is required/],
    ['GET', '/api/reviews/attributes?quarter=2026Q5', undefined, /^query\.quarter: quarter must look like 2026Q4$/],
    ['GET', '/api/scores?year=1999', undefined, /^query\.year: year must be 2000 … 2100$/],
    ['GET', '/api/scores/edu/MMXXVI', undefined, /^path\.year: year must be a year such as 2026$/],
    ['GET', '/api/catalog?year=1', undefined, /^query\.year: /],
    ['GET', '/api/catalog?category=x', undefined, /^query\.category: /],
  ])('%s %s → 400 invalid_input', async (method, path, body, message) => {
    const w = createWorld();
    const res = await w.call(method, path, { as: PEOPLE.admin, ...(body ? { body } : {}) });
    expectError(res, 400, 'invalid_input', message);
  });

  it('dates name the field; formedAt outside 2000-01-01 … a year from today is refused at registration', async () => {
    const w = createWorld(); // today: 2026-11-24 in Beijing
    for (const formedAt of ['20/11/2026', '2026-02-30', '2026-11-5', 20261120]) {
      const res = await w.call('POST', '/api/documents', {
        as: PEOPLE.uploaderEdu,
        body: { ...EDU_METADATA, formedAt },
      });
      expectError(res, 400, 'invalid_input', /^body\.formedAt: formedAt must be a date as YYYY-MM-DD$/);
    }
    for (const formedAt of ['1900-01-01', '1999-12-31', '2027-11-25', '2099-01-01', '9999-12-31']) {
      const res = await w.call('POST', '/api/documents', {
        as: PEOPLE.uploaderEdu,
        body: { ...EDU_METADATA, formedAt },
      });
      expectError(res, 400, 'invalid_input', `formedAt ${formedAt} is outside 2000-01-01 … 2027-11-24`);
    }
    for (const formedAt of ['2000-01-01', '2027-11-24']) {
      const res = await w.call('POST', '/api/documents', {
        as: PEOPLE.uploaderEdu,
        body: { ...EDU_METADATA, formedAt },
      });
      expect(res.status, formedAt).toBe(201);
    }
    // No score year came of the refused ones: /api/scores/years lists what /api/scores reads.
    const years = await w.call('GET', '/api/scores/years', { as: PEOPLE.oversight });
    expect(years.body).toEqual([2000, 2027]);
  });

  it('consult names agencies that exist: 400 at registration, naming consult', async () => {
    const w = createWorld();
    const res = await w.call('POST', '/api/documents', {
      as: PEOPLE.uploaderEdu,
      body: { ...EDU_METADATA, consult: ['health', 'no-such-agency'] },
    });
    expectError(res, 400, 'invalid_input', 'consult: unknown agency "no-such-agency"');
    expect((await w.call('GET', '/api/documents', { as: PEOPLE.uploaderEdu })).body).toEqual({ entries: [] });
  });
});

describe('free text: no control or bidirectional-control characters, the field named', () => {
  const NUL = '\u0000';
  const RLO = '\u202e';
  const C1 = '\u0085';

  it.each([
    ['title', { ...EDU_METADATA, title: `关于${RLO}通知` }],
    ['title', { ...EDU_METADATA, title: '关于\n通知' }],
    ['title', { ...EDU_METADATA, title: `关于${C1}通知` }],
    ['documentNumber', { ...EDU_METADATA, documentNumber: `台教发${NUL}31号` }],
    ['filename', { ...EDU_METADATA, filename: `notice${RLO}txt.exe` }],
    ['legalReason', { ...EDU_METADATA, disclosure: 'not-disclosed', legalReason: `依据${'\u2066'}第十四条` }],
  ])('POST /api/documents refuses it in %s', async (field, body) => {
    const w = createWorld();
    const res = await w.call('POST', '/api/documents', { as: PEOPLE.uploaderEdu, body });
    expectError(
      res,
      400,
      'invalid_input',
      new RegExp(`^body\\.${field}: ${field} must not contain control characters`),
    );
    expect((await w.call('GET', '/api/documents', { as: PEOPLE.uploaderEdu })).body).toEqual({ entries: [] });
  });

  it('refuses it in correction notes and file names, withdrawal reasons and task comments; line breaks are fine there', async () => {
    const w = createWorld();
    const published = await w.published();
    const { taskId } = await w.awaitingSignoff();
    const cases: Array<[string, unknown, string, string]> = [
      [
        `/api/documents/${published.id}/corrections`,
        { ...correctionBody(), note: `更正${NUL}` },
        PEOPLE.uploaderEdu,
        'note',
      ],
      [
        `/api/documents/${published.id}/corrections`,
        { ...correctionBody(), filename: `a${RLO}txt.exe` },
        PEOPLE.uploaderEdu,
        'filename',
      ],
      [`/api/documents/${published.id}/withdrawal`, { reason: `撤回${C1}` }, PEOPLE.uploaderEdu, 'reason'],
      [`/api/tasks/${taskId}/decision`, { decision: 'reject', comment: `不同意${RLO}` }, PEOPLE.leader, 'comment'],
    ];
    for (const [path, body, as, field] of cases) {
      const res = await w.call('POST', path, { as, body });
      expectError(
        res,
        400,
        'invalid_input',
        new RegExp(`^body\\.${field}: ${field} must not contain control characters`),
      );
    }
    expect((await w.doc(published.id)).status).toBe('PUBLISHED');
    expect((await w.deps.tasks.getTask(taskId))?.status).toBe('open');
    // A multi-line comment is a comment.
    const res = await w.call('POST', `/api/tasks/${taskId}/decision`, {
      as: PEOPLE.leader,
      body: { decision: 'reject', comment: '第一，依据不足；\n第二，请补充材料。' },
    });
    expect(res.status).toBe(200);
  });
});

describe('ids in the path: one no record can have is 404, never a 500 from a store’s key limits', () => {
  const BAD_IDS = [
    ['201 characters', 'a'.repeat(201)],
    ['3 KB', 'x'.repeat(3000)],
    ['a #', 'DOC#1'],
    ['a space', 'a b'],
    ['a NUL', 'a\u0000b'],
    ['Chinese', '教育局'],
    ['a leading dot', '.hidden'],
  ] as const;
  const withParams = OPERATIONS.filter((op) => op.path.includes('{')).map(
    (op) => `${op.method} ${op.path}` as OperationKey,
  );

  it.each(withParams)('%s', async (key) => {
    const w = createWorld();
    const [method, template] = key.split(' ') as [string, string];
    for (const [what, bad] of BAD_IDS) {
      for (const name of [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)) {
        if (name === 'year') continue;
        const path = template.replace(/\{(\w+)\}/g, (_, n: string) =>
          n === name ? encodeURIComponent(bad) : n === 'year' ? '2026' : 'edu',
        );
        const res = await w.call(method.toUpperCase(), path, {
          as: PEOPLE.admin,
          ...(method === 'post' ? { body: { reason: '撤销' } } : {}),
        });
        const cell = `${key} {${name}} with ${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        expect(res.status, cell).toBe(404);
        expect(res.body.error.code, cell).toBe('not_found');
        expect(res.body.error.message, cell).toContain(`path.${name}: `);
      }
    }
  });

  it('an id of 200 characters is looked up (and not found)', async () => {
    const w = createWorld();
    const res = await w.call('GET', `/api/documents/${'a'.repeat(200)}`, { as: PEOPLE.admin });
    expectError(res, 404, 'not_found', 'no such document');
  });
});

describe('unknown routes', () => {
  it('are 404 not_found for anonymous callers too; signed-in routes still want a token', async () => {
    const w = createWorld();
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api/documents/a/b/c'],
      ['DELETE', '/api/documents'],
      ['PUT', '/api/tasks/t/decision'],
      ['GET', '/api/scores/edu'],
      ['POST', '/api/health'],
      ['GET', '/api/dev/identities'],
    ] as const) {
      const res = await w.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: `no route ${method} ${path}` } });
    }
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/documents/x'],
      ['POST', '/api/documents/x/rerun'],
      ['GET', '/api/scores/edu/2026'],
    ] as const) {
      const res = await w.call(method, path);
      expectError(res, 401, 'unauthenticated', /sign in first/);
    }
  });
});

describe('the body limit', () => {
  it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413 too_large, before any route reads it`, async () => {
    const w = createWorld();
    const published = await w.published();
    const huge = JSON.stringify({ ...correctionBody(), contentBase64: 'A'.repeat(MAX_BODY_BYTES) });
    for (const path of [`/api/documents/${published.id}/corrections`, '/api/documents', '/api/nope']) {
      const res = await w.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TEST_USER_HEADER]: PEOPLE.uploaderEdu },
        body: huge,
      });
      expect(res.status, path).toBe(413);
      expect(await res.json()).toEqual({
        error: { code: 'too_large', message: `request bodies are limited to ${MAX_BODY_BYTES} bytes` },
      });
    }
    expect((await w.doc(published.id)).status).toBe('PUBLISHED');
  });

  it('lets a 5 MB corrected file through (≈6.7 MB of base64)', async () => {
    const w = createWorld();
    const published = await w.published();
    const line = Buffer.from('各学校：请做好冬季供暖保障工作。\n');
    const text = Buffer.from(line.toString().repeat(Math.floor((5 * 1024 * 1024) / line.byteLength)));
    const res = await w.call('POST', `/api/documents/${published.id}/corrections`, {
      as: PEOPLE.uploaderEdu,
      body: { ...correctionBody(), contentBase64: text.toString('base64') },
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expect((await w.doc(published.id)).status).toBe('CORRECTED');
  });
});
