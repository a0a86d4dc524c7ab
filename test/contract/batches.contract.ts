/**
 * The contract of the bulk-intake ports (BatchStore, DropBox in shared/ports.ts), one suite for the
 * DynamoDB/S3 adapters (batches.dynamo.test.ts) and the in-memory ones (batches.memory.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchConflictError, type BatchEntry, type BatchRecord } from '../../shared/model/batch';
import type { BatchStore, DropBox } from '../../shared/ports';

export interface BatchContractContext {
  readonly batches: BatchStore;
  readonly drops: DropBox;
  /** Puts an object into the intake bucket as `aws s3 cp` would, with its x-amz-meta-* metadata. */
  put(key: string, bytes: Uint8Array, contentType: string, metadata?: Record<string, string>): Promise<void>;
  /** An intake object's bytes and type, undefined when it is not there. */
  read(key: string): Promise<{ bytes: Uint8Array; contentType?: string } | undefined>;
  teardown(): Promise<void>;
}

const enc = new TextEncoder();
const batchOf = (agency: string, openedAt: string): BatchRecord => ({
  id: randomUUID(),
  agency,
  openedBy: 'zhang.wei',
  openedAt,
  source: 'api',
  version: 1,
});

export function describeBatchContract(name: string, setup: () => Promise<BatchContractContext>) {
  describe(`bulk-intake ports contract: ${name}`, () => {
    let ctx: BatchContractContext;
    beforeAll(async () => {
      ctx = await setup();
    });
    afterAll(async () => ctx?.teardown());

    it('puts a batch once, then only at the version read; lists an agency’s newest first', async () => {
      const agency = `agency-${randomUUID().slice(0, 8)}`;
      const older = batchOf(agency, '2026-11-20T01:00:00.000Z');
      const newer = batchOf(agency, '2026-11-24T01:00:00.000Z');
      await ctx.batches.putBatch(older, null);
      await ctx.batches.putBatch(newer, null);
      await expect(ctx.batches.putBatch(older, null)).rejects.toBeInstanceOf(BatchConflictError);
      await expect(ctx.batches.putBatch({ ...older, version: 3 }, 2)).rejects.toBeInstanceOf(BatchConflictError);
      const next = {
        ...older,
        label: '本周',
        importing: { by: 'run-1', since: '2026-11-24T02:00:00.000Z' },
        version: 2,
      };
      await ctx.batches.putBatch(next, 1);
      expect(await ctx.batches.getBatch(older.id)).toEqual(next);
      expect((await ctx.batches.listBatches(agency, 10)).map((b) => b.id)).toEqual([newer.id, older.id]);
      expect((await ctx.batches.listBatches(agency, 1)).map((b) => b.id)).toEqual([newer.id]);
      expect(await ctx.batches.getBatch(randomUUID())).toBeUndefined();
    });

    it('puts entries once, then only at the version read, and lists a batch’s in key order', async () => {
      const batchId = randomUUID();
      const entry = (key: string, extra: Partial<BatchEntry> = {}): BatchEntry => ({
        batchId,
        key,
        version: 1,
        ...extra,
      });
      await ctx.batches.putEntry(
        entry('R:000003', { row: 3, problems: [{ column: 'title', reason: 'title is required' }] }),
        null,
      );
      await ctx.batches.putEntry(entry('F:bbbb', { row: 2, file: 'b.txt' }), null);
      await ctx.batches.putEntry(entry('F:aaaa', { file: 'extra.pdf', fileSize: 9 }), null);
      await expect(ctx.batches.putEntry(entry('F:aaaa'), null)).rejects.toBeInstanceOf(BatchConflictError);
      await ctx.batches.putEntry(entry('F:bbbb', { row: 2, file: 'b.txt', documentId: 'd-1', version: 2 }), 1);
      await expect(ctx.batches.putEntry(entry('F:bbbb', { version: 2 }), 1)).rejects.toBeInstanceOf(BatchConflictError);
      expect((await ctx.batches.listEntries(batchId)).map((e) => e.key)).toEqual(['F:aaaa', 'F:bbbb', 'R:000003']);
      expect(await ctx.batches.getEntry(batchId, 'F:bbbb')).toEqual(
        entry('F:bbbb', { row: 2, file: 'b.txt', documentId: 'd-1', version: 2 }),
      );
      expect(await ctx.batches.listEntries(randomUUID())).toEqual([]);
    });

    it('lists a prefix, heads an object with its lower-cased metadata, reads it, and says when it is not there', async () => {
      const prefix = `batches/edu/${randomUUID()}/`;
      await ctx.put(`${prefix}a.txt`, enc.encode('正文'), 'text/plain', {
        Title: '%E9%80%9A%E7%9F%A5',
        formedat: '2026-11-20',
      });
      await ctx.put(`${prefix}通知 2.docx`, enc.encode('PK'), 'application/octet-stream');
      await ctx.put(`batches/edu/${randomUUID()}/other.txt`, enc.encode('x'), 'text/plain');
      expect((await ctx.drops.list(prefix)).sort((x, y) => x.key.localeCompare(y.key))).toEqual([
        { key: `${prefix}a.txt`, size: 6 },
        { key: `${prefix}通知 2.docx`, size: 2 },
      ]);
      expect(await ctx.drops.head(`${prefix}a.txt`)).toMatchObject({
        key: `${prefix}a.txt`,
        size: 6,
        contentType: 'text/plain',
        metadata: { title: '%E9%80%9A%E7%9F%A5', formedat: '2026-11-20' },
      });
      expect(new TextDecoder().decode(await ctx.drops.read(`${prefix}a.txt`))).toBe('正文');
      expect(await ctx.drops.head(`${prefix}missing.txt`)).toBeUndefined();
    });

    it('copies a dropped file to an upload key as the registered type, and writes a report', async () => {
      const prefix = `batches/edu/${randomUUID()}/`;
      const to = `uploads/${randomUUID()}`;
      await ctx.put(`${prefix}通知 2.docx`, enc.encode('PK\u0003\u0004'), 'binary/octet-stream');
      await ctx.drops.copyToUpload(
        `${prefix}通知 2.docx`,
        to,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(await ctx.read(to)).toEqual({
        bytes: enc.encode('PK\u0003\u0004'),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
      await ctx.drops.putReport(`${prefix}report.json`, '{"rows":1}\n');
      expect(await ctx.read(`${prefix}report.json`)).toEqual({
        bytes: enc.encode('{"rows":1}\n'),
        contentType: 'application/json',
      });
    });
  });
}
