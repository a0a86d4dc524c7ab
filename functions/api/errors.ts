import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/model/errors';

export function apiError(status: ContentfulStatusCode, code: string, message: string) {
  return new HTTPException(status, { res: Response.json({ error: { code, message } }, { status }) });
}

/** One place maps domain errors to `{"error": {"code", "message"}}` with a proper status. */
export function onError(err: Error, c: Context) {
  if (err instanceof HTTPException) {
    return err.res ?? c.json({ error: { code: 'http_error', message: err.message } }, err.status);
  }
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return c.json({ error: { code: 'invalid_input', message } }, 400);
  }
  if (err instanceof DomainError) {
    const status =
      err instanceof ValidationError
        ? 400
        : err instanceof NotFoundError
          ? 404
          : err instanceof ForbiddenError
            ? 403
            : err instanceof ConflictError
              ? 409
              : err.code === 'unauthorised_publication'
                ? 403
                : 400;
    return c.json({ error: { code: err.code, message: err.message } }, status);
  }
  console.error('unhandled error', err);
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}
