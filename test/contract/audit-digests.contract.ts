/**
 * The AuditDigests port's contract (shared/ports.ts): the memory and file stores (unit) and the
 * S3 one (integration, on s3rver) pass the same tests, so the memory store unit tests use says
 * something about the others.
 */

import { describe, expect, it } from 'vitest';
import type { AuditDigest } from '../../shared/model/audit';
import { IntegrityError } from '../../shared/model/errors';
import { buildDigest } from '../../shared/pipeline/audit-chain';
import type { AuditDigests } from '../../shared/ports';
import { documentRecord } from './fixtures';

export interface DigestContractContext {
  readonly digests: AuditDigests;
  /** Puts something under a day's name behind the store's back (a tampered or foreign object). */
  corrupt(date: string, text: string): Promise<void>;
  /**
   * Whether the store itself refuses a second digest of a day. S3 does (If-None-Match, and the
   * bucket policy demands it); s3rver ignores the header, so the S3 adapter is run without it.
   */
  readonly refusesSecondPut: boolean;
}

const head = (n: number) => ({ lastEventSeq: n, lastEventHash: String(n).padStart(64, 'a') });

function digestOf(date: string, documents = 2): AuditDigest {
  const docs = Array.from({ length: documents }, (_, i) => documentRecord({ ...head(i + 1) }));
  return buildDigest(date, `${date}T16:05:00.000Z`, docs);
}

export function describeDigestContract(
  name: string,
  setup: () => DigestContractContext | Promise<DigestContractContext>,
) {
  describe(`audit digests contract: ${name}`, () => {
    it('stores a day’s digest and gives it back exactly', async () => {
      const { digests } = await setup();
      const digest = digestOf('2026-03-02');
      expect(await digests.put(digest)).toBe(true);
      expect(await digests.get('2026-03-02')).toEqual(digest);
      expect(await digests.list()).toEqual(['2026-03-02']);
    });

    it('lists the days oldest first, whatever order they were written in; a day without one reads undefined', async () => {
      const { digests } = await setup();
      for (const date of ['2026-03-03', '2025-12-31', '2026-03-01'])
        expect(await digests.put(digestOf(date))).toBe(true);
      expect(await digests.list()).toEqual(['2025-12-31', '2026-03-01', '2026-03-03']);
      expect(await digests.get('2026-03-02')).toBeUndefined();
      expect(await digests.get('../format')).toBeUndefined();
    });

    it('refuses what is not a digest before storing anything', async () => {
      const { digests } = await setup();
      const bad = { ...digestOf('2026-03-02'), hash: 'not-a-hash' };
      await expect(digests.put(bad)).rejects.toThrow();
      expect(await digests.list()).toEqual([]);
    });

    it('reads something else stored under a day as an IntegrityError', async () => {
      const ctx = await setup();
      await ctx.corrupt('2026-03-02', '{"format":1,');
      await expect(ctx.digests.get('2026-03-02')).rejects.toBeInstanceOf(IntegrityError);
      await ctx.corrupt('2026-03-03', JSON.stringify(digestOf('2026-03-04')));
      await expect(ctx.digests.get('2026-03-03')).rejects.toBeInstanceOf(IntegrityError);
    });

    it('never replaces a day’s digest: a second put of the day is refused and the first kept', async () => {
      const ctx = await setup();
      if (!ctx.refusesSecondPut) return;
      const first = digestOf('2026-03-02', 1);
      expect(await ctx.digests.put(first)).toBe(true);
      expect(await ctx.digests.put(digestOf('2026-03-02', 3))).toBe(false);
      expect(await ctx.digests.get('2026-03-02')).toEqual(first);
      expect(await ctx.digests.list()).toEqual(['2026-03-02']);
    });
  });
}
