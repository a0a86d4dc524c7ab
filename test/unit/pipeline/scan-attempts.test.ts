import { describe, expect, it } from 'vitest';
import { IntakeInputSchema } from '../../../shared/pipeline/events';
import { intake } from '../../../shared/pipeline/intake';
import { reviewDocument } from '../../../shared/pipeline/review';
import type { Scanner } from '../../../shared/ports';
import type { MemoryDeps } from '../../support/memory';
import { advance, CLEAN, docOf, lastEvent, newExecutionId, PERSONAL, path, submit, world } from './drive';

/**
 * A scan the process does not survive (out of memory, kill -9, power): it never returns, and
 * nothing after it runs. Here: a scanner that never answers, and a review that is abandoned.
 */
async function dieInScan(deps: MemoryDeps, id: string): Promise<void> {
  let started!: () => void;
  const scanning = new Promise<void>((resolve) => {
    started = resolve;
  });
  const hangs: Scanner = {
    scan: () => {
      started();
      return new Promise(() => {});
    },
  };
  void reviewDocument({ ...deps, scanner: hangs }, id);
  await scanning;
}

/** A scanner that must not be called. */
const untouchable: Scanner = {
  scan: () => {
    throw new Error('scanned a third time');
  },
};

describe('REVIEW-2 a file that stops the scan twice is not scanned a third time', () => {
  it('two scans that did not finish: FAILED (input) in the review, with the reason, and no third scan', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN);
    await dieInScan(deps, id);
    expect(await docOf(deps, id)).toMatchObject({ status: 'RECEIVED', scanAttempts: 1 });
    await dieInScan(deps, id);
    expect(await docOf(deps, id)).toMatchObject({ status: 'RECEIVED', scanAttempts: 2 });

    expect(await reviewDocument({ ...deps, scanner: untouchable }, id)).toEqual({ decision: 'failed', findings: 0 });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('FAILED');
    expect(doc.failure).toEqual({
      step: 'Confidentiality review',
      error: 'the scan stopped twice on this file without finishing',
      kind: 'input',
      problem: { code: 'scan-stopped' },
      failedIn: 'RECEIVED',
    });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'RECEIVED',
      to: 'FAILED',
      note: {
        code: 'failed',
        step: 'Confidentiality review',
        error: 'the scan stopped twice on this file without finishing',
        problem: { code: 'scan-stopped' },
      },
    });
    // A retried step finds it FAILED and says so; the flow does not go on.
    expect(await reviewDocument({ ...deps, scanner: untouchable }, id)).toEqual({ decision: 'failed', findings: 0 });
  });

  it('the flow resumed after a restart (Intake, resume) ends there too', async () => {
    const deps = world();
    const { id, executionId } = await submit(deps, CLEAN);
    await dieInScan(deps, id);
    await dieInScan(deps, id);
    // The runtime restarts and resumes the document: Intake hands it to a new execution at review.
    const resumed = await intake(
      deps,
      IntakeInputSchema.parse({
        event: { resume: { documentId: id, previousExecutionId: executionId } },
        executionId: newExecutionId(),
      }),
    );
    expect(resumed.next).toBe('review');
    const doc = await advance({ ...deps, scanner: untouchable }, id);
    expect(doc).toMatchObject({ status: 'FAILED', failure: { kind: 'input', problem: { code: 'scan-stopped' } } });
  });

  it('one scan that did not finish is tried again; its result clears the count', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    await dieInScan(deps, id);
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'needs-review', findings: 2 });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('RECEIVED');
    expect(doc.scanAttempts).toBeUndefined();
    expect(doc.findings).toHaveLength(2);
  });

  it('a finished scan leaves no count: a clean document is CLEARED without one', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN);
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'clear', findings: 0 });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('CLEARED');
    expect(doc).not.toHaveProperty('scanAttempts');
    expect(path(await deps.documents.history(id))).toEqual(['null→DRAFT', 'DRAFT→RECEIVED', 'RECEIVED→CLEARED']);
  });
});
