import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError, type z } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ReusedKeyError,
  UnavailableError,
  ValidationError,
} from '../../shared/model/errors';

export function apiError(status: ContentfulStatusCode, code: string, message: string) {
  return new HTTPException(status, { res: Response.json({ error: { code, message } }, { status }) });
}

/** Where in a request a value came from: an error names it (`body.title: …`, `query.year: …`). */
export type InputLocation = 'body' | 'query' | 'path' | 'header';

/** A request its schema refused, with where: answered 400 invalid_input naming each field. */
export class RequestInputError extends Error {
  constructor(
    readonly location: InputLocation,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(issues.map((i) => `${[location, ...i.path.map(String)].join('.')}: ${i.message}`).join('; '));
    this.name = 'RequestInputError';
  }
}

/** One place maps domain errors to `{"error": {"code", "message"}}` with a proper status. */
export function onError(err: Error, c: Context) {
  if (err instanceof HTTPException) {
    return err.res ?? c.json({ error: { code: 'http_error', message: err.message } }, err.status);
  }
  if (err instanceof RequestInputError) {
    return c.json({ error: { code: 'invalid_input', message: err.message } }, 400);
  }
  if (err instanceof ZodError) {
    // A schema a route parsed without saying where (routes use parseBody / parseQuery / parsePath).
    const message = err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return c.json({ error: { code: 'invalid_input', message } }, 400);
  }
  if (err instanceof DomainError) {
    const status = statusOf(err);
    const details = err instanceof ValidationError && err.details ? { details: err.details } : {};
    return c.json({ error: { code: err.code, message: err.message, ...details } }, status);
  }
  console.error('unhandled error', err);
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}

/** The HTTP status of a domain error: by its class, the refused publication (COORD-6) by its code. */
function statusOf(err: DomainError): ContentfulStatusCode {
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ForbiddenError || err.code === 'unauthorised_publication') return 403;
  if (err instanceof ConflictError) return 409;
  if (err instanceof ReusedKeyError) return 422;
  if (err instanceof UnavailableError) return 503;
  return 400;
}
