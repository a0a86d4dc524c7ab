import * as z from 'zod';

/**
 * A zod enum of a string union the domain only has as a type: spelled as `{ value: 'value' }`
 * with the union given, so a value missing from (or not in) the union does not compile.
 */
export function enumOf<T extends string>(values: { readonly [K in T]: K }) {
  return z.enum(values as { [K in T]: K });
}

/**
 * Compile-time only: `T` is assignable to `U`, else the alias does not instantiate. The API's
 * schemas use it to prove that what the domain hands the routes fits the response they declare.
 */
export type Fits<T extends U, U> = T;

/**
 * One page of a paged list (GET /api/catalog, /api/tasks, /api/pipeline, /api/documents): its
 * entries and `next`, passed back as `cursor` for the page after; absent on the last page.
 */
export function pageOf<T extends z.ZodType>(entry: T) {
  return z.object({ entries: z.array(entry), next: z.string().optional() });
}
