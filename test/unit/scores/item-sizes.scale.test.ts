import { describe, expect, it } from 'vitest';
import { documentIndexes, keys } from '../../../functions/adapters/dynamo/keys';
import { registerOpen } from '../../../infra/local/bench/items';
import { createMemoryDeps, type MemoryDeps } from '../../support/memory';
import { itemSize, stored } from '../../support/memory/items';

/**
 * No item grows with the work: an agency-year with 10,000 open documents writes items of the size
 * it wrote with 100. Sizes as DynamoDB counts them, of the items the DynamoDB adapter stores (its
 * key functions); the open documents are items of their own beside the counters. The same growth
 * on DynamoDB Local, with the sizes read back from it: `tsx infra/local/bench/items.ts`.
 */
const YEAR = '2026';
const AGENCY = 'edu';

function sizes(deps: MemoryDeps) {
  const counters = deps.state.counters.get(YEAR)?.get(`AGENCY#${AGENCY}`);
  if (!counters) throw new Error('no counters of the agency-year');
  const latest = [...deps.state.documents.values()].at(-1);
  if (!latest) throw new Error('no document');
  const open = [...counters.openDue.values()].at(-1);
  return {
    counterItem: itemSize(
      stored({ ...keys.scoreCounters(Number(YEAR), AGENCY), agency: AGENCY, year: Number(YEAR), ...counters.counts }),
    ),
    documentItem: itemSize(stored({ ...keys.document(latest.id), ...documentIndexes(latest), ...latest })),
    openEntry: itemSize(
      stored({ ...keys.openDue(Number(YEAR), AGENCY, open?.documentId ?? ''), ...open, agency: AGENCY }),
    ),
    openEntries: counters.openDue.size,
  };
}

describe('REVIEW-4.2 item sizes stay flat from 100 to 10,000 open documents of one agency-year', () => {
  it('the score counters, a document and an open entry are the same size at both ends', async () => {
    const deps = createMemoryDeps();
    await registerOpen(deps.documents, 0, 100, 1);
    const at100 = sizes(deps);
    await registerOpen(deps.documents, 100, 10_000, 1);
    const at10000 = sizes(deps);

    expect(at100.openEntries).toBe(100);
    expect(at10000.openEntries).toBe(10_000);
    // Only digit counts may differ: counters 100 → 10,000 take a byte or two more, a title "第99项" → "第9999项" two.
    expect(Math.abs(at10000.counterItem - at100.counterItem)).toBeLessThanOrEqual(4);
    expect(Math.abs(at10000.documentItem - at100.documentItem)).toBeLessThanOrEqual(4);
    expect(at10000.openEntry).toBe(at100.openEntry);
    expect(at10000.counterItem).toBeLessThan(1024);
    expect(at10000.documentItem).toBeLessThan(1024);
  });
});
