import { useState } from 'react';
import { type DirectoryLogItem, DirectoryLogSchema } from '../../../../shared/api/responses';
import { Empty, ErrorState, Loading } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { api, withQuery } from '../../lib/api';
import { useResource } from '../../lib/use-resource';
import { actorLabel, agencyLabel, type DirectoryData } from './data/directory';

type Line = DirectoryLogItem['changes'][number];

/** 变更记录: every directory change, newest first — who, when, what, before → after. */
export function LogTab({ data }: { data: DirectoryData }) {
  const { d, fmt } = useI18n();
  const t = d.admin.log;
  const [paged, setPaged] = useState(false);
  const first = useResource('admin:log', (signal) =>
    api(withQuery('/api/directory/log', { limit: 30 }), DirectoryLogSchema, { signal }),
  );
  const [more, setMore] = useState<DirectoryLogItem[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const cursor = paged ? next : first.data?.next;
  const entries = [...(first.data?.entries ?? []), ...more];
  const agencies = data.agencies.data;

  const loadMore = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api(withQuery('/api/directory/log', { limit: 30, before: cursor }), DirectoryLogSchema);
      setMore((m) => [...m, ...page.entries]);
      setNext(page.next);
      setPaged(true);
    } catch (err) {
      setFailure(err);
    } finally {
      setLoading(false);
    }
  };

  const agencyList = (ids: readonly string[]) =>
    ids.length > MAX_AGENCIES_NAMED
      ? t.agencies(ids.length)
      : ids.map((a) => agencyLabel(agencies, a)).join(d.admin.listSep);

  if (first.error) return <ErrorState error={first.error} onRetry={first.reload} />;
  if (first.loading && !first.data) return <Loading />;
  if (entries.length === 0) return <Empty>{t.empty}</Empty>;
  return (
    <section className="stack" aria-label={t.title}>
      <div className="card card-flush table-scroll">
        <table className="table admin-log">
          <thead>
            <tr>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.who}</th>
              <th scope="col">{t.what}</th>
              <th scope="col">{t.detail}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-log-action={entry.action}>
                <td className="nowrap">{fmt.dateTime(entry.at)}</td>
                <td>{actorLabel(t, data.users.data, entry.actor)}</td>
                <td>
                  <span className="strong">{t.action[entry.action]}</span>
                  {entry.parts && entry.parts > 1 ? (
                    <div className="muted small">{t.importPart(entry.part ?? 1, entry.parts)}</div>
                  ) : null}
                  <div className="muted small">{agencyList(entry.agencies)}</div>
                  {entry.note ? <div className="small">{entry.note}</div> : null}
                </td>
                <td>
                  <ChangeLines lines={entry.changes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failure ? <ErrorState error={failure} /> : null}
      {cursor ? (
        <button type="button" className="btn" onClick={() => void loadMore()} disabled={loading}>
          {t.more}
        </button>
      ) : null}
    </section>
  );
}

/** An import touches every agency: past this many they are counted, not named. */
const MAX_AGENCIES_NAMED = 3;

/** A large import lists thousands of lines: the first few are shown, the rest counted. */
const SHOWN_LINES = 8;

function ChangeLines({ lines }: { lines: readonly Line[] }) {
  const { d } = useI18n();
  const t = d.admin.log;
  const [all, setAll] = useState(false);
  const shown = all ? lines : lines.slice(0, SHOWN_LINES);
  return (
    <ul className="admin-changes">
      {shown.map((line) => (
        <li key={`${line.kind}:${line.key}`}>
          <span className="mono small">{line.kind === 'task' ? t.task(line.documentId ?? line.key) : line.key}</span>{' '}
          {!line.before ? (
            <>
              {typeof line.after?.name === 'string' ? <span>{line.after.name} </span> : null}
              <span className="badge badge-good">{t.created}</span>
            </>
          ) : null}
          {!line.after ? <span className="badge badge-bad">{t.removed}</span> : null}
          {line.before && line.after ? <FieldChanges before={line.before} after={line.after} /> : null}
        </li>
      ))}
      {lines.length > SHOWN_LINES && !all ? (
        <li>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setAll(true)}>
            … {d.common.count(lines.length)}
          </button>
        </li>
      ) : null}
    </ul>
  );
}

function FieldChanges({
  before,
  after,
}: {
  before: Readonly<Record<string, unknown>>;
  after: Readonly<Record<string, unknown>>;
}) {
  const { d } = useI18n();
  const t = d.admin.log;
  const show = (value: unknown): string => {
    if (value === null || value === undefined) return t.absent;
    if (Array.isArray(value)) {
      return (
        value
          .map((v) =>
            v && typeof v === 'object'
              ? `${(v as { leader?: string }).leader ?? ''}@${(v as { effectiveFrom?: string }).effectiveFrom ?? ''}`
              : String(v),
          )
          .join(d.admin.listSep) || t.absent
      );
    }
    if (typeof value === 'boolean') return value ? d.common.yes : d.common.no;
    return String(value);
  };
  return (
    <span className="admin-fields">
      {Object.keys(after)
        .filter((field) => field !== 'leaders')
        .map((field, i) => (
          <span key={field} className="admin-field">
            {i > 0 ? <span className="muted">{d.admin.fieldSep}</span> : null}
            <span className="muted">
              {t.field[field] ?? field}
              {d.admin.colon}
            </span>
            <del>{show(before[field])}</del> → <ins>{show(after[field])}</ins>
          </span>
        ))}
    </span>
  );
}
