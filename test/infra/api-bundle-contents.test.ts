import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling';

/** The deployed API carries no local-runtime code (the dev sign-in routes, the local OIDC provider). */
describe('the API Lambda bundle', () => {
  it('bundles no local-runtime code: neither the dev routes nor the local provider reach functions/lambda/api.ts', async () => {
    // As the stack bundles it (infra/bundling.ts), without minifying.
    const out = await build({
      ...esbuildOptions(join(tmpdir(), 'gongkai-api-bundle'), { entries: ['api'] }),
      write: false,
      minify: false,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile?.inputs ?? {});
    expect(inputs.some((i) => i.includes('functions/api/auth.ts'))).toBe(true);
    expect(inputs.filter((i) => i.includes('infra/') || i.includes('node_modules/oidc-provider/'))).toEqual([]);
    // The dev login's own words (infra/local/dev-routes.ts) are nowhere in the bundle.
    expect(out.outputFiles[0]?.text).not.toContain('no demo user');
  }, 60_000);
});
