import { describe, expect, it } from 'vitest';
import { type FaultRunReport, runFaultScenario } from '../../infra/local/fault-run';
import { planDocuments } from '../../infra/local/fault-run/load';

/**
 * Issue 11's fault run, smaller (`npm run bench:faults` runs the 200 documents): documents through
 * the local runtime while 20% of step invocations and 5% of DynamoDB writes fail (half before the
 * work, half after it with the answer lost), 10% of S3 events are lost on their way to the state
 * machine (the sweeper and `ops replay-dlq` recover them), and the runtime is killed twice with
 * SIGKILL, node and java, mid-run and restarted. Then every document must be PUBLISHED, waiting on
 * a person, or FAILED with its reason and re-runnable; none lost, none stuck in a status only the
 * system moves, no index number twice, and the score counters equal to a rebuild from the documents.
 */
const DOCUMENTS = 30;

describe('injected faults and two kill -9s, survived', () => {
  it(`${DOCUMENTS} documents: 0 lost, 0 stuck, 0 duplicate index numbers, scores:rebuild 0 differences`, async () => {
    const report: FaultRunReport = await runFaultScenario({
      documents: DOCUMENTS,
      faults: 'steps:0.2,dynamo:0.05,events:0.1',
      kills: 2,
      // Longer than the longest retry chain (Record failure: ten tries, up to 30 s apart).
      quietMs: 120_000,
    });
    const { outcome, final } = report;
    console.log(
      `fault run: ${JSON.stringify({
        injected: report.injected,
        kills: report.kills,
        outcome: { ...outcome, stuck: outcome.stuck.length, lost: outcome.lost.length },
        redrive: report.redrive,
        deadLetters: report.deadLetters,
        scoresRebuildDifferences: report.scoresRebuildDifferences,
        durationS: Math.round(report.durationMs / 1000),
      })}`,
    );

    // The run did what it says: faults were injected and the runtime was killed twice.
    expect(report.kills).toHaveLength(2);
    expect((report.injected.stepsBefore ?? 0) + (report.injected.stepsAfter ?? 0)).toBeGreaterThan(0);
    expect(report.load.unexpected).toEqual([]);

    expect(outcome.uploaded).toBe(DOCUMENTS);
    expect(outcome.lost, 'lost').toEqual([]);
    expect(outcome.stuck, 'stuck in an automated status').toEqual([]);
    expect(outcome.duplicateIndexNumbers, 'index numbers given twice').toEqual([]);
    // Every document at an acceptable end: published, with a person, or failed with a reason.
    expect(outcome.published + outcome.waitingOnPerson + outcome.failed).toBe(DOCUMENTS);
    expect(outcome.failedWithoutReason).toBe(0);
    expect(outcome.failedReRunnable).toBe(outcome.failed);
    // One in twenty sign-offs was held back: those waited on their leader, with the task open.
    expect(outcome.waitingOnPerson).toBe(planDocuments(DOCUMENTS, 'any').filter((d) => d.held).length);

    // And they were not dead ends: decided, and re-run by `gongkai ops redrive`, they go on.
    expect(final.lost).toEqual([]);
    expect(final.stuck).toEqual([]);
    expect(final.duplicateIndexNumbers).toEqual([]);
    expect(final.waitingOnPerson).toBe(0);
    expect(final.published + final.failed).toBe(DOCUMENTS);
    expect(final.failedReRunnable).toBe(final.failed);
    expect(report.deadLetters.unreadable).toBe(0);

    expect(report.scoresRebuildDifferences, 'scores:rebuild differences').toBe(0);
    expect(report.auditMismatches, 'audit chains that no longer verify').toBe(0);
  }, 900_000);
});
