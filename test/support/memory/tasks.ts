import { ConflictError } from '../../../shared/model/errors';
import { checkStoreLimit, listOrder, type OpenTasksRead, type OpenTasksSlice } from '../../../shared/model/paging';
import type { HumanTask, TaskDocument } from '../../../shared/model/task';
import type { TaskClosure, TaskDueChange, TaskStore } from '../../../shared/ports';
import { byKey, compareKeys, copy, patched, stored } from './items';
import type { Operation } from './operation';
import type { MemoryState, StoredTask } from './state';

const taskKey = (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' });
/** Where an open task sorts on its assignee's list (the byAssignee index): due, then id. */
const listSortKey = listOrder.task;

/** A new task, listed for its assignee by due date; conditional on no task with its id (open or not). */
export function openTaskOperation(state: MemoryState, task: HumanTask): Operation {
  const item = stored(task);
  const listedFor = { assignee: item.assignee, sort: listSortKey(item) };
  return {
    ...taskKey(task.id),
    result: { gsi1pk: `OPEN#${item.assignee}`, gsi1sk: listedFor.sort, ...item },
    condition: { part: 'task-exists', holds: !state.tasks.has(task.id) },
    apply: () => state.tasks.set(task.id, { item, listedFor }),
  };
}

/** The task as a closure leaves it: its fields set (undefined removes), off its assignee's list. */
function closed(current: StoredTask | undefined, closure: TaskClosure): StoredTask | undefined {
  if (current?.item.status !== 'open') return undefined;
  const { id: _id, ...fields } = closure;
  return { item: patched(current.item, fields) };
}

/** Closes a task that is still open; a missing or decided task fails the condition. */
export function closeTaskOperation(state: MemoryState, closure: TaskClosure): Operation {
  const current = state.tasks.get(closure.id);
  const next = closed(current, closure);
  return {
    ...taskKey(closure.id),
    ...(next ? { result: next.item as unknown as Record<string, unknown> } : {}),
    condition: { part: 'task-closed', holds: next !== undefined },
    apply: () => {
      if (next) state.tasks.set(closure.id, next);
    },
  };
}

/** Moves an open task's due date (and its place on its assignee's list) if it is still due `from`. */
export function taskDueOperation(state: MemoryState, change: TaskDueChange): Operation {
  const current = state.tasks.get(change.id);
  const holds = current?.item.status === 'open' && current.item.dueAt === change.from;
  const item = current ? patched(current.item, { dueAt: change.to }) : undefined;
  return {
    ...taskKey(change.id),
    ...(item ? { result: item as unknown as Record<string, unknown> } : {}),
    condition: { part: 'task-due', holds },
    apply: () => {
      if (!current || !item) return;
      const listedFor = current.listedFor && {
        ...current.listedFor,
        sort: listSortKey({ dueAt: change.to, id: change.id }),
      };
      state.tasks.set(change.id, { item, ...(listedFor ? { listedFor } : {}) });
    },
  };
}

/** Writes a task's copy of its document again; the task must exist. */
export function taskDocumentOperation(state: MemoryState, id: string, document: TaskDocument | undefined): Operation {
  const current = state.tasks.get(id);
  const item = current ? patched(current.item, { document }) : undefined;
  return {
    ...taskKey(id),
    ...(item ? { result: item as unknown as Record<string, unknown> } : {}),
    condition: { part: 'task-missing', holds: current !== undefined },
    apply: () => {
      if (current && item) state.tasks.set(id, { ...current, item });
    },
  };
}

export class MemoryTasks implements TaskStore {
  constructor(private readonly state: MemoryState) {}

  async getTask(id: string): Promise<HumanTask | undefined> {
    const task = this.state.tasks.get(id);
    return task ? copy(task.item) : undefined;
  }

  async listOpen(assignees: readonly string[]): Promise<HumanTask[]> {
    const tasks = [...this.state.tasks.values()];
    return assignees
      .flatMap((assignee) =>
        tasks
          .filter((t) => t.listedFor?.assignee === assignee)
          .sort(byKey((t) => t.listedFor?.sort ?? ''))
          .map((t) => copy(t.item)),
      )
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  }

  /** As one Query of the assignee's key: after the position, at most `limit`, `next` whenever `limit` were read. */
  async openPage(read: OpenTasksRead): Promise<OpenTasksSlice> {
    checkStoreLimit(read.limit, 'open tasks');
    const after = read.after ? listSortKey(read.after) : undefined;
    const page = [...this.state.tasks.values()]
      .filter((t) => t.listedFor?.assignee === read.assignee)
      .filter((t) => after === undefined || compareKeys(t.listedFor?.sort ?? '', after) > 0)
      .sort(byKey((t) => t.listedFor?.sort ?? ''))
      .slice(0, read.limit)
      .map((t) => copy(t.item));
    this.state.listReads.items += page.length;
    this.state.listReads.queries += 1;
    const last = page.at(-1);
    return { tasks: page, ...(page.length === read.limit && last ? { next: { dueAt: last.dueAt, id: last.id } } : {}) };
  }

  async refreshToken(id: string, taskToken: string): Promise<void> {
    const task = this.state.tasks.get(id);
    if (task?.item.status !== 'open') throw new ConflictError(`task ${id} is not open`);
    this.state.tasks.set(id, { ...task, item: patched(task.item, { taskToken }) });
  }

  async close(closure: TaskClosure): Promise<void> {
    const next = closed(this.state.tasks.get(closure.id), closure);
    if (!next) throw new ConflictError(`task ${closure.id} was already decided`);
    this.state.tasks.set(closure.id, next);
  }
}
