import * as z from 'zod';

/**
 * The JSON the API answers with, one zod schema per response: the routes are typed against them
 * (`satisfies z.input<typeof X>`) and the dashboard parses what it reads with them, so the shape
 * is written once. Request bodies stay beside the routes that parse them.
 */

export * from './admin';
export * from './batches';
export * from './calendar';
export * from './catalog';
export * from './directory';
export * from './documents';
export * from './pipeline';
export * from './reports';
export * from './scores';
export * from './tasks';

/**
 * The codes a failure can carry: stable, for clients to act on and to word in their own language
 * (the message is the server's English detail). test/unit/api-error-codes.test.ts keeps the list
 * complete against the sources.
 */
export const API_ERROR_CODES = [
  'invalid_input',
  'invalid_json',
  'invalid_import',
  'not_found',
  'forbidden',
  'unauthorised_publication',
  'conflict',
  'import_failed',
  'idempotency_key_reused',
  'too_large',
  'unauthenticated',
  'invalid_token',
  'unknown_user',
  'user_disabled',
  'identity_provider_unavailable',
  'unavailable',
  'integrity',
  'http_error',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Every failure: `{"error": {"code", "message"}}` with the HTTP status (functions/api/errors.ts). */
export const ErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
