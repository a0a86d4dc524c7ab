import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ApiError } from '../lib/api';
import { errorDetail, errorMessage } from '../lib/error-text';
import type { Pages } from '../lib/use-pages';
import type { Resource } from '../lib/use-resource';

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { d } = useI18n();
  const status = error instanceof ApiError && error.status >= 400 ? error.status : undefined;
  const detail = errorDetail(error);
  return (
    <div className="notice notice-error" role="alert">
      <div>
        <strong>{title ?? d.common.error}</strong>
        {status ? <span className="muted"> · HTTP {status}</span> : null}
        <p>{errorMessage(d, error)}</p>
        {detail ? (
          <p className="muted small">
            {d.common.errorDetail}: {detail}
          </p>
        ) : null}
      </div>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {d.common.retry}
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { d } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? d.common.loading}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role="status">
      <div>{children}</div>
    </div>
  );
}

export function PageHeader({ title, lead, actions }: { title: string; lead?: string; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {lead ? <p className="lead">{lead}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/**
 * The error, loading and empty states of a fetched resource, then `children` with its data. The
 * error shows with a retry; loading only until the first data, so a reload keeps the last data up.
 */
export function QueryState<T>({
  resource,
  isEmpty = false,
  empty,
  children,
}: {
  resource: Resource<T>;
  /** Whether the data there is has nothing to show; `empty` is shown instead of `children`. */
  isEmpty?: boolean;
  empty?: ReactNode;
  children?: (data: T) => ReactNode;
}) {
  const { data, error, loading, reload } = resource;
  return (
    <>
      {error ? <ErrorState error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? isEmpty ? <Empty>{empty}</Empty> : children?.(data) : null}
    </>
  );
}

/** Loads the resource again; disabled while it is loading. */
export function RefreshButton({ resource }: { resource: Pick<Resource<unknown>, 'loading' | 'reload'> }) {
  const { d } = useI18n();
  return (
    <button type="button" className="btn btn-small btn-ghost" onClick={resource.reload} disabled={resource.loading}>
      {d.common.refresh}
    </button>
  );
}

/** Under a paged list: how many are shown while more remain, the "load more" button, and its error. */
export function MorePages({
  pages,
}: {
  pages: Pick<Pages<unknown>, 'data' | 'hasMore' | 'loadingMore' | 'moreError' | 'loadMore'>;
}) {
  const { d } = useI18n();
  if (!pages.hasMore && !pages.moreError) return null;
  return (
    <div className="table-more" data-testid="more-pages">
      {pages.moreError ? <ErrorState error={pages.moreError} onRetry={pages.loadMore} /> : null}
      {pages.hasMore ? (
        <>
          <span className="muted small">{d.common.shownSoFar(pages.data?.length ?? 0)}</span>{' '}
          <button type="button" className="btn" disabled={pages.loadingMore} onClick={pages.loadMore}>
            {pages.loadingMore ? d.common.loading : d.common.more}
          </button>
        </>
      ) : null}
    </div>
  );
}
