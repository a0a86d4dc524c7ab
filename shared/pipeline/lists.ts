import type { DocumentRecord } from '../model/document';
import { ValidationError } from '../model/errors';
import {
  compareOrder,
  type DocumentPosition,
  LIST_PAGE_LIMIT,
  listOrder,
  type PipelineEntry,
  type PipelinePosition,
  type TaskPosition,
} from '../model/paging';
import type { HumanTask } from '../model/task';
import { isWellFormedId } from '../model/text';
import type { DocumentStore, TaskStore } from '../ports';
import { type CursorKind, cursorError, decodeCursor, encodeCursor, isDeadline, isTimestamp } from './paging';

/**
 * The staff lists, a page at a time (GET /api/tasks, /api/pipeline, /api/documents): at most
 * `limit` items, in the order their index keeps, continued by the opaque `next` of the page
 * before. A page reads at most `limit` + 1 items of each key it reads and nothing per item.
 */

export interface ListPageRequest {
  readonly limit: number;
  /** The `next` of the previous page. */
  readonly cursor?: string;
}

export interface ListPage<T> {
  readonly entries: T[];
  /** Passed back as `cursor` for the page after; absent on the last page. */
  readonly next?: string;
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_PAGE_LIMIT) {
    throw new ValidationError(`limit must be 1 … ${LIST_PAGE_LIMIT}, got ${limit}`);
  }
}

const TASKS: CursorKind = { name: 'a task-list cursor', otherScope: "another person's task list" };
const DOCUMENTS: CursorKind = { name: 'a document-list cursor', otherScope: "another agency's document list" };
const PIPELINE: CursorKind = { name: 'a pipeline cursor', otherScope: 'another pipeline (agency or district)' };

/**
 * The open tasks of these assignees (a person, and the groups they decide for), soonest due first.
 * Each assignee's tasks are one key of the index: a page reads `limit` + 1 of each and merges them.
 */
export async function openTasksPage(
  tasks: Pick<TaskStore, 'openPage'>,
  assignees: readonly string[],
  request: ListPageRequest,
): Promise<ListPage<HumanTask>> {
  checkLimit(request.limit);
  const scope = ['tasks', ...assignees];
  const after = request.cursor === undefined ? undefined : taskPosition(request.cursor, scope);
  const slices = await Promise.all(
    assignees.map((assignee) => tasks.openPage({ assignee, limit: request.limit + 1, ...(after ? { after } : {}) })),
  );
  // A key read only up to its `next` may hold more before another key's tasks: nothing past it is shown yet.
  const bounds = slices.flatMap((s) => (s.next ? [listOrder.task(s.next)] : [])).sort(compareOrder);
  const [bound] = bounds;
  const merged = slices
    .flatMap((s) => s.tasks)
    .filter((t) => bound === undefined || compareOrder(listOrder.task(t), bound) <= 0)
    .sort((a, b) => compareOrder(listOrder.task(a), listOrder.task(b)));
  const entries = merged.slice(0, request.limit);
  const last = entries.at(-1);
  const more = merged.length > request.limit || bounds.length > 0;
  return {
    entries,
    ...(more && last ? { next: encodeCursor(scope, [last.dueAt, last.id]) } : {}),
  };
}

function taskPosition(cursor: string, scope: readonly unknown[]): TaskPosition {
  const [dueAt = '', id = ''] = decodeCursor(cursor, scope, 2, TASKS);
  if (!isDeadline(dueAt) || !isWellFormedId(id)) throw cursorError(`not ${TASKS.name}`);
  return { dueAt, id };
}

/** An agency's documents, newest registered first: one key of the byAgency index. */
export async function agencyDocumentsPage(
  documents: Pick<DocumentStore, 'agencyPage'>,
  agency: string,
  request: ListPageRequest,
): Promise<ListPage<DocumentRecord>> {
  checkLimit(request.limit);
  const scope = ['documents', agency];
  const after = request.cursor === undefined ? undefined : documentPosition(request.cursor, scope);
  // One more than the page: whether anything follows is known without an empty last page.
  const slice = await documents.agencyPage({ agency, limit: request.limit + 1, ...(after ? { after } : {}) });
  const entries = slice.documents.slice(0, request.limit);
  const last = entries.at(-1);
  const more = slice.documents.length > request.limit || slice.next !== undefined;
  return { entries, ...(more && last ? { next: encodeCursor(scope, [last.createdAt, last.id]) } : {}) };
}

function documentPosition(cursor: string, scope: readonly unknown[]): DocumentPosition {
  const [createdAt = '', id = ''] = decodeCursor(cursor, scope, 2, DOCUMENTS);
  if (!isTimestamp(createdAt) || !isWellFormedId(id)) throw cursorError(`not ${DOCUMENTS.name}`);
  return { createdAt, id };
}

/** Whose pipeline a caller sees: their agency's, or (district roles) every agency's of the directory. */
export type PipelineScope = { readonly agency: string } | { readonly district: readonly string[] };

/**
 * Documents in flight past DRAFT, agency by agency (in id order), each agency's soonest deadline
 * first. A page reads on through the agencies until it is full: at most `limit` + 1 items of each
 * agency it reads, and one read per agency.
 */
export async function pipelinePage(
  documents: Pick<DocumentStore, 'pipelinePage'>,
  scope: PipelineScope,
  request: ListPageRequest,
): Promise<ListPage<PipelineEntry>> {
  checkLimit(request.limit);
  const agencies = 'agency' in scope ? [scope.agency] : [...new Set(scope.district)].sort(compareOrder);
  const cursorScope = ['pipeline', 'agency' in scope ? scope.agency : '*'];
  const start = request.cursor === undefined ? undefined : pipelinePosition(request.cursor, cursorScope, agencies);
  const entries: PipelineEntry[] = [];
  let more = false;
  let after: PipelinePosition | undefined = start?.after;
  for (const agency of agencies.slice(start ? agencies.indexOf(start.agency) : 0)) {
    const want = request.limit - entries.length;
    // One more than wanted (one, once the page is full): whether anything follows is known here.
    const slice = await documents.pipelinePage({ agency, limit: want + 1, ...(after ? { after } : {}) });
    entries.push(...slice.entries.slice(0, want));
    after = undefined;
    if (slice.entries.length > want || slice.next !== undefined) {
      more = true;
      break;
    }
  }
  const last = entries.at(-1);
  return {
    entries,
    ...(more && last ? { next: encodeCursor(cursorScope, [last.agency, last.dueAt ?? '', last.id]) } : {}),
  };
}

function pipelinePosition(cursor: string, scope: readonly unknown[], agencies: readonly string[]) {
  const [agency = '', dueAt = '', id = ''] = decodeCursor(cursor, scope, 3, PIPELINE);
  if (!agencies.includes(agency)) throw cursorError('not a position in this pipeline');
  if ((dueAt !== '' && !isDeadline(dueAt)) || !isWellFormedId(id)) throw cursorError(`not ${PIPELINE.name}`);
  return { agency, after: { dueAt, id } };
}
