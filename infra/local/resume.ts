import type { PipelineDeps } from '../../shared/pipeline/deps';
import type { LocalWorkflow } from './workflow';

/** How many executions a start resumes at once: each batch runs to its waiting task before the next starts. */
export const RESUME_BATCH = 25;

export interface Resumption {
  /** Documents that were mid-flow and are resumed (the first batch before the runtime serves, the rest after). */
  readonly resumed: number;
  /** Settles when the last batch has reached its waiting tasks (or the resumption was stopped). */
  readonly done: Promise<void>;
  /** No further batch starts; resolves once the one under way has settled. */
  stop(): Promise<void>;
}

/**
 * Executions live in memory: every document that was mid-flow when the runtime last stopped is
 * carried on by a new execution. A thousand started at once overran the engine and the stores
 * ("local workflow did not settle in time", and the start crashed); in batches, each waits for
 * the one before it to reach a person or the end. The first batch is resumed before the runtime
 * serves — a small restart is whole before anyone can decide — the rest after, so the runtime is
 * ready however many there are. A decision that comes before its document's execution is back is
 * recorded and handed on by the resumed execution (openTask's `decided`). A batch that does not
 * settle within `settleMs` is left running (logged), not fatal: its documents are in DynamoDB.
 */
export async function resumeInFlight(
  deps: PipelineDeps,
  workflow: LocalWorkflow,
  options: { readonly batch: number; readonly settleMs: number; readonly log: (message: string) => void },
): Promise<Resumption> {
  const unfinished = (await deps.documents.listInFlight()).filter((doc) => doc.status !== 'DRAFT' && doc.executionId);
  const batches: (typeof unfinished)[] = [];
  for (let from = 0; from < unfinished.length; from += options.batch) {
    batches.push(unfinished.slice(from, from + options.batch));
  }
  if (batches.length > 1) {
    options.log(`resuming ${unfinished.length} documents left mid-flow, ${options.batch} at a time`);
  }
  const resume = async (batch: typeof unfinished) => {
    for (const doc of batch) {
      const name = `resume-${doc.id}-${Date.now().toString(36)}`;
      workflow.start(name, { resume: { documentId: doc.id, previousExecutionId: doc.executionId } });
    }
    try {
      await workflow.settled(options.settleMs);
    } catch {
      options.log(`resumed executions still running after ${options.settleMs / 1000} s; carrying on`);
    }
  };
  let stopped = false;
  const [first, ...rest] = batches;
  if (first) await resume(first);
  const done = (async () => {
    for (const batch of rest) {
      if (stopped) return;
      await resume(batch);
    }
    if (rest.length > 0) options.log(`resumed all ${unfinished.length} documents left mid-flow`);
  })();
  return {
    resumed: unfinished.length,
    done,
    async stop() {
      stopped = true;
      await done;
    },
  };
}
