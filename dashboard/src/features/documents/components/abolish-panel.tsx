import { type FormEvent, useState } from 'react';
import { AbolishedDocumentSchema, type DocumentDetail, type Identity } from '../../../../../shared/api/responses';
import { isNormative, lifecycleState } from '../../../../../shared/model/lifecycle';
import { ErrorState } from '../../../components/feedback';
import { Field } from '../../../components/field';
import { useI18n } from '../../../i18n';
import { api } from '../../../lib/api';

/** Who may record a 废止 (the server's rule, shared/pipeline/abolish.ts): the issuing agency's uploaders and leaders, or admin. */
export function mayAbolishDocument(identity: Identity | null, doc: DocumentDetail): boolean {
  if (!identity || !isNormative(doc.documentType) || doc.abolition) return false;
  if (doc.status !== 'PUBLISHED' && doc.status !== 'CORRECTED') return false;
  if (identity.roles.includes('admin')) return true;
  const own = identity.agency === doc.agency || identity.agency === doc.publisher;
  return own && (identity.roles.includes('uploader') || identity.roles.includes('leader'));
}

/** The lifecycle of a regulation or normative document as a line: 现行有效, 已废止 (by what), 已失效. */
export function LifecycleLine({ doc, today }: { doc: DocumentDetail; today: string }) {
  const { d } = useI18n();
  const state = lifecycleState(doc, today);
  if (!state) return null;
  return (
    <span className={`badge ${state === 'in-force' ? 'badge-good' : 'badge-muted'}`} data-testid="lifecycle">
      {doc.abolition ? d.annual.abolishedOn(doc.abolition.on, doc.abolition.document) : d.annual.lifecycle[state]}
      {doc.validUntil && !doc.abolition ? ` · ${d.annual.validUntil} ${doc.validUntil}` : ''}
    </span>
  );
}

/** 废止: the day it stops being in force and the abolishing document. */
export function AbolishPanel({ doc, onDone }: { doc: DocumentDetail; onDone: (on: string) => void }) {
  const { d } = useI18n();
  const a = d.annual.abolish;
  const [on, setOn] = useState('');
  const [document, setDocument] = useState('');
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setBusy(true);
    try {
      const done = await api(`/api/documents/${doc.id}/abolish`, AbolishedDocumentSchema, {
        method: 'POST',
        body: { on, document },
      });
      onDone(done.abolition.on);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="abolish-title" data-testid="abolish-panel">
      <h2 id="abolish-title" className="card-title">
        {a.title}
      </h2>
      <p className="muted small">{a.lead}</p>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        <Field label={a.on}>
          <input type="date" required min={doc.formedAt} value={on} onChange={(e) => setOn(e.target.value)} />
        </Field>
        <Field label={a.document}>
          <input required maxLength={200} value={document} onChange={(e) => setDocument(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-danger" disabled={busy || !on || !document.trim()}>
            {a.submit}
          </button>
        </div>
      </form>
      {failure ? <ErrorState error={failure} /> : null}
    </section>
  );
}
