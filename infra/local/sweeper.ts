import type { PipelineDeps } from '../../shared/pipeline/deps';
import { type SweepReport, sweepUnstarted } from '../../shared/pipeline/ops';
import type { WorkflowStarter } from '../../shared/ports';

export interface LocalSweeperOptions {
  /** How often it looks. @default 60 s */
  readonly everyMs?: number;
  /** How old an unstarted registration must be. @default the deployment's five minutes (SWEEP_AFTER_MS) */
  readonly olderThanMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * The sweeper on a timer, as the deployment runs it on a schedule (infra/constructs/ops-jobs.ts):
 * the same use case. Locally an event is lost when the runtime stops between an upload and its
 * start (kill -9), or by fault injection.
 */
export function startLocalSweeper(
  deps: Pick<PipelineDeps, 'documents' | 'files' | 'clock'>,
  workflow: WorkflowStarter,
  options: LocalSweeperOptions = {},
) {
  const everyMs = options.everyMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const sweepNow = async (): Promise<SweepReport> => {
    const report = await sweepUnstarted(
      deps,
      workflow,
      options.olderThanMs ? { olderThanMs: options.olderThanMs } : {},
    );
    if (report.started.length > 0) {
      options.log?.(
        `sweeper: started ${report.started.length} upload(s) whose event was lost: ${report.started.join(', ')}`,
      );
    }
    return report;
  };
  const tick = () => {
    running = sweepNow()
      .catch((err: unknown) => options.log?.(`sweeper: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  timer = setTimeout(tick, everyMs);
  return {
    sweepNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
