import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeLocalDefinition } from '../../infra/local/asl';
import { ASL_CACHE_DIR, inputsDigest, localDefinition } from '../../infra/local/asl-cache';

describe('the local runtime’s state machine, kept between starts', () => {
  it('is exactly what CDK synthesizes from the source checked out', async () => {
    const options = { signOffTimeoutSeconds: 17 };
    const kept = await localDefinition('asl-cache-test', options);
    const file = join(ASL_CACHE_DIR, `${inputsDigest('asl-cache-test', options)}.json`);
    expect(existsSync(file)).toBe(true);
    const fresh = synthesizeLocalDefinition('asl-cache-test', options);
    expect(kept).toEqual(fresh);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(fresh);
    // The option reached the stack: the sign-off wait is the 17 s asked for.
    expect(JSON.stringify(fresh.definition)).toContain('"TimeoutSeconds":17');
  });
});
