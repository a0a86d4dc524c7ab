import type { Clock, Directory, DocumentFiles, DocumentStore, PublicationStore, TaskStore } from '../ports';

/** The slice of the working-day calendar the pipeline needs (shared/calendar implements it). */
export interface DeadlineCalendar {
  addWorkingDays(from: string, n: number): { due: string; provisional: boolean };
  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: string, to: string): number;
}

export interface PipelineDeps {
  readonly documents: DocumentStore;
  readonly tasks: TaskStore;
  readonly publications: PublicationStore;
  readonly directory: Directory;
  readonly files: DocumentFiles;
  readonly clock: Clock;
  readonly calendar: DeadlineCalendar;
}

/** The actor recorded on audit events written by the flow itself rather than a person. */
export const SYSTEM_ACTOR = 'system:pipeline';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day in China (UTC+8, no DST) — deadlines and index years follow Beijing time. */
export function isoDay(date: Date): string {
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
