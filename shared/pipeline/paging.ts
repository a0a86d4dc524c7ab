import { createHash } from 'node:crypto';
import { ValidationError } from '../model/errors';

/**
 * The opaque cursor every paged list hands out (GET /api/catalog, /api/tasks, /api/pipeline,
 * /api/documents): base64url of `[1, scope digest, ...position]`. The digest ties it to the query
 * (and caller scope) it was given out for; the position is checked field by field by the list
 * that decodes it, so what reaches a store is a position the server could have issued — never a
 * key a caller wrote.
 */

const MAX_CURSOR_LENGTH = 400;
const VERSION = 1;

/** A short digest of what a cursor belongs to: the query, and whose list it is. */
function digestOf(scope: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 12);
}

export function encodeCursor(scope: readonly unknown[], position: readonly string[]): string {
  return Buffer.from(JSON.stringify([VERSION, digestOf(scope), ...position])).toString('base64url');
}

/** How a list names its cursors in errors: 'a catalogue cursor', and what else it could belong to. */
export interface CursorKind {
  readonly name: string;
  readonly otherScope: string;
}

/** A ValidationError about `cursor`, saying what to pass instead. */
export function cursorError(why: string): ValidationError {
  return new ValidationError(
    `cursor: ${why}; pass back the "next" of the previous page, or leave it out for the first`,
  );
}

/**
 * The `size` position fields of a cursor given out for `scope`, as strings (each still to be
 * checked by the caller). Anything else — too long, not base64url JSON, another version, another
 * scope, the wrong number of fields — is a ValidationError naming the cursor.
 */
export function decodeCursor(cursor: string, scope: readonly unknown[], size: number, kind: CursorKind): string[] {
  const notOurs = cursorError(`not ${kind.name}`);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw notOurs;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurs;
  }
  if (!Array.isArray(parsed) || parsed.length !== size + 2 || parsed[0] !== VERSION) throw notOurs;
  const [, digest, ...position] = parsed as unknown[];
  if (digest !== digestOf(scope)) throw cursorError(`it belongs to ${kind.otherScope}`);
  if (!position.every((field): field is string => typeof field === 'string')) throw notOurs;
  return position;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real instant as the server writes them (toISOString). */
export function isTimestamp(value: string): boolean {
  return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

/** A real calendar date (YYYY-MM-DD) or instant: a deadline as the server writes them. */
export function isDeadline(value: string): boolean {
  if (isTimestamp(value)) return true;
  return DATE.test(value) && isTimestamp(`${value}T00:00:00.000Z`);
}
