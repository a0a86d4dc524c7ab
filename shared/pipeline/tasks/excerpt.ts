import { ForbiddenError, NotFoundError } from '../../model/errors';
import type { Identity } from '../../model/identity';
import type { PipelineDeps } from '../deps';
import { assigneesOf } from './rules';

/**
 * The extracted text of a task's document, for its assignee opening the task: the reviewer reads
 * the findings in it. Undefined when the scan kept none (a cleared document). Read from where the
 * review put it (object-keys.ts excerptKey), never from a key the caller names.
 */
export async function readTaskExcerpt(
  deps: PipelineDeps,
  caller: Identity,
  taskId: string,
): Promise<string | undefined> {
  const task = await deps.tasks.getTask(taskId);
  if (!task) throw new NotFoundError(`no task ${taskId}`);
  if (!assigneesOf(caller).includes(task.assignee)) {
    throw new ForbiddenError(`task ${taskId} is assigned to ${task.assignee}, not to you`);
  }
  if (task.status !== 'open') return undefined;
  const doc = await deps.documents.get(task.documentId);
  if (!doc?.excerptKey) return undefined;
  const { bytes } = await deps.files.readOriginal(doc.excerptKey);
  return new TextDecoder().decode(bytes);
}
