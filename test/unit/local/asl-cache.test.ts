import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputsDigest } from '../../../infra/local/asl-cache';

/** The cache key of the local state machine: it must change with anything the stack reads. */
describe('the key the synthesized definition is kept under', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gongkai-asl-key-'));
    write('infra/stack.ts', 'stack');
    write('infra/constructs/workflow.ts', 'workflow');
    write('infra/local/runtime.ts', 'runtime');
    write('functions/steps/review.ts', 'review');
    write('shared/model/status.ts', 'status');
    write('package-lock.json', '{}');
    write('cdk.json', '{}');
    write('tsconfig.json', '{}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const key = (options = {}) => inputsDigest('intake', options, root);

  it('is the same for the same sources and options', () => {
    expect(key()).toMatch(/^[0-9a-f]{64}$/);
    expect(key()).toBe(key());
  });

  it.each([
    ['a construct', 'infra/constructs/workflow.ts'],
    ['a handler', 'functions/steps/review.ts'],
    ['the domain', 'shared/model/status.ts'],
    ['the locked libraries', 'package-lock.json'],
    ['the CDK settings', 'cdk.json'],
  ])('changes when %s changes', (_what, path) => {
    const before = key();
    write(path, 'changed');
    expect(key()).not.toBe(before);
  });

  it('changes when a file is added or moved, not only edited', () => {
    const before = key();
    write('shared/model/new.ts', 'status');
    const added = key();
    expect(added).not.toBe(before);
    rmSync(join(root, 'shared/model/new.ts'));
    write('shared/new.ts', 'status');
    expect(key()).not.toBe(added);
  });

  it('changes with the options the stack is synthesized with, and the bucket name', () => {
    expect(key({ signOffTimeoutSeconds: 30 })).not.toBe(key());
    expect(key({ signOffTimeoutSeconds: 30 })).not.toBe(key({ signOffTimeoutSeconds: 31 }));
    expect(inputsDigest('other-intake', {}, root)).not.toBe(key());
  });

  it('changes with the local runtime too (it turns the template into the definition)', () => {
    const before = key();
    write('infra/local/runtime.ts', 'changed');
    expect(key()).not.toBe(before);
  });

  it('does not change with what the stack never reads: the dashboard, the tests, the docs', () => {
    const before = key();
    write('dashboard/src/main.tsx', 'changed');
    write('test/unit/x.test.ts', 'changed');
    write('docs/architecture.md', 'changed');
    expect(key()).toBe(before);
  });
});
