import { beijingMidnight } from '../calendar/beijing';
import { toDayNumber } from '../calendar/iso-date';
import { actionApplies } from '../model/actions';
import type { DocumentRecord } from '../model/document';
import { DomainError, ValidationError } from '../model/errors';
import type { Identity } from '../model/identity';
import type { DeadLetter, DeadLetters, EventRedelivery, WorkflowStarter } from '../ports';
import type { PipelineDeps } from './deps';
import { ObjectCreatedEventSchema } from './events';
import { rerunDocument } from './staff';

/**
 * What ops do when the flow lost something (docs/operations.md): re-run documents a step of the
 * system failed (the API's 重新处理, for many at once), start uploads whose event never started
 * the flow, and deliver again the events EventBridge gave up on. The same use cases run from the
 * command line against a deployment or the local runtime, and (the sweep) on a schedule.
 */

/**
 * The operator at the command line, with the administrators' authority: `cli:<name>` in every
 * audit event it writes, as `gongkai directory` records its changes.
 */
export function operatorIdentity(name: string): Identity {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) {
    throw new ValidationError(`the operator's name "${name}" must be 1–64 letters, digits, . _ @ or -`);
  }
  return { user: `cli:${name}`, name, roles: ['admin'], agency: 'district' };
}

export type RedriveSelection = { readonly documentId: string } | { readonly failedSince: string };

export interface RedriveReport {
  /** Documents run again: each is back in the status it failed in, and a new execution resumes it. */
  readonly rerun: string[];
  /** Failed documents left as they are, and why (a refused file is registered again, not re-run). */
  readonly skipped: Array<{ readonly id: string; readonly reason: string }>;
}

/**
 * `ops redrive`: one document (any refusal is the error), or every document FAILED since a day
 * (Beijing; its failure is its last write) — those a re-run applies to, the others reported.
 */
export async function redriveDocuments(
  deps: PipelineDeps,
  workflow: WorkflowStarter,
  operator: Identity,
  selection: RedriveSelection,
): Promise<RedriveReport> {
  if ('documentId' in selection) {
    await rerunDocument(deps, workflow, operator, selection.documentId);
    return { rerun: [selection.documentId], skipped: [] };
  }
  toDayNumber(selection.failedSince, 'failed-since');
  const since = beijingMidnight(selection.failedSince);
  const failed: DocumentRecord[] = [];
  for (const agency of await deps.directory.listAgencies()) {
    for (const doc of await deps.documents.listAllByAgency(agency.id)) {
      if (doc.status === 'FAILED' && doc.updatedAt >= since) failed.push(doc);
    }
  }
  failed.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
  const report: RedriveReport = { rerun: [], skipped: [] };
  for (const doc of failed) {
    if (!actionApplies(doc, 'rerun')) {
      const { failure } = doc;
      report.skipped.push({
        id: doc.id,
        reason:
          failure?.kind === 'input'
            ? `refused at ${failure.step} (${failure.error}): the agency registers it again with a corrected file`
            : `failed in ${failure?.failedIn ?? 'an unknown status'}, from where it cannot be re-run`,
      });
      continue;
    }
    try {
      await rerunDocument(deps, workflow, operator, doc.id);
      report.rerun.push(doc.id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      report.skipped.push({ id: doc.id, reason: err.message });
    }
  }
  return report;
}

/** How long a registration's file may sit in the intake bucket before the sweeper starts it. */
export const SWEEP_AFTER_MS = 5 * 60_000;

export interface SweepReport {
  /** Registrations awaiting their file (DRAFT, never started), old enough to look at. */
  readonly checked: number;
  /** Started: their file is in the intake bucket but its event never started the flow. */
  readonly started: string[];
  /** Their file never came (nothing to start: the agency uploads it). */
  readonly awaitingUpload: number;
  /** Could not be started now; the next sweep tries again. */
  readonly notStarted: Array<{ readonly id: string; readonly error: string }>;
}

/**
 * The sweeper: a registration (DRAFT) older than `olderThanMs` whose file is in the intake bucket
 * but that no execution ever claimed lost its S3 event. It is started as a re-run of a document
 * nobody held (Intake claims it exactly once: a late event or a second sweep finds it claimed).
 */
export async function sweepUnstarted(
  deps: Pick<PipelineDeps, 'documents' | 'files' | 'clock'>,
  workflow: WorkflowStarter,
  options: { readonly olderThanMs?: number } = {},
): Promise<SweepReport> {
  const cutoff = deps.clock.now().getTime() - (options.olderThanMs ?? SWEEP_AFTER_MS);
  const drafts = (await deps.documents.listInFlight()).filter(
    (d) => d.status === 'DRAFT' && d.executionId === undefined && Date.parse(d.createdAt) <= cutoff,
  );
  const report: SweepReport = { checked: drafts.length, started: [], awaitingUpload: 0, notStarted: [] };
  for (const doc of drafts) {
    if (!(await deps.files.exists(doc.objectKey))) {
      (report as { awaitingUpload: number }).awaitingUpload++;
      continue;
    }
    try {
      await workflow.resume(doc.id, undefined, 'sweep');
      report.started.push(doc.id);
    } catch (err) {
      report.notStarted.push({ id: doc.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  }
  return report;
}

export interface ReplayReport {
  /** Events delivered now (an execution started for each). */
  readonly replayed: string[];
  /** Events whose execution existed already: delivered before, so only the letter is removed. */
  readonly alreadyDelivered: string[];
  /** Letters that are not an upload's event: left in the queue for a person to look at. */
  readonly unreadable: Array<{ readonly id: string; readonly problem: string }>;
}

/** Letters taken from the queue at a time (SQS's most). */
const BATCH = 10;

/**
 * `ops replay-dlq`: every event in the dead-letter queue goes to the state machine again, as the
 * rule would have delivered it (named by the event's id, so a replay twice starts it once); each
 * delivered letter is removed. Stops after `max` letters.
 */
export async function replayDeadLetters(
  letters: DeadLetters,
  delivery: EventRedelivery,
  options: { readonly max?: number } = {},
): Promise<ReplayReport> {
  const max = options.max ?? 1000;
  const report: ReplayReport = { replayed: [], alreadyDelivered: [], unreadable: [] };
  let seen = 0;
  while (seen < max) {
    const batch = await letters.receive(Math.min(BATCH, max - seen));
    if (batch.length === 0) break;
    seen += batch.length;
    for (const letter of batch) {
      const read = readLetter(letter);
      if ('problem' in read) {
        report.unreadable.push({ id: letter.id, problem: read.problem });
        continue;
      }
      const delivered = await delivery.redeliver(read.eventId, read.event);
      (delivered ? report.replayed : report.alreadyDelivered).push(read.eventId);
      await letters.remove(letter);
    }
  }
  return report;
}

function readLetter(letter: DeadLetter): { eventId: string; event: unknown } | { problem: string } {
  let event: unknown;
  try {
    event = JSON.parse(letter.body);
  } catch {
    return { problem: 'the message is not JSON' };
  }
  const eventId = (event as { id?: unknown } | null)?.id;
  if (typeof eventId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(eventId)) {
    return { problem: 'the message is not an EventBridge event (no id)' };
  }
  const parsed = ObjectCreatedEventSchema.safeParse(event);
  if (!parsed.success) return { problem: 'the event is not an "Object Created" event of an upload' };
  return { eventId, event };
}
