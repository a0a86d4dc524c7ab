import type { DocumentRecord } from './document';
import type { HumanTask } from './task';

/**
 * Paged lists of the staff API (GET /api/tasks, /api/pipeline, /api/documents): each request reads
 * one page of an index in its own order, never the whole list, and nothing per item.
 */

/** The most items one read of a list (or the catalogue) may ask the store for: a bound on what a request costs. */
export const MAX_STORE_READ = 1000;

/** The most items one page of a staff list returns (and its default). */
export const LIST_PAGE_LIMIT = 100;

/** Where an open-task list stands: the last task read. Tasks run soonest due first, then by id. */
export interface TaskPosition {
  readonly dueAt: string;
  readonly id: string;
}

/** One read of an assignee's open tasks (one key of the byAssignee index), after `after`. */
export interface OpenTasksRead {
  readonly assignee: string;
  readonly limit: number;
  readonly after?: TaskPosition;
}

/** What a read found; `next` (the last task read) whenever more may follow. */
export interface OpenTasksSlice {
  readonly tasks: HumanTask[];
  readonly next?: TaskPosition;
}

/** Where an agency's document list stands: the last document read. Documents run newest registered first. */
export interface DocumentPosition {
  readonly createdAt: string;
  readonly id: string;
}

export interface AgencyDocumentsRead {
  readonly agency: string;
  readonly limit: number;
  readonly after?: DocumentPosition;
}

export interface AgencyDocumentsSlice {
  readonly documents: DocumentRecord[];
  readonly next?: DocumentPosition;
}

/** What the pipeline view shows of a document in flight (the index projects only these). */
export type PipelineEntry = Pick<
  DocumentRecord,
  'id' | 'title' | 'agency' | 'status' | 'formedAt' | 'dueAt' | 'dueProvisional'
>;

/** The fields the pipeline index projects: what PipelineEntry holds. */
export const PIPELINE_FIELDS = [
  'id',
  'title',
  'agency',
  'status',
  'formedAt',
  'dueAt',
  'dueProvisional',
] as const satisfies ReadonlyArray<keyof PipelineEntry>;

/**
 * Where a pipeline read stands within one agency: the last entry read. An agency's documents in
 * flight run soonest deadline first (none yet: first), then by id.
 */
export interface PipelinePosition {
  /** '' when the document has no deadline yet. */
  readonly dueAt: string;
  readonly id: string;
}

/** One read of an agency's documents in flight, past registration (DRAFT) and not finished. */
export interface PipelineRead {
  readonly agency: string;
  readonly limit: number;
  readonly after?: PipelinePosition;
}

export interface PipelineSlice {
  readonly entries: PipelineEntry[];
  readonly next?: PipelinePosition;
}

/** A store read asks for 1 … MAX_STORE_READ items: anything else is a bug of the caller. */
export function checkStoreLimit(limit: number, what: string): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_STORE_READ) {
    throw new RangeError(`a read of ${what} takes 1 … ${MAX_STORE_READ} items, not ${limit}`);
  }
}

/**
 * The orders the lists run in, as the indexes keep them: one string per item, compared by its
 * UTF-8 bytes as DynamoDB compares keys. The adapters key the indexes with these; the domain
 * merges and continues pages by them.
 */
export const listOrder = {
  /** Open tasks (byAssignee): due, then id. */
  task: (task: TaskPosition) => `${task.dueAt}#${task.id}`,
  /** An agency's documents (byAgency), read newest first: registration time, then id. */
  document: (doc: DocumentPosition) => `${doc.createdAt}#${doc.id}`,
  /** An agency's pipeline (pipelineByDue): deadline ('' none yet: first), then id. */
  pipeline: (doc: { readonly dueAt?: string; readonly id: string }) => `${doc.dueAt ?? ''}#${doc.id}`,
};

/** DynamoDB's order of string keys: by their UTF-8 bytes (not UTF-16 code units as `<` compares). */
export function compareOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
