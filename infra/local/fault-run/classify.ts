import { actionApplies } from '../../../shared/model/actions';
import { type DocumentRecord, WAITING_STATUSES } from '../../../shared/model/document';
import type { HumanTask } from '../../../shared/model/task';
import type { TaskStore } from '../../../shared/ports';

/**
 * Where every uploaded document of the fault run stands. The acceptable ends: PUBLISHED, waiting
 * on a person (in a waiting status with its task open), or FAILED with the step and the error and
 * re-runnable. Anything else is stuck (in a status only the system moves, with nothing moving it);
 * an upload never started, or missing, is lost.
 */
export interface Classification {
  /** Documents uploaded (registered, and their file PUT). */
  readonly uploaded: number;
  readonly published: number;
  readonly waitingOnPerson: number;
  readonly failed: number;
  /** FAILED ones a re-run applies to (a system failure, from a status it can go back to). */
  readonly failedReRunnable: number;
  /** FAILED without the step or the error that failed it. */
  readonly failedWithoutReason: number;
  readonly failedBy: Record<string, number>;
  /** Returned, rejected, withheld or cancelled by a person: none are expected in this run. */
  readonly decidedOtherwise: number;
  readonly stuck: Array<{ readonly id: string; readonly status: string }>;
  readonly lost: string[];
  /** Index numbers given to more than one document. */
  readonly duplicateIndexNumbers: string[];
  /** Registrations whose answer was lost (5xx, no answer) and that were registered again: DRAFTs with no file. */
  readonly registrationsWithoutUpload: number;
}

const openTaskIds = (doc: DocumentRecord) =>
  [doc.openTaskId, ...(doc.consultationTaskIds ?? [])].filter((id): id is string => id !== undefined);

export async function classify(
  all: readonly DocumentRecord[],
  uploaded: ReadonlySet<string>,
  tasks: TaskStore,
): Promise<Classification> {
  const byId = new Map(all.map((d) => [d.id, d]));
  const failedBy: Record<string, number> = {};
  const stuck: Array<{ id: string; status: string }> = [];
  const lost: string[] = [];
  let published = 0;
  let waitingOnPerson = 0;
  let failed = 0;
  let failedReRunnable = 0;
  let failedWithoutReason = 0;
  let decidedOtherwise = 0;
  for (const id of uploaded) {
    const doc = byId.get(id);
    if (!doc || doc.status === 'DRAFT') {
      lost.push(id);
      continue;
    }
    if (doc.status === 'PUBLISHED' || doc.status === 'RECORDED') published++;
    else if (doc.status === 'FAILED') {
      failed++;
      const { failure } = doc;
      if (!failure?.step || !failure.error) failedWithoutReason++;
      if (actionApplies(doc, 'rerun')) failedReRunnable++;
      const key = `${failure?.step ?? '?'}: ${failure?.error ?? '?'}`;
      failedBy[key] = (failedBy[key] ?? 0) + 1;
    } else if (WAITING_STATUSES.has(doc.status)) {
      const open = (await Promise.all(openTaskIds(doc).map((t) => tasks.getTask(t)))).filter(
        (t): t is HumanTask => t?.status === 'open',
      );
      if (open.length > 0 && !doc.redactionPending) waitingOnPerson++;
      else stuck.push({ id, status: `${doc.status} (no open task)` });
    } else if (['REJECTED', 'RETURNED', 'WITHHELD', 'CANCELLED'].includes(doc.status)) decidedOtherwise++;
    else stuck.push({ id, status: doc.status });
  }
  const numbers = new Map<string, number>();
  for (const doc of all) if (doc.indexNumber) numbers.set(doc.indexNumber, (numbers.get(doc.indexNumber) ?? 0) + 1);
  return {
    uploaded: uploaded.size,
    published,
    waitingOnPerson,
    failed,
    failedReRunnable,
    failedWithoutReason,
    failedBy,
    decidedOtherwise,
    stuck,
    lost,
    duplicateIndexNumbers: [...numbers].filter(([, n]) => n > 1).map(([number]) => number),
    registrationsWithoutUpload: all.filter((d) => d.status === 'DRAFT' && !uploaded.has(d.id)).length,
  };
}
