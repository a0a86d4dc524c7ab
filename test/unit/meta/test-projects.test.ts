import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../../vitest.config';

const root = join(import.meta.dirname, '../../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

/** The glob forms the config uses: `**` for any folders, `*` within a name. */
function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${pattern}$`);
}

describe('vitest projects', () => {
  const projects = (config.test?.projects ?? []) as Array<{
    test: { name: string; include: string[]; exclude?: string[] };
  }>;
  const holds = (p: (typeof projects)[number], file: string) =>
    p.test.include.some((g) => globToRegExp(g).test(file)) &&
    !(p.test.exclude ?? []).some((g) => globToRegExp(g).test(file));

  it('put every test file in exactly one project, so none is silently left out', () => {
    const files = testFiles(join(root, 'test'));
    expect(files.length).toBeGreaterThan(0);
    const homeless = files.filter((file) => projects.filter((p) => holds(p, file)).length !== 1);
    expect(homeless).toEqual([]);
  });

  it('are unit, integration and e2e', () => {
    expect(projects.map((p) => p.test.name)).toEqual(['unit', 'integration', 'e2e']);
  });
});
