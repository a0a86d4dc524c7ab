import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
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
  catalog: (year: number, publishedAt: string, documentId: string) => ({
    pk: `CATALOG#${year}`,
    sk: `${publishedAt}#${documentId}`,
  }),
};

const IN_FLIGHT = 'INFLIGHT';

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

/** All of gongkai's persistence, on one DynamoDB table. */
export class DynamoRepository implements DocumentStore, TaskStore, PublicationStore, Directory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---- documents -------------------------------------------------------------------------

  async create(doc: DocumentRecord, event: Omit<AuditEvent, 'documentId' | 'from' | 'to'>): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.document(doc.id), ...this.documentIndexes(doc), ...doc },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          this.putEvent({ ...event, documentId: doc.id, from: null, to: doc.status }),
        ],
      }),
    );
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
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: this.transitionItems(id, transition) }));
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new ConflictError(`document ${id} is no longer ${transition.from}; not moved to ${transition.to}`);
      }
      throw err;
    }
    const doc = await this.get(id);
    if (!doc) throw new ConflictError(`document ${id} vanished`);
    return doc;
  }

  async update(id: string, expected: Status, patch: Partial<DocumentRecord>): Promise<void> {
    const u = updateExpression({ ...patch, updatedAt: new Date().toISOString() });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.document(id),
          UpdateExpression: u.expression,
          ConditionExpression: '#status = :expected',
          ExpressionAttributeNames: { ...u.names, '#status': 'status' },
          ExpressionAttributeValues: { ...u.values, ':expected': expected },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new ConflictError(`document ${id} is no longer ${expected}`);
      throw err;
    }
  }

  async claim(id: string, executionId: string, transition: Transition): Promise<boolean> {
    const items = this.transitionItems(id, { ...transition, patch: { ...transition.patch, executionId } });
    const update = items[0]?.Update;
    if (update) update.ConditionExpression = `${update.ConditionExpression} AND attribute_not_exists(executionId)`;
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async takeOver(id: string, fromExecution: string, toExecution: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.document(id),
          UpdateExpression: 'SET executionId = :to',
          ConditionExpression: 'executionId = :from',
          ExpressionAttributeValues: { ':from': fromExecution, ':to': toExecution },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
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

  async open(task: HumanTask, documentTransition?: Transition): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.task(task.id), gsi1pk: `OPEN#${task.assignee}`, gsi1sk: `${task.dueAt}#${task.id}`, ...task },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (documentTransition) items.push(...this.transitionItems(task.documentId, documentTransition));
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (isConditionFailure(err)) throw new ConflictError(`document ${task.documentId} moved while opening a task`);
      throw err;
    }
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
    const task = await this.getTask(id);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.task(id),
          UpdateExpression: u.expression,
          ConditionExpression: '#st = :open',
          ExpressionAttributeNames: { ...u.names, '#st': 'status' },
          ExpressionAttributeValues: { ...u.values, ':open': 'open' },
        },
      },
    ];
    if (documentTransition && task) items.push(...this.transitionItems(task.documentId, documentTransition));
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (isConditionFailure(err)) throw new ConflictError(`task ${id} was already decided`);
      throw err;
    }
  }

  // ---- publication -----------------------------------------------------------------------

  async publish(id: string, input: Parameters<PublicationStore['publish']>[1]): Promise<string> {
    const sequenceKey = keys.sequence(input.agencyCode, input.year);
    // Optimistic: read the counter, then take the next number in the same transaction that
    // publishes. A concurrent publisher makes the condition fail and we retry with a fresh read,
    // so numbers are gap-free and never reused.
    for (let attempt = 0; attempt < 50; attempt++) {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: sequenceKey, ConsistentRead: true }),
      );
      const current = typeof Item?.last === 'number' ? Item.last : 0;
      const next = current + 1;
      const indexNumber = formatIndexNumber(input.agencyCode, input.categoryCode, input.year, next);
      const items: TransactItem[] = [
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
        ...this.transitionItems(id, { ...input.transition, patch: { ...input.transition.patch, indexNumber } }),
      ];
      if (input.catalog) {
        const entry: CatalogEntry = { ...input.catalog, indexNumber };
        items.push({
          Put: {
            TableName: this.tableName,
            Item: { ...keys.catalog(input.year, entry.publishedAt, id), ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      }
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return indexNumber;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const doc = await this.get(id);
        if (doc?.status !== input.transition.from) {
          throw new ConflictError(`document ${id} is no longer ${input.transition.from}`);
        }
        await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
      }
    }
    throw new ConflictError(
      `could not take an index number for ${input.agencyCode}/${input.year}: too much contention`,
    );
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
      .filter(
        (e) =>
          !q ||
          e.title.toLowerCase().includes(q) ||
          e.indexNumber.includes(q) ||
          (e.documentNumber ?? '').toLowerCase().includes(q),
      );
  }

  async linkInterpretation(policy: DocumentRecord, interpretation: InterpretationLink): Promise<void> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.document(policy.id),
          UpdateExpression: 'SET interpretationId = :id',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':id': interpretation.documentId },
        },
      },
    ];
    if (policy.status === 'PUBLISHED' && policy.publishedAt && policy.indexNumber) {
      const year = Number(policy.indexNumber.slice(8, 12));
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.catalog(year, policy.publishedAt, policy.id),
          UpdateExpression: 'SET interpretation = :link',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':link': interpretation },
        },
      });
    }
    await this.client.send(new TransactWriteCommand({ TransactItems: items }));
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

  /** The document's update (conditional on `from`) and its audit event. */
  private transitionItems(id: string, t: Transition): TransactItem[] {
    // Staying put (a task reopened in the same status) is recorded; any other move must be forward.
    if (t.from !== t.to && !canTransition(t.from, t.to)) {
      throw new Error(`illegal status change ${t.from} → ${t.to} for document ${id}`);
    }
    const updatedAt = t.event.at;
    const inFlight = !TERMINAL_STATUSES.has(t.to);
    const u = updateExpression({
      ...t.patch,
      status: t.to,
      updatedAt,
      gsi1pk: inFlight ? IN_FLIGHT : undefined,
      gsi1sk: inFlight ? `${t.to}#${id}` : undefined,
    });
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.document(id),
          UpdateExpression: u.expression,
          ConditionExpression: '#cur = :from',
          ExpressionAttributeNames: { ...u.names, '#cur': 'status' },
          ExpressionAttributeValues: { ...u.values, ':from': t.from },
        },
      },
      this.putEvent({ ...t.event, documentId: id, from: t.from, to: t.to }),
    ];
  }

  private putEvent(event: AuditEvent): TransactItem {
    return { Put: { TableName: this.tableName, Item: { ...keys.event(event.documentId, event.at), ...event } } };
  }

  private documentIndexes(doc: DocumentRecord): Item {
    return {
      gsi1pk: IN_FLIGHT,
      gsi1sk: `${doc.status}#${doc.id}`,
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
