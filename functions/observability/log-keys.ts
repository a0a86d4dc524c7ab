import { documentIdFromKey } from '../../shared/model/object-keys';

/**
 * What of an invocation goes into its log lines: ids and outcomes, picked field by field. Nothing
 * else of an event is logged (a step's state holds titles and findings; a request, a query).
 */

const ID = /^[A-Za-z0-9:._/-]{1,200}$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A step's keys: the step, its document and its execution (workflow.ts passes both in every payload). */
export function logKeysOfStep(step: string, event: unknown): Record<string, string> {
  const objectKey = text(at(event, 'event', 'detail', 'object', 'key'));
  const documentId =
    text(at(event, 'documentId')) ??
    text(at(event, 'event', 'resume', 'documentId')) ??
    (objectKey ? documentIdFromKey(objectKey) : undefined) ??
    text(at(event, 'state', 'intake', 'documentId'));
  const executionId = text(at(event, 'executionId'));
  return { step, ...(documentId ? { documentId } : {}), ...(executionId ? { executionId } : {}) };
}

/** A request's keys: method and path (ids only, never the query string), the document it names. */
export function logKeysOfApiEvent(event: unknown): Record<string, string> {
  const method = text(at(event, 'requestContext', 'http', 'method')) ?? text(at(event, 'httpMethod'));
  const path = text(at(event, 'rawPath')) ?? text(at(event, 'path'));
  const requestId = text(at(event, 'requestContext', 'requestId'));
  const documentId = path ? /^\/api\/documents\/([0-9a-f-]{36})(?:\/|$)/.exec(path)?.[1] : undefined;
  return {
    ...(method && path ? { route: `${method} ${path}` } : {}),
    ...(requestId ? { requestId } : {}),
    ...(documentId ? { documentId } : {}),
  };
}

/** What a step returned, as far as it is a decision: where the flow goes, never what was found. */
export function outcomeOf(result: unknown): Record<string, string | number> {
  const picked: Record<string, string | number> = {};
  for (const key of ['next', 'decision', 'status', 'indexNumber', 'findings'] as const) {
    const value = at(result, key);
    if (typeof value === 'number' || (typeof value === 'string' && ID.test(value))) picked[key] = value;
  }
  return picked;
}

/** An error's class and message, cut short: messages name ids and statuses, never content. */
export function safeError(err: unknown): { name: string; message: string } {
  if (!(err instanceof Error)) return { name: 'NonError', message: String(err).slice(0, 300) };
  return { name: err.name, message: err.message.slice(0, 300) };
}
