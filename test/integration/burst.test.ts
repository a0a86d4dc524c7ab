import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burstAgencies, runBurst } from '../../infra/local/bench/burst';
import type { LocalRuntime } from '../../infra/local/runtime';
import { beijingYear } from '../../shared/calendar/beijing';
import { startTestRuntime, tempDataDir } from './support';

/** Sized for CI on 2 cores: big enough that every publication of an agency is queued behind others. */
const ONE_AGENCY = 160;
const PER_AGENCY = 40;

/** Each burst uploads its documents first: a guard against hangs, not a speed limit. */
const BURST_TIMEOUT = 300_000;

/**
 * Issue 13: sign-off approvals all at once. The Publication state queues each document in its
 * publisher's FIFO message group (infra/constructs/publication-queue.ts, infra/local/fifo-queue.ts),
 * so an agency's index numbers are taken one after the other: none is fought over, none is lost.
 */
describe('a burst of sign-off approvals on the local runtime', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  const year = beijingYear(new Date().toISOString());
  const [first, second] = burstAgencies(2).map((a) => a.agency.code);

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  it(
    `${ONE_AGENCY} approvals for one agency: 0 FAILED, every one PUBLISHED, index numbers exactly 1..${ONE_AGENCY}`,
    async () => {
      const result = await runBurst(runtime, { approvals: ONE_AGENCY, agencies: 1 });
      console.log(result.lines.join('\n'));
      expect(result).toMatchObject({ approvals: ONE_AGENCY, failed: 0, notPublished: 0, gapFree: true });
      expect(result.sequences).toEqual({ [`${first}-${year}`]: ONE_AGENCY });
      // The Publication stage stays a state of its own in every execution: its result is in the output.
      const outputs = [...runtime.workflow.executions.values()]
        .map((e) => e.output as { publication?: { status?: string; indexNumber?: string } } | undefined)
        .filter((o) => o?.publication);
      expect(outputs).toHaveLength(ONE_AGENCY);
      expect(new Set(outputs.map((o) => o?.publication?.indexNumber)).size).toBe(ONE_AGENCY);
      expect(outputs.every((o) => o?.publication?.status === 'PUBLISHED')).toBe(true);
      // Nothing was left on the queue or dead-lettered.
      for (const queue of runtime.workflow.queues.values()) {
        expect(queue.depth).toBe(0);
        expect(queue.deadLetters).toEqual([]);
      }
    },
    BURST_TIMEOUT,
  );

  it(
    `${2 * PER_AGENCY} approvals across two agencies: each agency-year's numbers go on 1..N, gap-free`,
    async () => {
      const result = await runBurst(runtime, { approvals: 2 * PER_AGENCY, agencies: 2 });
      console.log(result.lines.join('\n'));
      expect(result).toMatchObject({ failed: 0, notPublished: 0, gapFree: true });
      // The first agency carries on after the burst above; the second starts at 1.
      expect(result.sequences).toEqual({
        [`${first}-${year}`]: ONE_AGENCY + PER_AGENCY,
        [`${second}-${year}`]: PER_AGENCY,
      });
    },
    BURST_TIMEOUT,
  );
});
