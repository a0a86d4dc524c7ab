import { runFaultScenario } from './fault-run';

/**
 * `npm run bench:faults`: the fault run of issue 11 — FAULT_DOCUMENTS documents (200) through the
 * local runtime with GONGKAI_FAULTS (20% of step invocations and 5% of DynamoDB writes failing),
 * the runtime killed twice (kill -9, node and java) mid-run — and where every document ended.
 * Exits 1 when a document was lost or stuck, an index number was given twice, or the scores differ.
 */
const documents = Number(process.env.FAULT_DOCUMENTS ?? 200);
const faults = process.env.GONGKAI_FAULTS || 'steps:0.2,dynamo:0.05';
const report = await runFaultScenario({
  documents,
  faults,
  kills: Number(process.env.FAULT_KILLS ?? 2),
  log: (m) => console.error(`[faults] ${m}`),
});
const { outcome, final } = report;
console.log(
  JSON.stringify(
    {
      documents: report.documents,
      faults: report.faults,
      kills: report.kills,
      injected: report.injected,
      lost: outcome.lost.length,
      stuck: outcome.stuck.length,
      duplicateIndexNumbers: outcome.duplicateIndexNumbers.length,
      scoresRebuildDifferences: report.scoresRebuildDifferences,
      auditMismatches: report.auditMismatches,
      outcome: {
        published: outcome.published,
        waitingOnPerson: outcome.waitingOnPerson,
        failed: outcome.failed,
        failedReRunnable: outcome.failedReRunnable,
        failedWithoutReason: outcome.failedWithoutReason,
        failedBy: outcome.failedBy,
        decidedOtherwise: outcome.decidedOtherwise,
        stuckDocuments: outcome.stuck,
        lostDocuments: outcome.lost,
      },
      afterHeldDecidedAndRedrive: {
        redrive: report.redrive,
        deadLettersReplayed: report.deadLetters.replayed,
        sweptAtEnd: report.sweptAtEnd,
        published: final.published,
        waitingOnPerson: final.waitingOnPerson,
        failed: final.failed,
        stuck: final.stuck.length,
        lost: final.lost.length,
        duplicateIndexNumbers: final.duplicateIndexNumbers.length,
      },
      registrationsWithoutUpload: outcome.registrationsWithoutUpload,
      requests: report.requests,
      load: report.load,
      durationS: Math.round(report.durationMs / 100) / 10,
    },
    null,
    2,
  ),
);
const bad =
  outcome.lost.length +
  outcome.stuck.length +
  outcome.duplicateIndexNumbers.length +
  report.scoresRebuildDifferences +
  outcome.failedWithoutReason +
  (outcome.failed - outcome.failedReRunnable);
process.exitCode = bad > 0 ? 1 : 0;
