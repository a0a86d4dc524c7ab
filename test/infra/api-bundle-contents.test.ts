import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The deployed API carries no local-runtime code (the dev sign-in routes, the local OIDC provider). */
describe('the API Lambda bundle', () => {
  it('bundles no local-runtime code: neither the dev routes nor the local provider reach functions/lambda/api.ts', async () => {
    // As NodejsFunction bundles it (infra/constructs/api.ts), without minifying.
    const out = await build({
      entryPoints: [fileURLToPath(new URL('../../functions/lambda/api.ts', import.meta.url))],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      logLevel: 'silent',
      define: { 'import.meta.url': JSON.stringify('file:///var/task/index.js') },
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((i) => i.includes('functions/api/auth.ts'))).toBe(true);
    expect(inputs.filter((i) => i.includes('infra/') || i.includes('node_modules/oidc-provider/'))).toEqual([]);
    // The dev login's own words (infra/local/dev-routes.ts) are nowhere in the bundle.
    expect(out.outputFiles[0]?.text).not.toContain('no demo user');
  }, 60_000);
});
