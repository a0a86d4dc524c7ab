import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimItem, ClaimKind, DirectoryImport, DirectoryLogEntry } from '../../../shared/model/directory';
import { type DirectoryConflict, DirectoryConflictError } from '../../../shared/model/errors';
import type { Agency, Department, Identity } from '../../../shared/model/identity';
import type {
  ChangeLogQuery,
  Directory,
  DirectoryClaim,
  DirectoryPut,
  DirectoryWrite,
  TaskMove,
} from '../../../shared/ports';
import { keys, partitions } from './keys';
import { type Item, strip, type Table, type TransactItem } from './table';

/** The key of a directory record and how a conflict names it. */
export function recordKey(put: DirectoryPut) {
  switch (put.kind) {
    case 'agency':
      return { key: keys.agency(put.record.id), name: put.record.id };
    case 'department':
      return {
        key: keys.department(put.record.agency, put.record.id),
        name: `${put.record.agency}/${put.record.id}`,
      };
    case 'user':
      return { key: keys.user(put.record.user), name: put.record.user };
  }
}

/** Conditional on the version read: absent (null), present without a version (0), or exactly it. */
function versionCondition(expected: number | null) {
  if (expected === null) return { ConditionExpression: 'attribute_not_exists(pk)' };
  if (expected === 0) {
    return {
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#version)',
      ExpressionAttributeNames: { '#version': 'version' },
    };
  }
  return {
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': expected },
  };
}

function claimItem(table: Table, claim: DirectoryClaim): TransactItem | undefined {
  const key = keys.claim(claim.kind, claim.value);
  const held =
    claim.expectedOwner === null
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: '#owner = :expected',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':expected': claim.expectedOwner },
        };
  if (claim.owner === null) {
    if (claim.expectedOwner === null) return undefined; // nothing held, nothing to release
    return { Delete: { TableName: table.name, Key: key, ...held } };
  }
  return {
    Put: {
      TableName: table.name,
      Item: { ...key, kind: claim.kind, value: claim.value, owner: claim.owner },
      ...held,
    },
  };
}

function moveItem(table: Table, move: TaskMove): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.task(move.id),
      UpdateExpression: 'SET #assignee = :to, gsi1pk = :listed, reassigned = :reassigned',
      ConditionExpression: '#status = :open AND #assignee = :from',
      ExpressionAttributeNames: { '#assignee': 'assignee', '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': move.to,
        ':from': move.from,
        ':open': 'open',
        ':listed': partitions.openTasks(move.to),
        ':reassigned': { from: move.from, at: move.at, by: move.by },
      },
    },
  };
}

/** Agencies, departments and users: one partition, read per request; its log and claims beside it. */
export class DynamoDirectory implements Directory {
  constructor(private readonly table: Table) {}

  getAgency(id: string) {
    return this.table.get<Agency>(keys.agency(id));
  }

  listAgencies() {
    return this.table.partition<Agency>(partitions.directory, { skPrefix: 'AGENCY#' });
  }

  getDepartment(agency: string, id: string) {
    return this.table.get<Department>(keys.department(agency, id));
  }

  listDepartments() {
    return this.table.partition<Department>(partitions.directory, { skPrefix: 'DEPT#' });
  }

  getUser(user: string) {
    return this.table.get<Identity>(keys.user(user));
  }

  listUsers() {
    return this.table.partition<Identity>(partitions.directory, { skPrefix: 'USER#' });
  }

  putAgency(agency: Agency) {
    return this.table.put({ ...keys.agency(agency.id), ...agency });
  }

  putDepartment(department: Department) {
    return this.table.put({ ...keys.department(department.agency, department.id), ...department });
  }

  putUser(identity: Identity) {
    return this.table.put({ ...keys.user(identity.user), ...identity });
  }

  /** One TransactWriteItems; a failed condition is reported as the part it belongs to. */
  async write(change: DirectoryWrite): Promise<void> {
    const table = this.table;
    const parts: Array<[TransactItem, DirectoryConflict, string]> = [];
    for (const put of change.puts ?? []) {
      const { key, name } = recordKey(put);
      parts.push([
        { Put: { TableName: table.name, Item: { ...key, ...put.record }, ...versionCondition(put.expectedVersion) } },
        put.kind,
        name,
      ]);
    }
    for (const removal of change.removals ?? []) {
      const { key, name } = recordKey(removal);
      parts.push([
        { Delete: { TableName: table.name, Key: key, ...versionCondition(removal.expectedVersion ?? 0) } },
        removal.kind,
        name,
      ]);
    }
    for (const claim of change.claims ?? []) {
      const item = claimItem(table, claim);
      if (item) parts.push([item, 'claim', `${claim.kind} ${claim.value}`]);
    }
    for (const move of change.taskMoves ?? []) parts.push([moveItem(table, move), 'task', move.id]);
    if (change.importStatus) {
      parts.push([
        {
          Put: {
            TableName: table.name,
            Item: { ...keys.directoryImport(change.importStatus.id), ...change.importStatus },
          },
        },
        'log',
        change.importStatus.id,
      ]);
    }
    parts.push([
      {
        Put: {
          TableName: table.name,
          Item: { ...keys.directoryLog(change.log.id), ...change.log },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      'log',
      change.log.id,
    ]);
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: parts.map(([item]) => item) }));
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const failed = (err.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
      const part = failed >= 0 ? parts[failed] : undefined;
      if (!part) throw err;
      throw new DirectoryConflictError(part[1], part[2]);
    }
  }

  async claimOwner(kind: ClaimKind, value: string): Promise<string | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: keys.claim(kind, value), ConsistentRead: true }),
    );
    return typeof Item?.owner === 'string' ? Item.owner : undefined;
  }

  async listClaims(): Promise<ClaimItem[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partitions.directory, ':prefix': 'CLAIM#' },
    });
    return items.map((i) => ({ kind: i.kind as ClaimKind, value: String(i.value), owner: String(i.owner) }));
  }

  /** Newest first, page by page, filtered on the server; stops once `limit` entries are found. */
  async changeLog(query: ChangeLogQuery): Promise<{ entries: DirectoryLogEntry[]; next?: string }> {
    const filters: string[] = [];
    const values: Item = { ':pk': partitions.directoryLog };
    if (query.agency) {
      filters.push('contains(agencies, :agency)');
      values[':agency'] = query.agency;
    }
    if (query.importId) {
      filters.push('importId = :importId');
      values[':importId'] = query.importId;
    }
    const entries: DirectoryLogEntry[] = [];
    let start: Item | undefined = query.before ? keys.directoryLog(query.before) : undefined;
    let more = false;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          ExclusiveStartKey: start,
          Limit: Math.max(query.limit, 25),
        }),
      );
      for (const item of page.Items ?? []) entries.push(strip<DirectoryLogEntry>(item) as DirectoryLogEntry);
      start = page.LastEvaluatedKey;
      more = start !== undefined;
    } while (start && entries.length < query.limit);
    const shown = entries.slice(0, query.limit);
    const last = shown.at(-1);
    return { entries: shown, ...((more || entries.length > query.limit) && last ? { next: last.id } : {}) };
  }

  getImport(id: string) {
    return this.table.get<DirectoryImport>(keys.directoryImport(id), true);
  }

  listImports() {
    return this.table.partition<DirectoryImport>(partitions.directoryImports, { newestFirst: true });
  }
}
