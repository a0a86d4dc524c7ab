import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../../shared/model/errors';
import { checkStoreLimit, type OpenTasksRead, type OpenTasksSlice } from '../../../shared/model/paging';
import type { HumanTask, TaskDocument } from '../../../shared/model/task';
import type { TaskClosure, TaskDueChange, TaskStore } from '../../../shared/ports';
import { keys, partitions, taskListSortKey } from './keys';
import { isConditionFailure, strip, type Table, type TransactItem, updateExpression } from './table';

/** A new open task, listed for its assignee by due date (byAssignee index). */
export function openTaskItem(table: Table, task: HumanTask): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...keys.task(task.id),
        gsi1pk: partitions.openTasks(task.assignee),
        gsi1sk: taskListSortKey(task),
        ...task,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Closes a task that is still open, and takes it off its assignee's list. */
export function closeTaskItem(table: Table, closure: TaskClosure): TransactItem {
  const { id, ...fields } = closure;
  const u = updateExpression({ ...fields, gsi1pk: undefined, gsi1sk: undefined });
  return {
    Update: {
      TableName: table.name,
      Key: keys.task(id),
      UpdateExpression: u.expression,
      ConditionExpression: '#st = :open',
      ExpressionAttributeNames: { ...u.names, '#st': 'status' },
      ExpressionAttributeValues: { ...u.values, ':open': 'open' },
    },
  };
}

/** Moves an open task's due date, and its place on its assignee's list, if it is still due `from`. */
export function taskDueItem(table: Table, change: TaskDueChange): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.task(change.id),
      UpdateExpression: 'SET #due = :to, gsi1sk = :sort',
      ConditionExpression: '#st = :open AND #due = :from',
      ExpressionAttributeNames: { '#due': 'dueAt', '#st': 'status' },
      ExpressionAttributeValues: {
        ':to': change.to,
        ':sort': taskListSortKey({ dueAt: change.to, id: change.id }),
        ':open': 'open',
        ':from': change.from,
      },
    },
  };
}

/** Writes a task's copy of its document again (the document's deadline moved). */
export function taskDocumentItem(table: Table, id: string, document: TaskDocument | undefined): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.task(id),
      UpdateExpression: 'SET #document = :document',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#document': 'document' },
      ExpressionAttributeValues: { ':document': document },
    },
  };
}

export class DynamoTasks implements TaskStore {
  constructor(private readonly table: Table) {}

  getTask(id: string): Promise<HumanTask | undefined> {
    return this.table.get<HumanTask>(keys.task(id), true);
  }

  async listOpen(assignees: readonly string[]): Promise<HumanTask[]> {
    const lists = await Promise.all(
      assignees.map((assignee) =>
        this.table.queryAll({
          IndexName: 'byAssignee',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': partitions.openTasks(assignee) },
        }),
      ),
    );
    return lists
      .flat()
      .map((i) => strip<HumanTask>(i) as HumanTask)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  }

  /** One Query of the assignee's key on byAssignee, after the position's sort key (a key condition, not a start key). */
  async openPage(read: OpenTasksRead): Promise<OpenTasksSlice> {
    checkStoreLimit(read.limit, 'open tasks');
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'byAssignee',
        KeyConditionExpression: read.after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': partitions.openTasks(read.assignee),
          ...(read.after ? { ':after': taskListSortKey(read.after) } : {}),
        },
        Limit: read.limit,
      }),
    );
    const tasks = (page.Items ?? []).map((i) => strip<HumanTask>(i) as HumanTask);
    const last = tasks.at(-1);
    return { tasks, ...(page.LastEvaluatedKey && last ? { next: { dueAt: last.dueAt, id: last.id } } : {}) };
  }

  async refreshToken(id: string, taskToken: string): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.task(id),
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': taskToken, ':open': 'open' },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new ConflictError(`task ${id} is not open`);
      throw err;
    }
  }

  async close(closure: TaskClosure): Promise<void> {
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [closeTaskItem(this.table, closure)] }));
    } catch (err) {
      if (isConditionFailure(err)) throw new ConflictError(`task ${closure.id} was already decided`);
      throw err;
    }
  }
}
