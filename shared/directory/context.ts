import { beijingDate } from '../calendar/beijing';
import type { Clock, Directory, DocumentStore, TaskStore } from '../ports';

/** What administering the directory works through. */
export interface DirectoryDeps {
  readonly directory: Directory;
  readonly tasks: Pick<TaskStore, 'listOpen' | 'getTask'>;
  readonly documents: Pick<DocumentStore, 'get'>;
  readonly clock: Clock;
}

/** When a change happens and who makes it. */
export interface ChangeContext {
  readonly at: string;
  /** The day (Beijing) of `at`. */
  readonly today: string;
  readonly actor: string;
}

export function contextOf(clock: Clock, actor: string): ChangeContext {
  const now = clock.now();
  return { at: now.toISOString(), today: beijingDate(now), actor };
}
