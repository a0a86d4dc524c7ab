import type { StartPurpose, WorkflowStarter } from '../../../shared/ports';

/** Starts nothing: records each resume it was asked for, as StartExecution would receive its input. */
export class RecordingStarter implements WorkflowStarter {
  readonly started: Array<{
    readonly documentId: string;
    readonly previousExecutionId?: string;
    readonly purpose?: StartPurpose;
  }> = [];
  /** When set, `resume` throws it (StartExecution refused: throttled, the machine unreachable). */
  failWith: Error | undefined;

  async resume(documentId: string, previousExecutionId: string | undefined, purpose?: StartPurpose): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.started.push({
      documentId,
      ...(previousExecutionId ? { previousExecutionId } : {}),
      ...(purpose && purpose !== 'rerun' ? { purpose } : {}),
    });
  }
}
