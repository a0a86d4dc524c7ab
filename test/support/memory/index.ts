/**
 * In-memory adapters for every port, behaving like the DynamoDB and S3 ones (the contract suite in
 * test/contract runs against both): fast tests of the domain with no Java, no servers.
 */

import { SettableClock } from '../../../infra/local/clock';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS } from '../../../infra/local/demo/district';
import { StoredCalendar } from '../../../shared/calendar/stored';
import type { DropAuthority } from '../../../shared/model/batch';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import type { Clock } from '../../../shared/ports';
import { inProcessScanner } from '../../../shared/review';
import { MemoryAuditDigests } from './audit-digests';
import { MemoryBatches } from './batches';
import { MemoryCalendars } from './calendars';
import { RecordingCallbacks, type RecordingCallbacksOptions } from './callbacks';
import { MemoryDirectory } from './directory';
import { MemoryDocuments } from './documents';
import { MemoryDrops } from './drops';
import { MemoryFiles } from './files';
import { MemoryPublications } from './publications';
import { MemoryReports } from './reports';
import { MemoryScores } from './scores';
import { MemoryState } from './state';
import { MemoryTasks } from './tasks';
import { RecordingStarter } from './workflow';

export { MemoryAuditDigests } from './audit-digests';
export { MemoryBatches } from './batches';
export { MemoryCalendars } from './calendars';
export { RecordingCallbacks, type RecordingCallbacksOptions } from './callbacks';
export { MemoryDirectory } from './directory';
export { commitToState, MemoryDocuments } from './documents';
export { MemoryDrops } from './drops';
export { MemoryFiles, type StoredObject } from './files';
export { MemoryPublications } from './publications';
export { MemoryReports } from './reports';
export { MemoryScores } from './scores';
export { MemoryState } from './state';
export { MemoryTasks } from './tasks';
export { RecordingStarter } from './workflow';

export interface MemoryDepsOptions<C extends Clock> {
  /** A SettableClock (unset: the system time) unless given. */
  readonly clock?: C;
  /** Puts the demo district's agencies, departments and users in the directory. */
  readonly seedDemoDirectory?: boolean;
  /** Base URL of public copies; '' (as the local runtime) by default. */
  readonly publicBaseUrl?: string;
  readonly callbacks?: RecordingCallbacksOptions;
  /** How drops are authorised (shared/model/batch.ts). @default 'grant', as in the local runtime */
  readonly dropAuthority?: DropAuthority;
}

/** The ports over one in-memory state, with the handles a test drives them by. */
export interface MemoryDeps<C extends Clock = SettableClock> extends PipelineDeps {
  readonly clock: C;
  readonly files: MemoryFiles;
  /** The drop folders over `files` (drop authority `grant`, as locally, unless told). */
  readonly drops: MemoryDrops;
  readonly callbacks: RecordingCallbacks;
  /** The executions re-runs started (StartExecution's inputs). */
  readonly workflow: RecordingStarter;
  readonly directory: MemoryDirectory;
  /** The daily audit digests (not a pipeline port: the digest job and `audit verify` use it). */
  readonly digests: MemoryAuditDigests;
  /** The stored items themselves, for tests that tamper with them as someone with table access could. */
  readonly state: MemoryState;
}

export function createMemoryDeps<C extends Clock = SettableClock>(options: MemoryDepsOptions<C> = {}): MemoryDeps<C> {
  const state = new MemoryState();
  const directory = new MemoryDirectory(state);
  if (options.seedDemoDirectory) directory.seed(DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS);
  const files = new MemoryFiles(options.publicBaseUrl);
  const calendars = new MemoryCalendars(state);
  const calendar = new StoredCalendar(calendars);
  return {
    documents: new MemoryDocuments(state),
    tasks: new MemoryTasks(state),
    publications: new MemoryPublications(state),
    scores: new MemoryScores(state),
    directory,
    reports: new MemoryReports(state),
    batches: new MemoryBatches(),
    files,
    drops: new MemoryDrops(files, options.dropAuthority),
    // The real scanner, in process: the worker that isolates it locally is tested on its own.
    scanner: inProcessScanner,
    callbacks: new RecordingCallbacks(options.callbacks),
    workflow: new RecordingStarter(),
    clock: options.clock ?? (new SettableClock() as Clock as C),
    calendar,
    calendars,
    digests: new MemoryAuditDigests(),
    state,
  };
}
