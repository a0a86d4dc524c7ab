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

/** Every failure: `{"error": {"code", "message"}}` with the HTTP status (functions/api/errors.ts). */
export const ErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
