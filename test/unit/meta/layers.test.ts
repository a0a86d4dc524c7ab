import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Runtime (not type-only) names an adapter imports from the domain's rule modules. */
function ruleImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
    const [, typeOnly, names = '', path = ''] = m;
    if (typeOnly || !/shared\/(scores|calendar|review|pipeline|directory|report)(\/|$)/.test(path)) continue;
    const values = names
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith('type '))
      // Error classes are the domain's vocabulary for a refused write, which a store may raise.
      .filter((n) => !/Error$/.test(n));
    for (const name of values) found.push(`${relative(root, file)}: ${name} from ${path}`);
  }
  return found;
}

describe('layers', () => {
  it('adapters store: they import no rule of the domain (the composition root, functions/deps.ts, wires those)', () => {
    const files = sources(join(root, 'functions/adapters'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap(ruleImports)).toEqual([]);
  });
});
