import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CatalogEntry, CatalogQuery, InterpretationLink } from '../../shared/model/catalog';
import {
  type AuditEvent,
  canTransition,
  type DocumentRecord,
  type Status,
  TERMINAL_STATUSES,
} from '../../shared/model/document';
import { ConflictError } from '../../shared/model/errors';
import type { Agency, Department, Identity } from '../../shared/model/identity';
import type { HumanTask } from '../../shared/model/task';
import { formatIndexNumber } from '../../shared/pipeline/index-number';
import type { Directory, DocumentStore, PublicationStore, TaskStore, Transition } from '../../shared/ports';
import { type EvidenceItem, evidenceOf, openEntry, type ScoreCounterItem } from '../../shared/scores/annual';
import { COUNTERS, type Counters, type ScoreFacts, scoreFacts } from '../../shared/scores/facts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Key layout of the single table (see shared/storage-keys.ts for the indexes). */
export const keys = {
  document: (id: string) => ({ pk: `DOC#${id}`, sk: 'DOC' }),
  event: (id: string, at: string) => ({ pk: `DOC#${id}`, sk: `EVT#${at}#${randomUUID().slice(0, 8)}` }),
  task: (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' }),
  agency: (id: string) => ({ pk: 'DIRECTORY', sk: `AGENCY#${id}` }),
  department: (agency: string, id: string) => ({ pk: 'DIRECTORY', sk: `DEPT#${agency}#${id}` }),
  user: (user: string) => ({ pk: 'DIRECTORY', sk: `USER#${user}` }),
  sequence: (agency: string, year: number) => ({ pk: `SEQ#${agency}#${year}`, sk: 'SEQ' }),
  evidence: (year: number, agency: string, documentId: string) => ({
    pk: `EVIDENCE#${year}#${agency}`,
    sk: documentId,
  }),
  catalog: (year: number, publishedAt: string, documentId: string) => ({
    pk: `CATALOG#${year}`,
    sk: `${publishedAt}#${documentId}`,
  }),
};

const IN_FLIGHT = 'INFLIGHT';
const PUBLIC_STATUSES: ReadonlySet<Status> = new Set(['PUBLISHED', 'CORRECTED', 'WITHDRAWN']);

/** The next version of a document: the patch applied (undefined removes), status and time set. */
function apply(doc: DocumentRecord, patch: Partial<DocumentRecord>, status: Status, at: string): DocumentRecord {
  const next: Record<string, unknown> = { ...doc, ...patch, status, updatedAt: at };
  for (const [key, value] of Object.entries(next)) if (value === undefined) delete next[key];
  return next as unknown as DocumentRecord;
}

function counterValues(item: Item): Counters {
  return Object.fromEntries(COUNTERS.map((name) => [name, Number(item[name] ?? 0)])) as Counters;
}

function strip<T>(item: Item | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item;
  return rest as T;
}

function isConditionFailure(err: unknown): boolean {
  if (err instanceof Error && err.name === 'ConditionalCheckFailedException') return true;
  return (
    err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

/** Builds `SET a = :a, ... REMOVE b` for a patch; undefined values are removed. */
function updateExpression(patch: Item, prefix = 'p') {
  const names: Record<string, string> = {};
  const values: Item = {};
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(patch).forEach(([name, value], i) => {
    names[`#${prefix}${i}`] = name;
    if (value === undefined) removes.push(`#${prefix}${i}`);
    else {
      values[`:${prefix}${i}`] = value;
      sets.push(`#${prefix}${i} = :${prefix}${i}`);
    }
  });
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return { expression, names, values };
}

/** A document write: the next version of the document, its audit event and any items that go with it. */
interface Mutation {
  readonly next: DocumentRecord;
  readonly event?: AuditEvent;
  readonly extra?: TransactItem[];
  /** Retry (re-reading everything) when an extra item's condition fails, e.g. a taken index number. */
  readonly retryOnExtraConflict?: boolean;
  /** The error when an extra item's condition fails and it is not retried. */
  readonly extraConflict?: string;
}

/** build() may decline to write, returning this value to the caller instead. */
class NoWrite<T> {
  constructor(readonly value: T) {}
}

const MAX_ATTEMPTS = 50;

/** All of gongkai's persistence, on one DynamoDB table. */
export class DynamoRepository implements DocumentStore, TaskStore, PublicationStore, Directory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---- documents -------------------------------------------------------------------------

  async create(doc: DocumentRecord, event: Omit<AuditEvent, 'documentId' | 'from' | 'to'>): Promise<void> {
    await this.mutate(doc.id, (existing) => {
      if (existing) throw new ConflictError(`document ${doc.id} exists`);
      return { next: doc, event: { ...event, documentId: doc.id, from: null, to: doc.status } };
    });
  }

  async get(id: string): Promise<DocumentRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.document(id), ConsistentRead: true }),
    );
    return strip<DocumentRecord>(Item);
  }

  async history(id: string): Promise<AuditEvent[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': `DOC#${id}`, ':evt': 'EVT#' },
      ConsistentRead: true,
    });
    return items.map((i) => strip<AuditEvent>(i) as AuditEvent);
  }

  async listByAgency(agency: string, limit = 100): Promise<DocumentRecord[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byAgency',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `AGENCY#${agency}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => strip<DocumentRecord>(i) as DocumentRecord);
  }

  async listRegisteredBetween(agency: string, from: string, to: string): Promise<DocumentRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byAgency',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `AGENCY#${agency}`, ':from': from, ':to': to },
    });
    return items.map((i) => strip<DocumentRecord>(i) as DocumentRecord).filter((d) => d.createdAt < to);
  }

  async recordQuery(doc: DocumentRecord): Promise<CatalogEntry | undefined> {
    if (!doc.publishedAt || !doc.indexNumber) return undefined;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.catalog(Number(doc.indexNumber.slice(8, 12)), doc.publishedAt, doc.id),
          UpdateExpression: 'ADD queries :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<CatalogEntry>(Attributes);
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  /** Every document of an agency (rebuilding scores); pages through the agency index. */
  async listAllByAgency(agency: string): Promise<DocumentRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byAgency',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `AGENCY#${agency}` },
    });
    return items.map((i) => strip<DocumentRecord>(i) as DocumentRecord);
  }

  async listInFlight(): Promise<DocumentRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byAssignee',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': IN_FLIGHT },
    });
    return items.map((i) => strip<DocumentRecord>(i) as DocumentRecord);
  }

  async transition(id: string, transition: Transition): Promise<DocumentRecord> {
    return this.mutate(id, (doc) => this.moved(id, doc, transition));
  }

  async update(id: string, expected: Status, patch: Partial<DocumentRecord>): Promise<void> {
    await this.mutate(id, (doc) => {
      if (doc?.status !== expected) throw new ConflictError(`document ${id} is no longer ${expected}`);
      return { next: apply(doc, patch, doc.status, doc.updatedAt) };
    });
  }

  async claim(id: string, executionId: string, transition: Transition): Promise<boolean> {
    const claimed = await this.mutate(id, (doc) => {
      if (!doc || doc.executionId !== undefined || doc.status !== transition.from) return new NoWrite(false);
      const patch = transition.patch;
      return this.moved(id, doc, {
        ...transition,
        patch: (current) => ({ ...(typeof patch === 'function' ? patch(current) : patch), executionId }),
      });
    });
    return claimed !== false;
  }

  async takeOver(id: string, fromExecution: string, toExecution: string): Promise<boolean> {
    const took = await this.mutate(id, (doc) => {
      if (!doc || doc.executionId !== fromExecution) return new NoWrite(false);
      return { next: apply(doc, { executionId: toExecution }, doc.status, doc.updatedAt) };
    });
    return took !== false;
  }

  // ---- tasks -----------------------------------------------------------------------------

  async getTask(id: string): Promise<HumanTask | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.task(id), ConsistentRead: true }),
    );
    return strip<HumanTask>(Item);
  }

  async listOpen(assignees: readonly string[]): Promise<HumanTask[]> {
    const lists = await Promise.all(
      assignees.map((assignee) =>
        this.queryAll({
          TableName: this.tableName,
          IndexName: 'byAssignee',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `OPEN#${assignee}` },
        }),
      ),
    );
    return lists
      .flat()
      .map((i) => strip<HumanTask>(i) as HumanTask)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  async open(tasks: readonly HumanTask[], documentTransition?: Transition): Promise<void> {
    const taskItems: TransactItem[] = tasks.map((task) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...keys.task(task.id), gsi1pk: `OPEN#${task.assignee}`, gsi1sk: `${task.dueAt}#${task.id}`, ...task },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const documentId = tasks[0]?.documentId;
    if (!documentTransition || !documentId) {
      await this.client.send(new TransactWriteCommand({ TransactItems: taskItems }));
      return;
    }
    await this.mutate(documentId, (doc) => ({
      ...this.moved(documentId, doc, documentTransition),
      extra: taskItems,
      extraConflict: `a task for ${documentId} exists`,
    }));
  }

  async refreshToken(id: string, taskToken: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.task(id),
        UpdateExpression: 'SET taskToken = :token',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': taskToken, ':open': 'open' },
      }),
    );
  }

  async close(
    id: string,
    decision: Pick<HumanTask, 'decision' | 'decidedBy' | 'decidedAt' | 'comment'> & { status?: 'closed' | 'expired' },
    documentTransition?: Transition,
  ): Promise<void> {
    const { status = 'closed', ...fields } = decision;
    const u = updateExpression({ ...fields, status, gsi1pk: undefined, gsi1sk: undefined });
    const closeTask: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.task(id),
        UpdateExpression: u.expression,
        ConditionExpression: '#st = :open',
        ExpressionAttributeNames: { ...u.names, '#st': 'status' },
        ExpressionAttributeValues: { ...u.values, ':open': 'open' },
      },
    };
    const task = documentTransition ? await this.getTask(id) : undefined;
    if (!task || !documentTransition) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: [closeTask] }));
      } catch (err) {
        if (isConditionFailure(err)) throw new ConflictError(`task ${id} was already decided`);
        throw err;
      }
      return;
    }
    await this.mutate(task.documentId, (doc) => ({
      ...this.moved(task.documentId, doc, documentTransition),
      extra: [closeTask],
      extraConflict: `task ${id} was already decided`,
    }));
  }

  // ---- publication -----------------------------------------------------------------------

  async publish(id: string, input: Parameters<PublicationStore['publish']>[1]): Promise<string> {
    const sequenceKey = keys.sequence(input.agencyCode, input.year);
    // Optimistic: read the counter, then take the next number in the same transaction that
    // publishes. A concurrent publisher makes the condition fail and we retry with a fresh read,
    // so numbers are gap-free and never reused.
    const published = await this.mutate(id, async (doc) => {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: sequenceKey, ConsistentRead: true }),
      );
      const current = typeof Item?.last === 'number' ? Item.last : 0;
      const next = current + 1;
      const indexNumber = formatIndexNumber(input.agencyCode, input.categoryCode, input.year, next);
      const mutation = this.moved(id, doc, {
        ...input.transition,
        patch: { ...input.transition.patch, indexNumber },
      });
      const extra: TransactItem[] = [
        {
          Update: {
            TableName: this.tableName,
            Key: sequenceKey,
            UpdateExpression: 'SET #last = :next',
            ConditionExpression: current === 0 ? 'attribute_not_exists(#last)' : '#last = :current',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: current === 0 ? { ':next': next } : { ':next': next, ':current': current },
          },
        },
      ];
      if (input.catalog) {
        const entry: CatalogEntry = { ...input.catalog, indexNumber };
        extra.push({
          Put: {
            TableName: this.tableName,
            Item: { ...keys.catalog(input.year, entry.publishedAt, id), ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      }
      return { ...mutation, extra, retryOnExtraConflict: true };
    });
    if (!published.indexNumber) throw new Error(`document ${id} was published without an index number`);
    return published.indexNumber;
  }

  async catalog(query: CatalogQuery): Promise<CatalogEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CATALOG#${query.year}` },
      ScanIndexForward: false,
    });
    const q = query.q?.trim().toLowerCase();
    return items
      .map((i) => strip<CatalogEntry>(i) as CatalogEntry)
      .filter((e) => !query.agency || e.agency === query.agency)
      .filter((e) => !query.category || e.category === query.category)
      .filter(
        (e) =>
          !q ||
          e.title.toLowerCase().includes(q) ||
          e.indexNumber.includes(q) ||
          (e.documentNumber ?? '').toLowerCase().includes(q),
      );
  }

  async linkInterpretation(policyId: string, interpretation: InterpretationLink, linkedAt: string): Promise<void> {
    await this.mutate(policyId, (doc) => {
      if (!doc) throw new ConflictError(`policy ${policyId} vanished`);
      const extra: TransactItem[] = [];
      if (doc.publishedAt && doc.indexNumber && PUBLIC_STATUSES.has(doc.status)) {
        extra.push({
          Update: {
            TableName: this.tableName,
            Key: keys.catalog(Number(doc.indexNumber.slice(8, 12)), doc.publishedAt, doc.id),
            UpdateExpression: 'SET interpretation = :link',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':link': interpretation },
          },
        });
      }
      const patch = { interpretationId: interpretation.documentId, interpretationLinkedAt: linkedAt };
      return { next: apply(doc, patch, doc.status, doc.updatedAt), extra };
    });
  }

  /** Updates a published document's catalogue entry together with the document (更正 / 撤回). */
  async amendPublished(
    id: string,
    transition: Transition,
    catalogPatch: Partial<CatalogEntry> & Item,
  ): Promise<DocumentRecord> {
    return this.mutate(id, (doc) => {
      const mutation = this.moved(id, doc, transition);
      if (!doc?.publishedAt || !doc.indexNumber) throw new ConflictError(`document ${id} is not in the catalogue`);
      const u = updateExpression(catalogPatch as Item);
      const extra: TransactItem[] = [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.catalog(Number(doc.indexNumber.slice(8, 12)), doc.publishedAt, doc.id),
            UpdateExpression: u.expression,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: u.names,
            ExpressionAttributeValues: u.values,
          },
        },
      ];
      return { ...mutation, extra };
    });
  }

  // ---- scores ----------------------------------------------------------------------------

  /** The pre-aggregated counters of one year: one item per agency with documents due. */
  async scoreCounters(year: number): Promise<ScoreCounterItem[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `SCORE#${year}` },
    });
    return items.map((i) => ({
      ...counterValues(i),
      agency: String(i.agency),
      year,
      open: [...((i.openDue as Set<string>) ?? [])],
    }));
  }

  async scoreYears(): Promise<number[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SCORE_YEARS' },
      }),
    );
    return Items.map((i) => Number(i.year)).sort();
  }

  async evidence(agency: string, year: number): Promise<EvidenceItem[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `EVIDENCE#${year}#${agency}` },
    });
    return items.map((i) => strip<EvidenceItem>(i) as EvidenceItem);
  }

  /** Replaces the counters and evidence of a year with recomputed ones (the rebuild command). */
  async replaceScores(year: number, counters: ScoreCounterItem[], evidence: EvidenceItem[]): Promise<void> {
    const stale = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `SCORE#${year}` },
    });
    const keep = new Set(counters.map((c) => c.agency));
    const writes: TransactItem[] = [
      ...stale
        .filter((i) => !keep.has(String(i.agency)))
        .map((i) => ({ Delete: { TableName: this.tableName, Key: { pk: String(i.pk), sk: String(i.sk) } } })),
      ...counters.map((c) => ({
        Put: {
          TableName: this.tableName,
          Item: {
            pk: `SCORE#${year}`,
            sk: `AGENCY#${c.agency}`,
            agency: c.agency,
            year,
            ...Object.fromEntries(COUNTERS.map((name) => [name, c[name]])),
            ...(c.open.length ? { openDue: new Set(c.open) } : {}),
          },
        },
      })),
    ];
    for (const agency of new Set([...keep, ...stale.map((i) => String(i.agency))])) {
      const old = await this.evidence(agency, year);
      for (const e of old)
        writes.push({ Delete: { TableName: this.tableName, Key: keys.evidence(year, agency, e.documentId) } });
    }
    for (const e of evidence)
      writes.push({
        Put: { TableName: this.tableName, Item: { ...keys.evidence(e.year, e.agency, e.documentId), ...e } },
      });
    if (counters.length)
      writes.push({ Put: { TableName: this.tableName, Item: { pk: 'SCORE_YEARS', sk: String(year), year } } });
    // Deletes before puts of the same key: run in order, in chunks (not one transaction).
    for (const item of writes) {
      if (item.Delete) await this.client.send(new DeleteCommand(item.Delete));
      if (item.Put) await this.client.send(new PutCommand(item.Put));
    }
  }

  // ---- directory -------------------------------------------------------------------------

  async getAgency(id: string): Promise<Agency | undefined> {
    return this.getItem<Agency>(keys.agency(id));
  }

  async listAgencies(): Promise<Agency[]> {
    return this.listDirectory<Agency>('AGENCY#');
  }

  async getDepartment(agency: string, id: string): Promise<Department | undefined> {
    return this.getItem<Department>(keys.department(agency, id));
  }

  async listDepartments(): Promise<Department[]> {
    return this.listDirectory<Department>('DEPT#');
  }

  async getUser(user: string): Promise<Identity | undefined> {
    return this.getItem<Identity>(keys.user(user));
  }

  async listUsers(): Promise<Identity[]> {
    return this.listDirectory<Identity>('USER#');
  }

  async putAgency(agency: Agency) {
    await this.put({ ...keys.agency(agency.id), ...agency });
  }

  async putDepartment(department: Department) {
    await this.put({ ...keys.department(department.agency, department.id), ...department });
  }

  async putUser(identity: Identity) {
    await this.put({ ...keys.user(identity.user), ...identity });
  }

  // ---- helpers ---------------------------------------------------------------------------

  /**
   * Every document write goes through here: read, build the next version, and write it in one
   * transaction with its audit event, the score counters and evidence it changes, and any items
   * that must change with it — conditional on the version read, retried if someone wrote first.
   */
  private async mutate<T = DocumentRecord>(
    id: string,
    build: (doc: DocumentRecord | undefined) => Mutation | NoWrite<T> | Promise<Mutation | NoWrite<T>>,
  ): Promise<DocumentRecord | T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.get(id);
      const mutation = await build(doc);
      if (mutation instanceof NoWrite) return mutation.value;
      const next: DocumentRecord = { ...mutation.next, version: (doc?.version ?? 0) + 1 };
      const items: TransactItem[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.document(id), ...this.documentIndexes(next), ...next },
            ConditionExpression: doc ? '#version = :version' : 'attribute_not_exists(pk)',
            ...(doc
              ? {
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': doc.version ?? 0 },
                }
              : {}),
          },
        },
        ...(mutation.event ? [this.putEvent(mutation.event)] : []),
        ...this.scoreItems(doc, next),
        ...(mutation.extra ?? []),
      ];
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return next;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : [];
        const documentLost = reasons[0]?.Code === 'ConditionalCheckFailed';
        if (!documentLost && !mutation.retryOnExtraConflict) {
          throw new ConflictError(mutation.extraConflict ?? `document ${id} changed while writing`);
        }
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      }
    }
    throw new ConflictError(`document ${id}: too much contention, gave up after ${MAX_ATTEMPTS} attempts`);
  }

  /** A status change from `from` (checked), with its audit event. */
  private moved(id: string, doc: DocumentRecord | undefined, t: Transition): Mutation {
    if (!doc || doc.status !== t.from) {
      throw new ConflictError(`document ${id} is ${doc?.status ?? 'missing'}, not ${t.from}; not moved to ${t.to}`);
    }
    // Staying put (a task reopened in the same status) is recorded; any other move must be forward.
    if (t.from !== t.to && !canTransition(t.from, t.to)) {
      throw new Error(`illegal status change ${t.from} → ${t.to} for document ${id}`);
    }
    const patch = typeof t.patch === 'function' ? t.patch(doc) : (t.patch ?? {});
    return {
      next: apply(doc, patch, t.to, t.event.at),
      event: { ...t.event, documentId: id, from: t.from, to: t.to },
    };
  }

  /** The counter and evidence writes that keep pre-aggregated scores in step with a document. */
  private scoreItems(before: DocumentRecord | undefined, after: DocumentRecord): TransactItem[] {
    const was = scoreFacts(before);
    const now = scoreFacts(after);
    const items: TransactItem[] = [];
    const keyOf = (f: ScoreFacts) => `${f.year}#${f.agency}`;
    const touched = new Map<string, { agency: string; year: number }>();
    for (const f of [was, now]) if (f) touched.set(keyOf(f), { agency: f.agency, year: f.year });
    for (const [key, { agency, year }] of touched) {
      const old = was && keyOf(was) === key ? was : undefined;
      const cur = now && keyOf(now) === key ? now : undefined;
      const adds: string[] = [];
      const values: Item = { ':agency': agency, ':year': year };
      COUNTERS.forEach((name, i) => {
        const delta = (cur?.counters[name] ?? 0) - (old?.counters[name] ?? 0);
        if (delta !== 0) {
          adds.push(`${name} :d${i}`);
          values[`:d${i}`] = delta;
        }
      });
      const oldOpen = old?.openUntil ? openEntry(after.id, old) : undefined;
      const curOpen = cur?.openUntil ? openEntry(after.id, cur) : undefined;
      let del = '';
      if (curOpen && curOpen !== oldOpen) {
        adds.push('openDue :open');
        values[':open'] = new Set([curOpen]);
      }
      if (oldOpen && oldOpen !== curOpen) {
        del = ' DELETE openDue :closed';
        values[':closed'] = new Set([oldOpen]);
      }
      if (adds.length === 0 && !del) continue;
      items.push({
        Update: {
          TableName: this.tableName,
          Key: { pk: `SCORE#${year}`, sk: `AGENCY#${agency}` },
          UpdateExpression: `SET agency = :agency, #year = :year${adds.length ? ` ADD ${adds.join(', ')}` : ''}${del}`,
          ExpressionAttributeNames: { '#year': 'year' },
          ExpressionAttributeValues: values,
        },
      });
      if (!was || keyOf(was) !== key) {
        // The first document due in a year makes the year selectable.
        items.push({ Put: { TableName: this.tableName, Item: { pk: 'SCORE_YEARS', sk: String(year), year } } });
      }
    }
    const evidence = now ? evidenceOf(after, now) : undefined;
    if (evidence) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...keys.evidence(evidence.year, evidence.agency, after.id), ...evidence },
        },
      });
    }
    if (was && (!evidence || keyOf(was) !== `${evidence.year}#${evidence.agency}`)) {
      items.push({ Delete: { TableName: this.tableName, Key: keys.evidence(was.year, was.agency, after.id) } });
    }
    return items;
  }

  private putEvent(event: AuditEvent): TransactItem {
    return { Put: { TableName: this.tableName, Item: { ...keys.event(event.documentId, event.at), ...event } } };
  }

  private documentIndexes(doc: DocumentRecord): Item {
    const inFlight = !TERMINAL_STATUSES.has(doc.status);
    return {
      ...(inFlight ? { gsi1pk: IN_FLIGHT, gsi1sk: `${doc.status}#${doc.id}` } : {}),
      gsi2pk: `AGENCY#${doc.agency}`,
      gsi2sk: `${doc.createdAt}#${doc.id}`,
    };
  }

  private async getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return strip<T>(Item);
  }

  private async put(item: Item) {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  private async listDirectory<T>(prefix: string): Promise<T[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'DIRECTORY', ':prefix': prefix },
    });
    return items.map((i) => strip<T>(i) as T);
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}
