import { useId, useRef, useState } from 'react';
import {
  DecisionResponseSchema,
  type PublicAgency,
  RedactionUploadSchema,
  type Task,
  TaskExcerptSchema,
} from '../../../../../shared/api/responses';
import { ACCEPT_ATTRIBUTE } from '../../../../../shared/model/document';
import type { Decision } from '../../../../../shared/model/task';
import { ErrorState } from '../../../components/feedback';
import { FilePicker } from '../../../components/file-picker';
import { label, useI18n } from '../../../i18n';
import { ApiError, api } from '../../../lib/api';
import { Link } from '../../../lib/router';
import { putFile } from '../../../lib/upload';
import { useResource } from '../../../lib/use-resource';
import { agencyName } from '../../agencies/directory';
import { FindingsList } from '../../documents/components/findings-list';
import { RedactionComparison } from '../../documents/components/redaction-comparison';
import { contentTypeOf } from '../../documents/data/metadata-form';
import { actionLabel, decisionsFor, offersRedaction } from '../data/decisions';
import { HighlightedText } from './highlighted-text';

interface TaskCardProps {
  readonly task: Task;
  readonly agencies: readonly PublicAgency[] | undefined;
  readonly onDecided: (task: Task, decision: Decision) => void;
  readonly onConflict: () => void;
}

export function TaskCard({ task, agencies, onDecided, onConflict }: TaskCardProps) {
  const { d, fmt } = useI18n();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [redacted, setRedacted] = useState<File | null>(null);
  // One key per decision: pressed again after a lost answer, it gets the decision the first press
  // recorded (Idempotency-Key), not "already decided"; another decision or comment gets a new key.
  const decisionKey = useRef<{ readonly request: string; readonly key: string } | null>(null);
  const [redactError, setRedactError] = useState<string | undefined>(undefined);
  const [uploading, setUploading] = useState(false);
  const redactId = useId();
  const doc = task.document;
  const findings = doc?.findings ?? [];
  // The text is kept only for a document with findings, and read when its card is shown.
  const excerpt = useResource(findings.length > 0 ? `excerpt:${task.id}` : null, (signal) =>
    api(`/api/tasks/${encodeURIComponent(task.id)}/excerpt`, TaskExcerptSchema, { signal }),
  );
  // Due on a day: overdue once that day has ended in Beijing.
  const todayInBeijing = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const overdue = task.dueAt.slice(0, 10) < todayInBeijing;
  const department = agencies
    ?.find((a) => a.id === doc?.agency)
    ?.departments.find((x) => x.id === doc?.department)?.name;

  const decide = async (decision: Decision, needsComment: boolean) => {
    if (needsComment && !comment.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setError(undefined);
    setPending(decision);
    try {
      await submitDecision(decision);
    } catch (err) {
      failed(err);
    }
  };

  const submitDecision = async (decision: Decision, extra: Record<string, string> = {}) => {
    const body = { decision, ...extra, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    const request = JSON.stringify(body);
    if (decisionKey.current?.request !== request) decisionKey.current = { request, key: crypto.randomUUID() };
    await api(`/api/tasks/${encodeURIComponent(task.id)}/decision`, DecisionResponseSchema, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': decisionKey.current.key },
    });
    onDecided(task, decision);
  };

  const failed = (err: unknown) => {
    setPending(null);
    setUploading(false);
    if (err instanceof ApiError && err.status === 409) onConflict();
    else setError(err);
  };

  /** 删除敏感内容后公开: upload the redacted version, then decide `redact` with its key; the flow scans it again. */
  const redact = async () => {
    if (!redacted) {
      setRedactError(d.inbox.redact.noFile);
      return;
    }
    const contentType = contentTypeOf(redacted);
    if (!contentType) {
      setRedactError(d.upload.errors.contentType);
      return;
    }
    setRedactError(undefined);
    setMissing(false);
    setError(undefined);
    setPending('redact');
    setUploading(true);
    try {
      const slot = await api(`/api/tasks/${encodeURIComponent(task.id)}/redaction`, RedactionUploadSchema, {
        method: 'POST',
        body: { contentType },
      });
      await putFile(slot.uploadUrl, redacted, contentType, d.upload.uploadFailed);
      setUploading(false);
      await submitDecision('redact', { redactionKey: slot.redactionKey });
    } catch (err) {
      failed(err);
    }
  };

  return (
    <article className={`card task-card ${overdue ? 'task-overdue' : ''}`} data-task-id={task.id} data-kind={task.kind}>
      <header className="task-head">
        <div className="task-title-row">
          <span className={`chip chip-kind chip-kind-${task.kind}`}>{label(d, 'taskKind', task.kind)}</span>
          <h2 className="task-title">
            <Link to={`/documents/${task.documentId}`}>{doc?.title ?? task.documentId}</Link>
          </h2>
        </div>
        <div className="task-flags">
          {overdue ? <span className="badge badge-bad">{d.inbox.overdue}</span> : null}
          {task.escalated ? <span className="badge badge-waiting">{d.inbox.escalated}</span> : null}
        </div>
      </header>
      <dl className="task-meta">
        <div>
          <dt>{d.upload.agency}</dt>
          <dd>
            {agencyName(agencies, doc?.agency)}
            {department || doc?.department ? ` · ${department ?? doc?.department}` : ''}
          </dd>
        </div>
        <div>
          <dt>{d.upload.disclosure}</dt>
          <dd>{label(d, 'disclosure', doc?.disclosure)}</dd>
        </div>
        <div>
          <dt>{d.upload.formedAt}</dt>
          <dd>{fmt.date(doc?.formedAt)}</dd>
        </div>
        <div>
          <dt>{d.inbox.receivedAt}</dt>
          <dd>{fmt.dateTime(task.createdAt)}</dd>
        </div>
        <div>
          <dt>{d.inbox.due}</dt>
          <dd className={overdue ? 'text-bad' : undefined}>{fmt.dateTime(task.dueAt)}</dd>
        </div>
      </dl>

      <section className="task-findings">
        {doc?.scanned ? (
          <p className="notice notice-warning" data-testid="scanned-notice">
            {d.document.scanned}
          </p>
        ) : null}
        {doc?.findingsBeforeRedaction ? (
          <RedactionComparison before={doc.findingsBeforeRedaction} after={findings} />
        ) : (
          <>
            <h3 className="subhead">{findings.length > 0 ? d.inbox.findings(findings.length) : d.inbox.noFindings}</h3>
            {findings.length > 0 ? <FindingsList findings={findings} /> : null}
          </>
        )}
        {excerpt.data?.text ? (
          <details className="excerpt-box" open={findings.length > 0}>
            <summary>{d.inbox.excerpt}</summary>
            <HighlightedText text={excerpt.data.text} findings={findings} />
          </details>
        ) : null}
      </section>

      <div className="task-decision">
        <div className={`field ${missing ? 'field-invalid' : ''}`}>
          <label className="field-label" htmlFor={`comment-${task.id}`}>
            {d.inbox.comment}
          </label>
          <textarea
            id={`comment-${task.id}`}
            rows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              if (e.target.value.trim()) setMissing(false);
            }}
            aria-describedby={`comment-hint-${task.id}`}
          />
          <span id={`comment-hint-${task.id}`} className="field-hint">
            {d.inbox.commentHint[task.kind]}
          </span>
          {missing ? (
            <span className="field-error" role="alert">
              {d.inbox.commentRequired}
            </span>
          ) : null}
        </div>
        {error ? <ErrorState error={error} /> : null}
        <div className="decision-buttons">
          {decisionsFor(task.kind).map(({ decision, tone, needsComment }) => (
            <button
              key={decision}
              type="button"
              className={`btn ${tone === 'primary' ? 'btn-primary' : tone === 'danger' ? 'btn-danger' : ''}`}
              disabled={pending !== null}
              data-decision={decision}
              onClick={() => void decide(decision, needsComment)}
            >
              {pending === decision ? d.inbox.working : actionLabel(d, task.kind, decision)}
              {needsComment ? (
                <span className="req-mark" aria-hidden="true">
                  *
                </span>
              ) : null}
            </button>
          ))}
        </div>
        {offersRedaction(task.kind) ? (
          <fieldset className={`redact-box ${redactError ? 'field-invalid' : ''}`} data-testid="redact-box">
            <legend className="subhead">{d.inbox.redact.title}</legend>
            <p className="field-hint" id={`${redactId}-hint`}>
              {d.inbox.redact.hint}
            </p>
            <div className="redact-row">
              <label className="field-label visually-hidden" htmlFor={redactId}>
                {d.inbox.redact.file}
              </label>
              <FilePicker
                id={redactId}
                name="redacted"
                file={redacted}
                accept={ACCEPT_ATTRIBUTE}
                aria-describedby={`${redactId}-hint`}
                {...(redactError ? { 'aria-invalid': true } : {})}
                onChange={(file) => {
                  setRedacted(file);
                  setRedactError(undefined);
                }}
              />
              <button
                type="button"
                className="btn"
                disabled={pending !== null}
                data-decision="redact"
                onClick={() => void redact()}
              >
                {pending === 'redact'
                  ? uploading
                    ? d.inbox.redact.uploading
                    : d.inbox.working
                  : actionLabel(d, 'review', 'redact')}
              </button>
            </div>
            {redactError ? (
              <span className="field-error" role="alert">
                {redactError}
              </span>
            ) : null}
          </fieldset>
        ) : null}
      </div>
    </article>
  );
}
