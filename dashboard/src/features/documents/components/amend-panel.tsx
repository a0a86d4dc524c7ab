import { type FormEvent, useRef, useState } from 'react';
import {
  CorrectedDocumentSchema,
  type DocumentDetail,
  WithdrawnDocumentSchema,
} from '../../../../../shared/api/responses';
import { ACCEPT_ATTRIBUTE } from '../../../../../shared/model/document';
import { ErrorState } from '../../../components/feedback';
import { Field } from '../../../components/field';
import { FilePicker } from '../../../components/file-picker';
import { type Dict, label, useI18n } from '../../../i18n';
import { ApiError, api } from '../../../lib/api';
import { contentTypeOf } from '../data/metadata-form';

/** The API takes corrected files inline (base64) up to this size. */
const MAX_CORRECTION_BYTES = 5 * 1024 * 1024;

type Mode = 'correct' | 'withdraw' | null;
export type Amendment = 'corrected' | 'withdrawn';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The API's refusals, said in the reader's language where we know them. */
function explain(d: Dict, err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const e = d.document.amend.errors;
  if (err.code === 'unauthorised_publication') return new ApiError(err.status, err.code, e.unauthorised, true);
  if (err.status === 400 && err.message.includes('FIVE-4')) {
    const found = /found: ([^)]*)\)/.exec(err.message)?.[1] ?? '';
    const kinds = found
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => label(d, 'findingKind', k))
      .join('、');
    return new ApiError(err.status, err.code, e.personalData(kinds || d.common.none), true);
  }
  return err;
}

/** 更正 / 撤回 for the publishing agency's uploader or leader, each behind a confirmation. */
export function AmendPanel({ doc, onAmended }: { doc: DocumentDetail; onAmended: (what: Amendment) => void }) {
  const { d } = useI18n();
  const a = d.document.amend;
  const [mode, setMode] = useState<Mode>(null);
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ note?: string; file?: string; reason?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  // One key per correction or withdrawal (a new note, file or reason makes another): a retry after
  // a lost answer or a failure finds what the first request made instead of amending again.
  const amendmentKey = useRef<string | null>(null);

  const choose = (next: Mode) => {
    amendmentKey.current = null;
    setMode((m) => (m === next ? null : next));
    setConfirming(false);
    setErrors({});
    setFailure(undefined);
  };

  const check = (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const found: typeof errors = {};
    if (mode === 'correct') {
      if (!note.trim() || note.trim().length > 500) found.note = a.errors.note;
      if (!file) found.file = a.errors.file;
      else if (!contentTypeOf(file)) found.file = a.errors.contentType;
      else if (file.size > MAX_CORRECTION_BYTES) found.file = a.errors.tooLarge;
    } else if (!reason.trim() || reason.trim().length > 500) found.reason = a.errors.reason;
    setErrors(found);
    if (Object.keys(found).length === 0) setConfirming(true);
  };

  const submit = async () => {
    setBusy(true);
    setFailure(undefined);
    const path = `/api/documents/${encodeURIComponent(doc.id)}`;
    try {
      const contentType = file && contentTypeOf(file);
      if (mode === 'correct' && file && contentType) {
        let contentBase64: string;
        try {
          contentBase64 = await readBase64(file);
        } catch {
          throw new Error(a.errors.readFailed);
        }
        amendmentKey.current ??= crypto.randomUUID();
        await api(`${path}/corrections`, CorrectedDocumentSchema, {
          method: 'POST',
          body: { note: note.trim(), filename: file.name, contentType, contentBase64 },
          headers: { 'Idempotency-Key': amendmentKey.current },
        });
        amendmentKey.current = null;
        onAmended('corrected');
      } else if (mode === 'withdraw') {
        amendmentKey.current ??= crypto.randomUUID();
        await api(`${path}/withdrawal`, WithdrawnDocumentSchema, {
          method: 'POST',
          body: { reason: reason.trim() },
          headers: { 'Idempotency-Key': amendmentKey.current },
        });
        amendmentKey.current = null;
        onAmended('withdrawn');
      }
      setMode(null);
      setNote('');
      setFile(null);
      setReason('');
    } catch (err) {
      setFailure(explain(d, err));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <section className="card amend-panel" aria-labelledby="amend-title" data-testid="amend-panel">
      <h2 id="amend-title" className="card-title">
        {a.title}
      </h2>
      <p className="muted small amend-hint">{a.hint}</p>
      <div className="amend-choices">
        <button
          type="button"
          className={mode === 'correct' ? 'btn btn-small btn-selected' : 'btn btn-small'}
          aria-expanded={mode === 'correct'}
          data-action="correct"
          onClick={() => choose('correct')}
          disabled={busy}
        >
          {a.correct}
        </button>
        <button
          type="button"
          className={mode === 'withdraw' ? 'btn btn-small btn-danger btn-selected' : 'btn btn-small btn-danger'}
          aria-expanded={mode === 'withdraw'}
          data-action="withdraw"
          onClick={() => choose('withdraw')}
          disabled={busy}
        >
          {a.withdraw}
        </button>
      </div>
      {mode ? (
        <form className="amend-form" onSubmit={check} noValidate>
          {mode === 'correct' ? (
            <>
              <Field label={a.note} error={errors.note}>
                <textarea
                  name="correctionNote"
                  rows={2}
                  maxLength={500}
                  value={note}
                  placeholder={a.notePlaceholder}
                  disabled={confirming || busy}
                  onChange={(e) => {
                    amendmentKey.current = null;
                    setNote(e.target.value);
                    setErrors((x) => ({ ...x, note: undefined }));
                  }}
                />
              </Field>
              <Field label={a.file} error={errors.file} hint={a.fileHint}>
                <FilePicker
                  name="correctionFile"
                  accept={ACCEPT_ATTRIBUTE}
                  file={file}
                  onChange={(chosen) => {
                    amendmentKey.current = null;
                    setFile(chosen);
                    setErrors((x) => ({ ...x, file: undefined }));
                  }}
                />
              </Field>
            </>
          ) : (
            <Field label={a.reason} error={errors.reason}>
              <textarea
                name="withdrawalReason"
                rows={2}
                maxLength={500}
                value={reason}
                placeholder={a.reasonPlaceholder}
                disabled={confirming || busy}
                onChange={(e) => {
                  amendmentKey.current = null;
                  setReason(e.target.value);
                  setErrors((x) => ({ ...x, reason: undefined }));
                }}
              />
            </Field>
          )}
          {failure ? <ErrorState error={failure} /> : null}
          {confirming ? (
            <div className="confirm" role="alertdialog" aria-labelledby="amend-confirm" data-testid="amend-confirm">
              <p id="amend-confirm">{mode === 'correct' ? a.confirmCorrect : a.confirmWithdraw}</p>
              <div className="form-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => void submit()}
                  disabled={busy}
                  data-action="confirm"
                >
                  {busy ? a.working : mode === 'correct' ? a.confirmCorrectButton : a.confirmWithdrawButton}
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)} disabled={busy}>
                  {d.common.cancel}
                </button>
              </div>
            </div>
          ) : (
            <div className="form-actions">
              <button type="submit" className={mode === 'correct' ? 'btn btn-primary' : 'btn btn-danger'}>
                {mode === 'correct' ? a.submitCorrect : a.submitWithdraw}
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => choose(null)}>
                {d.common.cancel}
              </button>
            </div>
          )}
        </form>
      ) : null}
    </section>
  );
}
