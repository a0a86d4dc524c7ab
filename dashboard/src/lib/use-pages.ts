import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { api, withQuery } from './api';
import { type Resource, useResource } from './use-resource';

/** A page of a paged list (shared/api/common.ts pageOf): its entries, and `next` when more follow. */
type PageSchema = z.ZodType<{ entries: unknown[]; next?: string | undefined }>;
type EntryOf<S extends PageSchema> = z.output<S>['entries'][number];

export interface Pages<T> extends Resource<T[]> {
  /** More entries are on the server: loadMore() fetches the next page. */
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly moreError: unknown;
  loadMore(): void;
}

/**
 * A paged list (GET /api/tasks, /api/pipeline, /api/documents): the first page as a resource, and
 * the pages loadMore() adds after it, as one list of entries. A reload starts again from the first
 * page. With `follow`, up to that many pages after the first are fetched without asking (a view
 * that counts the whole list); after them the button takes over.
 */
export function usePages<S extends PageSchema>(path: string, schema: S, follow = 0): Pages<EntryOf<S>> {
  const first = useResource(path, (signal) => api(path, schema, { signal }));
  const [more, setMore] = useState<{ base: unknown; pages: Array<z.output<S>> }>({ base: undefined, pages: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<{ base: unknown; error: unknown }>();
  // The pages after the first belong to the first page they followed; a reload drops them.
  const pages = first.data ? [first.data, ...(more.base === first.data ? more.pages : [])] : [];
  const next = pages.at(-1)?.next;
  const error = moreError?.base === first.data ? moreError?.error : undefined;

  const loadMore = useCallback(() => {
    if (!next || loadingMore) return;
    const base = first.data;
    setLoadingMore(true);
    setMoreError(undefined);
    api(withQuery(path, { cursor: next }), schema).then(
      (page) => {
        setMore((m) => ({ base, pages: [...(m.base === base ? m.pages : []), page] }));
        setLoadingMore(false);
      },
      (err: unknown) => {
        setMoreError({ base, error: err });
        setLoadingMore(false);
      },
    );
  }, [next, loadingMore, first.data, path, schema]);

  const followed = pages.length - 1;
  useEffect(() => {
    if (next && followed < follow && !loadingMore && !error) loadMore();
  }, [next, followed, follow, loadingMore, error, loadMore]);

  return {
    data: first.data ? pages.flatMap((p) => p.entries as Array<EntryOf<S>>) : undefined,
    error: first.error,
    loading: first.loading,
    reload: first.reload,
    hasMore: next !== undefined,
    loadingMore,
    moreError: error,
    loadMore,
  };
}
