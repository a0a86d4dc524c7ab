import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentEntryOf, documentItem, documentOf } from '../../../functions/adapters/dynamo/document-item';
import { documentIndexes, keys } from '../../../functions/adapters/dynamo/keys';
import { itemSize } from '../../../infra/local/bench/meter';
import type { DocumentRecord } from '../../../shared/model/document';
import { sha256Of } from '../../../shared/pipeline/content';
import { documentRecord } from '../../contract/fixtures';

const hash = (s: string) => sha256Of(new TextEncoder().encode(s));
const stored = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true });

/** A published document as the happy path leaves it: five pins of 64 hex characters. */
const published: DocumentRecord = documentRecord({
  status: 'PUBLISHED',
  sha256: hash('content'),
  signedOffSha256: hash('content'),
  publicSha256: hash('content'),
  originalSha256: hash('upload'),
  lastEventHash: hash('event 8'),
  lastEventSeq: 8,
});

describe('a document item (functions/adapters/dynamo/document-item.ts)', () => {
  it('keeps the id in the key only, no upload key the id gives, and each SHA-256 as its 32 bytes', () => {
    const item = documentItem(published);
    expect(item).toMatchObject({ pk: `DOC#${published.id}`, sk: 'DOC' });
    expect('id' in item).toBe(false);
    expect('objectKey' in item).toBe(false);
    for (const field of ['sha256', 'signedOffSha256', 'publicSha256', 'originalSha256', 'lastEventHash'] as const) {
      expect(item[field], field).toEqual(Buffer.from(published[field] as string, 'hex'));
      expect(stored(item)[field]?.B?.length, field).toBe(32);
    }
  });

  it('is smaller than the record stored as it is by the id, the upload key and 32 bytes a hash', () => {
    const asItWas = stored({ ...keys.document(published.id), ...documentIndexes(published), ...published });
    const saved = itemSize(asItWas) - itemSize(stored(documentItem(published)));
    expect(saved).toBe('id'.length + published.id.length + 'objectKey'.length + published.objectKey.length + 5 * 32);
    expect(saved).toBe(251);
  });

  it('keeps an upload key of its own (a batch file)', () => {
    const batchFile = documentRecord({ objectKey: 'uploads/edu/b-20261203-1/通知.pdf' });
    expect(documentItem(batchFile).objectKey).toBe(batchFile.objectKey);
    expect(documentOf(documentItem(batchFile))).toEqual(batchFile);
  });

  it('reads back the record it was made of', () => {
    expect(documentOf(documentItem(published))).toEqual(published);
  });

  it('reads an item written before (the id stored, the hashes hex) the same', () => {
    const before = { pk: `DOC#${published.id}`, sk: 'DOC', gsi2pk: 'AGENCY#x', gsi2sk: 'y', ...published };
    expect(documentOf(before)).toEqual(published);
  });

  it('keeps a value in a hash field that is not a lower-case SHA-256 as it was written', () => {
    const odd = documentRecord({ sha256: hash('x').toUpperCase(), lastEventHash: 'abc', originalSha256: '' });
    const item = documentItem(odd);
    expect(item).toMatchObject({ sha256: odd.sha256, lastEventHash: 'abc', originalSha256: '' });
    expect(documentOf(item)).toEqual(odd);
  });

  it('reads the id from the key, which an index entry always carries', () => {
    const entry = {
      pk: 'DOC#4a1b3582-ffba-4e33-9f0e-5ac2f6a41d2b',
      sk: 'DOC',
      status: 'IN_REVIEW',
      gsi5pk: 'P',
      gsi5sk: 'S',
    };
    expect(documentEntryOf<{ id: string; status: string }>(entry)).toEqual({
      id: '4a1b3582-ffba-4e33-9f0e-5ac2f6a41d2b',
      status: 'IN_REVIEW',
    });
    expect(() => documentOf({ pk: 'TASK#1', sk: 'TASK' })).toThrow(/not a document item: TASK#1/);
  });
});
