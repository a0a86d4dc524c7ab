import { type FormEvent, useEffect, useState } from 'react';
import { type CatalogPageResponse, CatalogSchema } from '../../../../shared/api/responses';
import { StatusBadge } from '../../components/badges';
import { ChoiceOptions } from '../../components/choice-options';
import { ErrorState, PageHeader, QueryState } from '../../components/feedback';
import { label, useI18n } from '../../i18n';
import { api, withQuery } from '../../lib/api';
import { useRouter } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { useAgencies } from '../agencies/directory';
import { categoryChoices, currentYear } from './data/categories';
import { LifecycleBadge } from './lifecycle-badge';

interface Filters {
  q: string;
  agency: string;
  category: string;
  year: string;
}

function filtersFrom(search: URLSearchParams): Filters {
  return {
    q: search.get('q') ?? '',
    agency: search.get('agency') ?? '',
    category: search.get('category') ?? '',
    year: search.get('year') ?? String(currentYear()),
  };
}

/** 主动公开目录: public, no sign-in. The filters live in the URL so a search can be shared. */
export function CatalogPage() {
  const { d, fmt } = useI18n();
  const { search, navigate } = useRouter();
  const applied = filtersFrom(search);
  const [draft, setDraft] = useState<Filters>(applied);
  const agencies = useAgencies();
  const query = withQuery('/api/catalog', { ...applied });
  useEffect(() => setDraft(filtersFrom(search)), [search]);

  const entries = useResource(query, (signal) => api(query, CatalogSchema, { signal }));
  const more = useMorePages(query, applied);
  // The first page, then those "load more" added (a new search starts from the first again).
  const pages = entries.data ? [entries.data, ...more.pages] : [];
  const last = pages.at(-1);
  // The category filter is also applied here, so results stay right if the server ignores it.
  const rows = pages.flatMap((p) => p.entries).filter((e) => !applied.category || e.category === applied.category);
  const searched = applied.q ? pages.reduce((n, p) => n + (p.searched ?? 0), 0) : undefined;

  const thisYear = currentYear();
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear - i));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(withQuery('/catalog', { ...draft, q: draft.q.trim() }), { replace: true });
  };
  const set = (key: keyof Filters) => (event: { target: { value: string } }) =>
    setDraft((f) => ({ ...f, [key]: event.target.value }));

  return (
    <section>
      <PageHeader title={d.catalog.title} lead={d.catalog.lead} />
      <form className="card filters" onSubmit={submit} aria-label={d.common.search}>
        <label className="field field-grow">
          <span className="field-label">{d.catalog.keyword}</span>
          <input
            type="search"
            name="q"
            value={draft.q}
            placeholder={d.catalog.keywordPlaceholder}
            onChange={set('q')}
          />
        </label>
        <label className="field">
          <span className="field-label">{d.catalog.agency}</span>
          <select name="agency" value={draft.agency} onChange={set('agency')} disabled={!agencies.data}>
            <ChoiceOptions
              placeholder={agencies.error ? d.catalog.agenciesUnavailable : d.common.all}
              choices={agencies.data ?? []}
            />
          </select>
        </label>
        <label className="field">
          <span className="field-label">{d.catalog.category}</span>
          <select name="category" value={draft.category} onChange={set('category')}>
            <ChoiceOptions placeholder={d.common.all} choices={categoryChoices(d)} />
          </select>
        </label>
        <label className="field field-narrow">
          <span className="field-label">{d.catalog.year}</span>
          <select name="year" value={draft.year} onChange={set('year')}>
            <ChoiceOptions choices={years.map((y) => ({ id: y, name: y }))} />
          </select>
        </label>
        <div className="filters-actions">
          <button type="submit" className="btn btn-primary">
            {d.common.search}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => navigate('/catalog', { replace: true })}>
            {d.common.reset}
          </button>
        </div>
      </form>

      <QueryState resource={entries} isEmpty={rows.length === 0 && !last?.next} empty={d.catalog.noResults}>
        {() => (
          <div className="card card-flush">
            <div className="table-meta muted small" data-testid="catalog-meta">
              {last?.next ? d.catalog.shown(rows.length) : d.common.count(rows.length)}
              {searched !== undefined ? ` · ${d.catalog.searched(searched)}` : null}
            </div>
            {rows.length === 0 && searched !== undefined ? (
              <p className="muted catalog-search-on">{d.catalog.noResultsYet(searched)}</p>
            ) : null}
            <table className="table table-cards catalog-table">
              <thead>
                <tr>
                  <th scope="col">{d.catalog.indexNumber}</th>
                  <th scope="col">{d.catalog.docTitle}</th>
                  <th scope="col">{d.catalog.agency}</th>
                  <th scope="col">{d.catalog.documentNumber}</th>
                  <th scope="col">{d.catalog.formedAt}</th>
                  <th scope="col">{d.catalog.publishedAt}</th>
                  <th scope="col">{d.catalog.links}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((entry) => (
                  <tr key={entry.indexNumber} data-document-id={entry.documentId}>
                    <td data-label={d.catalog.indexNumber} className="mono nowrap">
                      {entry.indexNumber}
                    </td>
                    <td data-label={d.catalog.docTitle} className="cell-title">
                      {entry.url ? (
                        <a href={entry.url} target="_blank" rel="noreferrer">
                          {entry.title}
                        </a>
                      ) : (
                        <span className="title-withdrawn">{entry.title}</span>
                      )}
                      <span className="cell-sub">
                        {label(d, 'category', entry.category)}
                        {entry.status && entry.status !== 'PUBLISHED' ? <StatusBadge status={entry.status} /> : null}
                        {entry.importantPolicy ? <span className="chip">{d.catalog.importantPolicy}</span> : null}
                        <LifecycleBadge entry={entry} />
                      </span>
                      {entry.status === 'WITHDRAWN' ? (
                        <p className="entry-note entry-withdrawn" data-testid="withdrawal">
                          {entry.withdrawnAt ? <span>{d.catalog.withdrawnOn(fmt.date(entry.withdrawnAt))}</span> : null}
                          {entry.withdrawalReason ? (
                            <span>
                              {d.catalog.withdrawalReason}：{entry.withdrawalReason}
                            </span>
                          ) : null}
                        </p>
                      ) : null}
                      {entry.corrections && entry.corrections.length > 0 ? (
                        <details className="entry-note corrections-box" data-testid="corrections">
                          <summary>{d.catalog.corrections(entry.corrections.length)}</summary>
                          <ol>
                            {[...entry.corrections]
                              .sort((x, y) => y.at.localeCompare(x.at))
                              .map((c) => (
                                <li key={c.at}>
                                  <span className="muted">{d.catalog.correctedOn(fmt.date(c.at))}</span>
                                  {c.note}
                                </li>
                              ))}
                          </ol>
                        </details>
                      ) : null}
                    </td>
                    <td data-label={d.catalog.agency}>{entry.agencyName}</td>
                    <td data-label={d.catalog.documentNumber}>{entry.documentNumber || d.common.none}</td>
                    <td data-label={d.catalog.formedAt} className="nowrap">
                      {fmt.date(entry.formedAt)}
                    </td>
                    <td data-label={d.catalog.publishedAt} className="nowrap">
                      {fmt.date(entry.publishedAt)}
                    </td>
                    <td data-label={d.catalog.links} className="nowrap">
                      {entry.url ? (
                        <a className="link-action" href={entry.url} target="_blank" rel="noreferrer" download>
                          {d.common.download}
                        </a>
                      ) : (
                        <span className="link-action muted small">{d.catalog.withdrawnNoDownload}</span>
                      )}
                      {entry.interpretationUrl ? (
                        <a
                          className="link-action"
                          href={entry.interpretationUrl}
                          target="_blank"
                          rel="noreferrer"
                          title={
                            entry.interpretationIndexNumber
                              ? d.catalog.interpretationOf(entry.interpretationIndexNumber)
                              : undefined
                          }
                        >
                          {d.catalog.interpretation}
                        </a>
                      ) : entry.interpretationMissing ? (
                        <span
                          className="badge badge-bad"
                          title={d.catalog.interpretationMissingHint}
                          data-testid="interpretation-missing"
                        >
                          {d.catalog.interpretationMissing}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more.error ? <ErrorState error={more.error} onRetry={() => last?.next && more.load(last.next)} /> : null}
            {last?.next ? (
              <div className="table-more">
                <button
                  type="button"
                  className="btn"
                  disabled={more.loading}
                  onClick={() => last.next && more.load(last.next)}
                >
                  {more.loading ? d.common.loading : applied.q ? d.catalog.searchOn : d.catalog.more}
                </button>
              </div>
            ) : null}
          </div>
        )}
      </QueryState>
    </section>
  );
}

/**
 * The pages after the first of one search (GET /api/catalog pages by `cursor`): each "load more"
 * fetches the next and adds it; a change of the search (its query) starts over.
 */
function useMorePages(query: string, applied: Filters) {
  const [state, setState] = useState<{ query: string; pages: CatalogPageResponse[] }>({ query, pages: [] });
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<{ query: string; error: unknown }>();
  const load = async (cursor: string) => {
    setLoading(true);
    setFailed(undefined);
    try {
      const page = await api(withQuery('/api/catalog', { ...applied, cursor }), CatalogSchema);
      setState((s) => ({ query, pages: [...(s.query === query ? s.pages : []), page] }));
    } catch (error) {
      setFailed({ query, error });
    } finally {
      setLoading(false);
    }
  };
  return {
    pages: state.query === query ? state.pages : [],
    loading,
    error: failed?.query === query ? failed.error : undefined,
    load,
  };
}
