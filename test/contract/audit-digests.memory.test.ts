import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { FileAuditDigests } from '../../infra/local/audit-digests';
import { MemoryAuditDigests } from '../support/memory';
import { describeDigestContract } from './audit-digests.contract';

describeDigestContract('memory', () => {
  const digests = new MemoryAuditDigests();
  return {
    digests,
    refusesSecondPut: true,
    corrupt: async (date, text) => {
      digests.stored.set(date, text);
    },
  };
});

// Files on the local disk: no server, so it runs with the unit tests.
const root = mkdtempSync(join(tmpdir(), 'gongkai-digests-'));
let runs = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeDigestContract('files', () => {
  const dir = join(root, `run-${++runs}`, 'audit-digests');
  return {
    digests: new FileAuditDigests(dir),
    refusesSecondPut: true,
    corrupt: async (date, text) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${date}.json`), text);
    },
  };
});
