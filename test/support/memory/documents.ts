import { type AuditEvent, type DocumentRecord, TERMINAL_STATUSES } from '../../../shared/model/document';
import { CommitConflictError } from '../../../shared/model/errors';
import {
  type AgencyDocumentsRead,
  type AgencyDocumentsSlice,
  checkStoreLimit,
  listOrder,
  PIPELINE_FIELDS,
  type PipelineEntry,
  type PipelineRead,
  type PipelineSlice,
} from '../../../shared/model/paging';
import type { DocumentCommit, DocumentStore } from '../../../shared/ports';
import { byKey, compareKeys, copy, stored, validationError } from './items';
import { type Operation, validateTransaction } from './operation';
import { catalogPutOperation, catalogUpdateOperation, sequenceOperation } from './publications';
import { scoreChangeOperations } from './scores';
import { type MemoryState, partition } from './state';
import { closeTaskOperation, openTaskOperation, taskDocumentOperation, taskDueOperation } from './tasks';

/** Where a document sorts among its agency's (the byAgency index): registration time, then id. */
const agencySortKey = listOrder.document;
/** Where an in-flight document sorts (the byAssignee index): by id. */
const inFlightSortKey = (doc: DocumentRecord) => doc.id;
/** Where a document sorts in its agency's pipeline (the pipelineByDue index): deadline ('' none yet), then id. */
const pipelineSortKey = listOrder.pipeline;
/** On the pipeline index: in flight and past DRAFT. */
const inPipeline = (doc: DocumentRecord) => !TERMINAL_STATUSES.has(doc.status) && doc.status !== 'DRAFT';

function documentOperation(state: MemoryState, commit: DocumentCommit): Operation {
  const doc = stored(commit.document);
  const current = state.documents.get(doc.id);
  const holds = commit.expectedVersion === null ? current === undefined : current?.version === commit.expectedVersion;
  const inFlight = !TERMINAL_STATUSES.has(doc.status);
  return {
    pk: `DOC#${doc.id}`,
    sk: 'DOC',
    result: {
      ...(inFlight ? { gsi6pk: 'INFLIGHT', gsi6sk: inFlightSortKey(doc) } : {}),
      gsi2pk: `AGENCY#${doc.agency}`,
      gsi2sk: agencySortKey(doc),
      ...(inPipeline(doc) ? { gsi5pk: `PIPELINE#${doc.agency}`, gsi5sk: pipelineSortKey(doc) } : {}),
      ...doc,
    },
    condition: { part: 'document', holds },
    apply: () => state.documents.set(doc.id, doc),
  };
}

/** `EVT#` and the sequence in ten digits, as the DynamoDB adapter keys events: string order is commit order. */
export function eventSortKey(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= 1e10) throw new RangeError(`event sequence ${seq} out of range`);
  return `EVT#${String(seq).padStart(10, '0')}`;
}

/** Append-only: an event is never written over another of its document. */
function eventOperation(state: MemoryState, event: AuditEvent): Operation {
  const item = stored(event);
  const sk = eventSortKey(item.seq);
  return {
    pk: `DOC#${item.documentId}`,
    sk,
    result: item as unknown as Record<string, unknown>,
    condition: { part: 'event-exists', holds: !state.events.get(item.documentId)?.has(sk) },
    apply: () => partition(state.events, item.documentId).set(sk, item),
  };
}

/**
 * The one transaction: every item of the commit is decided against the state as read, the request
 * checked as DynamoDB checks it, then every condition in the order the DynamoDB adapter lists
 * them. The first that fails is reported and nothing is written; otherwise everything is.
 */
export function commitToState(state: MemoryState, commit: DocumentCommit): void {
  const ops: Operation[] = [documentOperation(state, commit)];
  if (commit.event) ops.push(eventOperation(state, commit.event));
  ops.push(...scoreChangeOperations(state, commit.scores));
  for (const task of commit.openTasks ?? []) ops.push(openTaskOperation(state, task));
  if (commit.closeTask) ops.push(closeTaskOperation(state, commit.closeTask));
  for (const change of commit.taskDueChanges ?? []) ops.push(taskDueOperation(state, change));
  const { taskDocuments } = commit;
  for (const id of taskDocuments?.taskIds ?? []) ops.push(taskDocumentOperation(state, id, taskDocuments?.document));
  if (commit.sequence) ops.push(sequenceOperation(state, commit.sequence));
  if (commit.catalogPut) ops.push(catalogPutOperation(state, commit.catalogPut.key, commit.catalogPut.entry));
  if (commit.catalogUpdate) {
    ops.push(catalogUpdateOperation(state, commit.catalogUpdate.key, commit.catalogUpdate.patch));
  }
  validateTransaction(ops);
  const failed = ops.find((op) => op.condition && !op.condition.holds)?.condition?.part;
  if (failed) throw new CommitConflictError(failed, commit.document.id);
  for (const op of ops) op.apply();
}

export class MemoryDocuments implements DocumentStore {
  constructor(private readonly state: MemoryState) {}

  private all(): DocumentRecord[] {
    return [...this.state.documents.values()];
  }

  private ofAgency(agency: string): DocumentRecord[] {
    return this.all()
      .filter((d) => d.agency === agency)
      .sort(byKey(agencySortKey));
  }

  async get(id: string): Promise<DocumentRecord | undefined> {
    const doc = this.state.documents.get(id);
    return doc ? copy(doc) : undefined;
  }

  async history(id: string): Promise<AuditEvent[]> {
    const events = this.state.events.get(id);
    if (!events) return [];
    return [...events.entries()].sort(byKey(([sk]) => sk)).map(([, e]) => copy(e));
  }

  async listByAgency(agency: string, limit = 100): Promise<DocumentRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) throw validationError('Limit must be greater than or equal to 1');
    return this.ofAgency(agency).reverse().slice(0, limit).map(copy);
  }

  async listAllByAgency(agency: string): Promise<DocumentRecord[]> {
    return this.ofAgency(agency).map(copy);
  }

  /** BETWEEN on the index key (both ends included), then registered strictly before `to`. */
  async listRegisteredBetween(agency: string, from: string, to: string): Promise<DocumentRecord[]> {
    if (compareKeys(from, to) > 0) {
      throw validationError(
        'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
      );
    }
    return this.ofAgency(agency)
      .filter((d) => compareKeys(agencySortKey(d), from) >= 0 && compareKeys(agencySortKey(d), to) <= 0)
      .filter((d) => d.createdAt < to)
      .map(copy);
  }

  async listInFlight(): Promise<DocumentRecord[]> {
    return this.all()
      .filter((d) => !TERMINAL_STATUSES.has(d.status))
      .sort(byKey(inFlightSortKey))
      .map(copy);
  }

  /** As one Query of the agency's key on byAgency: newest first, before the position, `next` whenever `limit` were read. */
  async agencyPage(read: AgencyDocumentsRead): Promise<AgencyDocumentsSlice> {
    checkStoreLimit(read.limit, "an agency's documents");
    const before = read.after ? agencySortKey(read.after) : undefined;
    const page = this.ofAgency(read.agency)
      .reverse()
      .filter((d) => before === undefined || compareKeys(agencySortKey(d), before) < 0)
      .slice(0, read.limit)
      .map(copy);
    this.counted(page.length);
    const last = page.at(-1);
    return {
      documents: page,
      ...(page.length === read.limit && last ? { next: { createdAt: last.createdAt, id: last.id } } : {}),
    };
  }

  /** As one Query of the agency's key on pipelineByDue: its projection only, after the position. */
  async pipelinePage(read: PipelineRead): Promise<PipelineSlice> {
    checkStoreLimit(read.limit, "an agency's pipeline");
    const after = read.after ? pipelineSortKey(read.after) : undefined;
    const page = this.all()
      .filter((d) => d.agency === read.agency && inPipeline(d))
      .filter((d) => after === undefined || compareKeys(pipelineSortKey(d), after) > 0)
      .sort(byKey(pipelineSortKey))
      .slice(0, read.limit)
      .map(projected);
    this.counted(page.length);
    const last = page.at(-1);
    return {
      entries: page,
      ...(page.length === read.limit && last ? { next: { dueAt: last.dueAt ?? '', id: last.id } } : {}),
    };
  }

  private counted(items: number) {
    this.state.listReads.items += items;
    this.state.listReads.queries += 1;
  }

  async commit(commit: DocumentCommit): Promise<void> {
    commitToState(this.state, commit);
  }
}

/** What the pipeline index projects of a document. */
function projected(doc: DocumentRecord): PipelineEntry {
  const entry: Record<string, unknown> = {};
  for (const field of PIPELINE_FIELDS) if (doc[field] !== undefined) entry[field] = doc[field];
  return copy(entry) as unknown as PipelineEntry;
}
