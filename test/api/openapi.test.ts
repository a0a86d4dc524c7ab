import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../functions/api/operations';
import { createWorld } from './support';

/** `get /api/documents/{id}` for every route the app registers (middleware, method ALL, left out). */
function registeredRoutes(app: ReturnType<typeof createWorld>['app']): string[] {
  const keys = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(keys)].sort();
}

async function documented(w: ReturnType<typeof createWorld>) {
  const res = await w.call('GET', '/api/openapi.json');
  expect(res.status).toBe(200);
  const paths = res.body.paths as Record<string, Record<string, any>>;
  return {
    doc: res.body,
    paths,
    keys: Object.entries(paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .sort(),
  };
}

describe('/api/openapi.json and the routes agree', () => {
  it('every registered route is documented', async () => {
    const w = createWorld();
    const routes = registeredRoutes(w.app);
    expect(routes.length).toBeGreaterThan(10);
    const { keys } = await documented(w);
    expect(routes.filter((r) => !keys.includes(r))).toEqual([]);
  });

  it('every documented operation is a registered route', async () => {
    const w = createWorld();
    const routes = registeredRoutes(w.app);
    const { keys } = await documented(w);
    expect(keys.filter((k) => !routes.includes(k))).toEqual([]);
    expect(keys).toEqual(routes);
  });

  it('documents OPERATIONS: who may call each, its path parameters and its request body', async () => {
    const w = createWorld();
    const { doc, paths } = await documented(w);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    for (const op of OPERATIONS) {
      const documentedOp = paths[op.path]?.[op.method];
      const key = `${op.method} ${op.path}`;
      expect(documentedOp, key).toBeDefined();
      expect(documentedOp.summary, key).toBe(op.summary);
      if (op.access === 'signed-in') expect(documentedOp.security, key).toEqual([{ bearer: [] }]);
      else expect(documentedOp, key).not.toHaveProperty('security');
      const pathParams = documentedOp.parameters.filter((p: { in: string }) => p.in === 'path').map((p: any) => p.name);
      expect(pathParams, key).toEqual([...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      if (op.method === 'post') {
        expect(documentedOp.requestBody?.content['application/json'].schema.type, key).toBe('object');
      }
    }
    const catalogQuery = paths['/api/catalog']?.get.parameters.filter((p: { in: string }) => p.in === 'query');
    expect(catalogQuery.map((p: { name: string }) => p.name).sort()).toEqual([
      'agency',
      'category',
      'cursor',
      'limit',
      'q',
      'year',
    ]);
    // The paged staff lists: a limit of 1 … 100 (100 by default) and the cursor of the page before.
    for (const path of ['/api/tasks', '/api/pipeline', '/api/documents']) {
      const query = paths[path]?.get.parameters.filter((p: { in: string }) => p.in === 'query');
      expect(query, path).toEqual([
        { name: 'limit', in: 'query', schema: expect.objectContaining({ minimum: 1, maximum: 100, default: 100 }) },
        { name: 'cursor', in: 'query', schema: expect.objectContaining({ type: 'string', maxLength: 400 }) },
      ]);
    }
    // A registration or a correction retried with its Idempotency-Key makes no second one.
    const keyHeader = (what: string) => ({
      name: 'Idempotency-Key',
      in: 'header',
      description: expect.stringContaining(`answers 200 with the ${what} it made`),
      schema: expect.objectContaining({ type: 'string', pattern: expect.any(String) }),
    });
    expect(paths['/api/documents']?.post.parameters).toEqual([keyHeader('document')]);
    const correctionHeaders = paths['/api/documents/{id}/corrections']?.post.parameters.filter(
      (p: { in: string }) => p.in === 'header',
    );
    expect(correctionHeaders).toEqual([keyHeader('correction')]);
  });

  it('a public operation answers without sign-in, a signed-in one does not', async () => {
    const w = createWorld();
    for (const op of OPERATIONS) {
      if (op.method !== 'get') continue;
      const path = op.path.replace(/\{(\w+)\}/g, 'x');
      const res = await w.call('GET', path);
      if (op.access === 'public') expect(res.status, path).not.toBe(401);
      else expect(res.status, path).toBe(401);
    }
  });
});
