import type {
  AnnualReportStore,
  BatchStore,
  CalendarStore,
  Clock,
  Directory,
  DocumentFiles,
  DocumentStore,
  DropBox,
  PublicationStore,
  Scanner,
  ScoreStore,
  TaskStore,
} from '../ports';

/** The slice of the working-day calendar the pipeline needs (shared/calendar implements it). */
export interface DeadlineCalendar {
  addWorkingDays(from: string, n: number): { due: string; provisional: boolean };
  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: string, to: string): number;
  /** Reads the arrangements ops imported since (shared/calendar/stored.ts); a fixed calendar has none. */
  refresh?(): Promise<void>;
}

/** Every port the use cases work through; buildDeps (AWS, emulators) and the memory adapters fill it. */
export interface PipelineDeps {
  readonly documents: DocumentStore;
  readonly tasks: TaskStore;
  readonly publications: PublicationStore;
  readonly scores: ScoreStore;
  readonly directory: Directory;
  readonly reports: AnnualReportStore;
  /** Bulk intake: batches and their rows, and the drop folders of the intake bucket. */
  readonly batches: BatchStore;
  readonly drops: DropBox;
  readonly files: DocumentFiles;
  readonly scanner: Scanner;
  readonly clock: Clock;
  readonly calendar: DeadlineCalendar;
  /** The holiday arrangements ops imported (`gongkai calendar import`), which `calendar` reads. */
  readonly calendars: CalendarStore;
}

/** The actor recorded on audit events written by the flow itself rather than a person. */
export const SYSTEM_ACTOR = 'system:pipeline';
