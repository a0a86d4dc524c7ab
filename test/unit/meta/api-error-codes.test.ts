import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../dashboard/src/i18n/en';
import { zh } from '../../../dashboard/src/i18n/zh';
import { API_ERROR_CODES } from '../../../shared/api/responses';

/**
 * The dashboard words every failure by its code (the message is the server's English detail), so
 * API_ERROR_CODES must hold every code the server can send: found here in the sources of the API
 * and the domain, wherever a failure gets its code.
 */

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.ts$/.test(entry.name) ? [path] : [];
  });
}

const PATTERNS = [
  // apiError(404, 'not_found', …)
  /apiError\(\s*\d+,\s*'([a-z_]+)'/g,
  // c.json({ error: { code: 'too_large', … } })
  /error:\s*\{\s*code:\s*'([a-z_]+)'/g,
  // class … extends DomainError { constructor(…) { super('integrity', message) } }
  /super\(\s*'([a-z_]+)'/g,
  // constructor(message: string, code = 'invalid_input')
  /\bcode = '([a-z_]+)'/g,
];

/**
 * `super(\n  message…,\n  'invalid_import',\n);`: a subclass of ValidationError or ConflictError
 * that gives its own code, the last argument of a super call spread over lines.
 */
function ownCodes(text: string): string[] {
  const codes: string[] = [];
  for (const m of text.matchAll(/^( *)super\(\n/gm)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = text.indexOf(`\n${m[1]});`, start);
    const last = /'([a-z_]+)',?\s*$/.exec(text.slice(start, end));
    if (end > start && last) codes.push(last[1] as string);
  }
  return codes;
}

function codesInSources(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sources(join(root, 'functions')), ...sources(join(root, 'shared'))]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) found.add(m[1] as string);
    for (const code of ownCodes(text)) found.add(code);
  }
  return found;
}

describe('API error codes', () => {
  it('lists every code the API and the domain give a failure, and none that nothing gives', () => {
    const found = codesInSources();
    expect(found.size).toBeGreaterThan(10);
    expect([...found].filter((c) => !(API_ERROR_CODES as readonly string[]).includes(c)).sort()).toEqual([]);
    expect(API_ERROR_CODES.filter((c) => !found.has(c))).toEqual([]);
  });

  it('the dashboard words each of them in Chinese and in English', () => {
    for (const code of API_ERROR_CODES) {
      expect(zh.apiErrors[code], code).toMatch(/\p{Script=Han}/u);
      expect(en.apiErrors[code], code).toMatch(/^[A-Z]/);
    }
  });
});
