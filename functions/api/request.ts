import type { Context } from 'hono';
import * as z from 'zod';
import { LIST_PAGE_LIMIT } from '../../shared/model/paging';
import { isWellFormedId, MAX_ID_LENGTH } from '../../shared/model/text';
import { apiError, type InputLocation, RequestInputError } from './errors';

/** Reading a request: every value checked against its schema, and errors that say where it was. */

function parseAt<S extends z.ZodType>(location: InputLocation, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RequestInputError(location, parsed.error.issues);
  return parsed.data;
}

/** The JSON body, checked against `schema`; a body that is not JSON at all is 400 invalid_json. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw apiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  return parseAt('body', schema, body);
}

/** The query string's parameters, checked against `schema`. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseAt('query', schema, c.req.query());
}

/** One named value (a path parameter, a header), checked against `schema`: an error names it (`path.year: …`). */
function parseNamed<S extends z.ZodType>(location: InputLocation, name: string, schema: S, value: unknown) {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new RequestInputError(
      location,
      parsed.error.issues.map((i) => ({ ...i, path: [name] })),
    );
  return parsed.data as z.output<S>;
}

/** A path parameter, checked against `schema` (a year, say). */
export function parsePath<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  return parseNamed('path', name, schema, c.req.param(name));
}

/** A request header, checked against `schema` (absent: undefined). */
export function parseHeader<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  return parseNamed('header', name, schema, c.req.header(name));
}

/**
 * An id named in the path (`:id`, `:documentId`, `:agency`). One no record can have — too long,
 * or with characters no id has — is 404 like any unknown one, before it reaches a store's key.
 */
export function pathId(c: Context, name: string): string {
  const value = c.req.param(name) ?? '';
  if (!isWellFormedId(value)) {
    throw apiError(
      404,
      'not_found',
      `path.${name}: no such ${name}: an id is at most ${MAX_ID_LENGTH} letters, digits, '.', '_' or '-'`,
    );
  }
  return value;
}

/**
 * The header that makes a write safe to retry (draft-ietf-httpapi-idempotency-key-header): a
 * registration, a correction, a withdrawal, a task decision.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** A client's own key for one request, such as a UUID: 1 … 255 visible ASCII characters. */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'Idempotency-Key is 1 … 255 visible ASCII characters, such as a UUID')
  .optional();

/** The request's Idempotency-Key, if it sent one (400 naming the header when it is malformed). */
export function idempotencyKeyOf(c: Context): string | undefined {
  return parseHeader(c, IDEMPOTENCY_KEY_HEADER, IdempotencyKeySchema);
}

/** Marks an answer that repeats what an earlier request with the same Idempotency-Key did. */
export function markReplayed(c: Context, replayed: boolean): void {
  if (replayed) c.header('Idempotent-Replayed', 'true');
}

/** A year in a query or path: four digits, 2000 … 2100. */
export const YearSchema = z
  .string({ error: 'year is required, such as 2026' })
  .regex(/^\d{4}$/, 'year must be a year such as 2026')
  .transform(Number)
  .pipe(z.number().min(2000, 'year must be 2000 … 2100').max(2100, 'year must be 2000 … 2100'));

/**
 * The query parameters of a paged list: `limit` (1 … max, max by default) and `cursor`, the
 * `next` of the page before. The list decodes and checks the cursor (shared/pipeline/paging.ts).
 */
export function pageParameters(max: number) {
  return {
    limit: z.coerce
      .number({ error: 'limit must be a whole number' })
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(max, `limit is at most ${max}`)
      .default(max),
    /** The `next` of the previous page. */
    cursor: z.string().max(400, 'cursor is at most 400 characters').optional(),
  };
}

/** GET /api/tasks, /api/pipeline and /api/documents: a page of at most LIST_PAGE_LIMIT. */
export const PageQuerySchema = z.object(pageParameters(LIST_PAGE_LIMIT));
