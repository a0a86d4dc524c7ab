import type { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/api/responses';

/** An API failure: the `{"error": {"code","message"}}` body, or what went wrong getting it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The message is already in the reader's language (a page's own wording of a refusal). */
    readonly worded = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The access token of the signed-in person, in this page's memory only: never in localStorage or
 * sessionStorage (a script injected into the page could read those long after). The session
 * (features/auth/session.tsx) puts it here from oidc-client-ts on sign-in and on every renewal; a
 * reload forgets it, and the session signs in again through the provider's own session.
 */
let accessToken: string | null = null;

export const tokenStore = {
  get(): string | null {
    return accessToken;
  },
  set(token: string) {
    accessToken = token;
  },
  clear() {
    accessToken = null;
  },
};

let unauthorizedHandler: (() => void) | null = null;
/** The session registers how to react when the API says the token is no longer good. */
export function onUnauthorized(handler: (() => void) | null) {
  unauthorizedHandler = handler;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** More request headers (an Idempotency-Key, say). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Calls `/api/...` on this origin and checks the answer against its schema. */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '');
  }
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const body: unknown = isJson ? await res.json().catch(() => undefined) : undefined;
  if (!res.ok) {
    const error = errorOf(body);
    if (res.status === 401 && token) unauthorizedHandler?.();
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? '');
  }
  // The SPA fallback answers unknown paths with index.html: an endpoint that is not there yet.
  if (!isJson) throw new ApiError(res.status, 'not_json', path);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ApiError(res.status, 'bad_response', `${path} — ${detail}`);
  }
  return parsed.data;
}

/** The API's `{"error": {"code", "message"}}`; undefined when something else answered (a proxy, a gateway). */
function errorOf(body: unknown): { code: string; message: string } | undefined {
  const parsed = ErrorResponseSchema.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

/** Builds `path?query` from the parameters that have a value. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
