import { type ReactNode, useState } from 'react';
import { beijingDate } from '../../../../shared/calendar/beijing';
import { hasAnyRole } from '../../app/access';
import { RuleChips, StatusBadge } from '../../components/badges';
import { ErrorState, Loading, Notice } from '../../components/feedback';
import { label, useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { agencyName, personName, useAgencies, useIdentities } from '../agencies/directory';
import { useSession } from '../auth/session';
import { AbolishPanel, LifecycleLine, mayAbolishDocument } from './components/abolish-panel';
import { type Amendment, AmendPanel } from './components/amend-panel';
import { DueDate, FailureNotice } from './components/document-notes';
import { FindingsList } from './components/findings-list';
import { HistoryTimeline } from './components/history-timeline';
import { ProgressSteps } from './components/progress-steps';
import { RedactionComparison } from './components/redaction-comparison';
import { StaffActionsPanel, type StaffOutcome } from './components/staff-actions';
import { useLiveDocument } from './data/use-document';

export function DocumentPage({ id }: { id: string }) {
  const { d, fmt } = useI18n();
  const { doc, error, polling, reload } = useLiveDocument(id);
  const agencies = useAgencies();
  const people = useIdentities();
  const { identity } = useSession();
  const [amended, setAmended] = useState<Amendment | null>(null);
  const [acted, setActed] = useState<StaffOutcome | null>(null);

  if (error && !doc) return <ErrorState error={error} onRetry={reload} />;
  if (!doc) return <Loading />;

  // 更正 / 撤回: the publishing agency's own uploader or leader, while the document is public.
  const mayAmend =
    !!identity &&
    !!doc.publisher &&
    identity.agency === doc.publisher &&
    hasAnyRole(identity, ['uploader', 'leader']) &&
    (doc.status === 'PUBLISHED' || doc.status === 'CORRECTED');
  const corrections = [...(doc.corrections ?? [])].sort((x, y) => y.at.localeCompare(x.at));

  const department = agencies.data
    ?.find((a) => a.id === doc.agency)
    ?.departments.find((x) => x.id === doc.department)?.name;
  const rows: Array<[string, ReactNode]> = [
    [
      d.upload.indexNumber,
      doc.indexNumber ? (
        <span key="index" className="mono">
          {doc.indexNumber}
        </span>
      ) : (
        d.common.none
      ),
    ],
    [d.upload.agency, agencyName(agencies.data, doc.agency)],
    [d.upload.department, department ?? doc.department ?? d.common.none],
    [d.upload.category, doc.category ? `${doc.category} ${label(d, 'category', doc.category)}` : d.common.none],
    [d.upload.documentNumber, doc.documentNumber || d.common.none],
    [d.upload.formedAt, fmt.date(doc.formedAt)],
    [d.upload.disclosure, label(d, 'disclosure', doc.disclosure)],
    ...(doc.documentType
      ? ([
          [
            d.annual.documentTypeLabel,
            <span key="type">
              {d.annual.documentType[doc.documentType]} <LifecycleLine doc={doc} today={beijingDate(new Date())} />
            </span>,
          ],
        ] as Array<[string, ReactNode]>)
      : []),
    ...(doc.legalReason ? ([[d.upload.legalReason, doc.legalReason]] as Array<[string, ReactNode]>) : []),
    [d.upload.origin, label(d, 'origin', doc.origin)],
    ...(doc.leadDrafter
      ? ([[d.upload.leadDrafter, agencyName(agencies.data, doc.leadDrafter)]] as Array<[string, ReactNode]>)
      : []),
    ...(doc.sensitiveCategory
      ? ([[d.upload.sensitiveCategory, label(d, 'sensitive', doc.sensitiveCategory)]] as Array<[string, ReactNode]>)
      : []),
    [d.document.importantPolicy, doc.importantPolicy ? d.common.yes : d.common.no],
    ...(doc.interprets
      ? ([
          [
            d.document.interpretsLink,
            <Link key="i" to={`/documents/${doc.interprets}`}>
              {doc.interprets}
            </Link>,
          ],
        ] as Array<[string, ReactNode]>)
      : []),
    [
      d.document.file,
      doc.filename
        ? `${doc.filename}${doc.size ? ` · ${d.document.size((doc.size / 1024).toFixed(1))}` : ''}`
        : d.common.none,
    ],
    [d.document.uploadedBy, doc.uploadedBy ? personName(people.data, doc.uploadedBy) : d.common.none],
    [d.upload.createdAt, fmt.dateTime(doc.createdAt)],
    ...(doc.dueAt
      ? ([
          [
            d.upload.dueAt,
            <span key="due">
              <DueDate at={doc.dueAt} provisional={doc.dueProvisional} />
            </span>,
          ],
        ] as Array<[string, ReactNode]>)
      : []),
    ...(doc.publisher
      ? ([[d.document.publisher, agencyName(agencies.data, doc.publisher)]] as Array<[string, ReactNode]>)
      : []),
    ...(doc.routingRules && doc.routingRules.length > 0
      ? ([[d.document.routingRules, <RuleChips key="routing" rules={doc.routingRules} />]] as Array<
          [string, ReactNode]
        >)
      : []),
    ...(doc.approvals && doc.approvals.length > 0
      ? ([
          [
            d.document.approvals,
            `${doc.approvals.map((id) => agencyName(agencies.data, id)).join('、')}${
              doc.approvedBy ? ` · ${d.document.approvedBy}: ${personName(people.data, doc.approvedBy)}` : ''
            }`,
          ],
        ] as Array<[string, ReactNode]>)
      : []),
    ...(doc.publishedAt
      ? ([[d.document.publishedAt, fmt.dateTime(doc.publishedAt)]] as Array<[string, ReactNode]>)
      : []),
  ];

  return (
    <article className="document-page">
      <header className="page-header">
        <div>
          <p className="eyebrow">{d.document.title}</p>
          <h1>
            {doc.title} <StatusBadge status={doc.status} />
          </h1>
          {polling ? <span className="live-dot live-dot-on">{d.upload.polling}</span> : null}
        </div>
        <div className="page-actions">
          <button type="button" className="btn btn-small btn-ghost" onClick={() => window.history.back()}>
            {d.common.back}
          </button>
        </div>
      </header>
      {error ? <ErrorState error={error} onRetry={reload} /> : null}
      {/* A withdrawal shows as the notice below; a correction gets its own confirmation. */}
      {amended === 'corrected' ? <Notice tone="success">{d.document.amend.corrected}</Notice> : null}
      {acted === 'uploaded' ? <Notice tone="success">{d.document.actions.uploaded}</Notice> : null}
      {acted === 'rerun' ? <Notice tone="success">{d.document.actions.rerunStarted}</Notice> : null}
      {doc.status === 'CANCELLED' && doc.cancelled ? (
        <div className="notice notice-warning" data-testid="cancelled-notice" role={acted ? 'status' : undefined}>
          <div>
            <strong>{d.document.cancelledTitle}</strong>
            <span className="muted">
              {' '}
              · {d.document.cancelledAt(fmt.dateTime(doc.cancelled.at), personName(people.data, doc.cancelled.by))}
            </span>
            <p>{d.document.cancelledReason(doc.cancelled.reason)}</p>
          </div>
        </div>
      ) : null}
      {doc.status === 'WITHDRAWN' ? (
        <div className="notice notice-warning withdrawn-notice" data-testid="withdrawn-notice">
          <div>
            <strong>{d.document.withdrawnTitle}</strong>
            {doc.withdrawnAt ? (
              <span className="muted"> · {d.document.withdrawnAt(fmt.dateTime(doc.withdrawnAt))}</span>
            ) : null}
            {doc.withdrawalReason ? <p>{d.document.withdrawnReason(doc.withdrawalReason)}</p> : null}
          </div>
        </div>
      ) : null}
      <ProgressSteps status={doc.status} />
      {doc.failure ? <FailureNotice failure={doc.failure} alert /> : null}
      <div className="detail-grid">
        <section className="card" aria-labelledby="meta-title">
          <h2 id="meta-title" className="card-title">
            {d.document.metadata}
          </h2>
          <dl className="meta">
            {rows.map(([term, value]) => (
              <div key={term} className="meta-row">
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <div className="stack">
          <StaffActionsPanel
            doc={doc}
            identity={identity}
            onDone={(what) => {
              setActed(what);
              reload();
            }}
          />
          {mayAmend ? (
            <AmendPanel
              doc={doc}
              onAmended={(what) => {
                setAmended(what);
                reload();
              }}
            />
          ) : null}
          {mayAbolishDocument(identity, doc) ? <AbolishPanel doc={doc} onDone={() => reload()} /> : null}
          {corrections.length > 0 ? (
            <section className="card" aria-labelledby="corrections-title" data-testid="corrections">
              <h2 id="corrections-title" className="card-title">
                {d.document.corrections} <span className="muted small">{d.common.count(corrections.length)}</span>
              </h2>
              <ol className="corrections">
                {corrections.map((c) => (
                  <li key={c.at}>
                    <time dateTime={c.at} className="muted small">
                      {fmt.dateTime(c.at)}
                    </time>
                    <p className="correction-note">{c.note}</p>
                    {c.by ? (
                      <span className="muted small">{d.document.correctionBy(personName(people.data, c.by))}</span>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title" className="card-title">
              {d.document.history}
            </h2>
            <HistoryTimeline events={doc.history} />
          </section>
          <section className="card" aria-labelledby="findings-title">
            <h2 id="findings-title" className="card-title">
              {d.document.findings}
            </h2>
            {doc.scanned ? <p className="notice notice-warning">{d.document.scanned}</p> : null}
            {doc.findings === undefined ? (
              <p className="muted">{d.document.notScanned}</p>
            ) : doc.findingsBeforeRedaction ? (
              <RedactionComparison before={doc.findingsBeforeRedaction} after={doc.findings} />
            ) : (
              <FindingsList findings={doc.findings} />
            )}
          </section>
        </div>
      </div>
    </article>
  );
}
