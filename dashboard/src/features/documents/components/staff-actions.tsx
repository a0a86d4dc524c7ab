import { type FormEvent, useState } from 'react';
import {
  CancelledDocumentSchema,
  type DocumentDetail,
  type Identity,
  RerunDocumentSchema,
  UploadUrlSchema,
} from '../../../../../shared/api/responses';
import { ACCEPTED_FILE_TYPES, MAX_UPLOAD_BYTES } from '../../../../../shared/model/document';
import { safeText } from '../../../../../shared/model/text';
import { mayAct } from '../../../app/access';
import { ErrorState } from '../../../components/feedback';
import { Field } from '../../../components/field';
import { FilePicker } from '../../../components/file-picker';
import { useI18n } from '../../../i18n';
import { api } from '../../../lib/api';
import { putFile } from '../../../lib/upload';
import { contentTypeOf } from '../data/metadata-form';

type Mode = 'upload' | 'cancel' | 'rerun' | null;
export type StaffOutcome = 'uploaded' | 'cancelled' | 'rerun';

const CancelReason = safeText('reason', 500);

/** Which staff actions the caller may take on the document as it stands. */
export function staffActionsFor(identity: Identity | null, doc: DocumentDetail) {
  return {
    upload: mayAct(identity, doc, 'upload'),
    cancel: mayAct(identity, doc, 'cancel'),
    rerun: mayAct(identity, doc, 'rerun'),
  };
}

/**
 * 重新获取上传链接 (a DRAFT whose file did not come), 撤销登记 (DRAFT, RETURNED, FAILED) and
 * 重新处理 (a system failure), each offered only to whom the server allows it, behind a confirmation.
 */
export function StaffActionsPanel({
  doc,
  identity,
  onDone,
}: {
  doc: DocumentDetail;
  identity: Identity | null;
  onDone: (what: StaffOutcome) => void;
}) {
  const { d } = useI18n();
  const a = d.document.actions;
  const may = staffActionsFor(identity, doc);
  const [mode, setMode] = useState<Mode>(null);
  const [file, setFile] = useState<File | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ file?: string; reason?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const path = `/api/documents/${encodeURIComponent(doc.id)}`;
  const fileType = ACCEPTED_FILE_TYPES[doc.contentType].map((ext) => ext.toUpperCase()).join(' / ');

  const choose = (next: Mode) => {
    setMode((m) => (m === next ? null : next));
    setConfirming(next === 'rerun');
    setErrors({});
    setFailure(undefined);
  };

  const check = (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const found: typeof errors = {};
    if (mode === 'upload') {
      if (!file) found.file = a.errors.file;
      else if (contentTypeOf(file) !== doc.contentType) found.file = a.errors.contentType(fileType);
      else if (file.size > MAX_UPLOAD_BYTES) found.file = a.errors.tooLarge;
      else if (file.size === 0) found.file = a.errors.empty;
    } else if (mode === 'cancel') {
      const parsed = CancelReason.safeParse(reason);
      if (!parsed.success) {
        found.reason = parsed.error.issues.some((i) => i.code === 'invalid_format') ? a.errors.unsafe : a.errors.reason;
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (mode === 'upload') void submit();
    else setConfirming(true);
  };

  const submit = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      if (mode === 'upload' && file) {
        const { uploadUrl } = await api(`${path}/upload-url`, UploadUrlSchema, { method: 'POST' });
        await putFile(uploadUrl, file, doc.contentType, d.upload.uploadFailed);
        onDone('uploaded');
      } else if (mode === 'cancel') {
        await api(`${path}/cancel`, CancelledDocumentSchema, { method: 'POST', body: { reason: reason.trim() } });
        onDone('cancelled');
      } else if (mode === 'rerun') {
        await api(`${path}/rerun`, RerunDocumentSchema, { method: 'POST' });
        onDone('rerun');
      }
      setMode(null);
      setFile(null);
      setReason('');
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const refused = doc.status === 'FAILED' && doc.failure?.kind === 'input';
  if (!may.upload && !may.cancel && !may.rerun) return null;
  return (
    <section className="card amend-panel" aria-labelledby="staff-actions-title" data-testid="staff-actions">
      <h2 id="staff-actions-title" className="card-title">
        {a.title}
      </h2>
      {may.rerun && doc.failure ? (
        <p className="muted small amend-hint">{a.rerunHint(doc.failure.step)}</p>
      ) : refused ? (
        <p className="muted small amend-hint">{a.refusedHint}</p>
      ) : doc.status === 'DRAFT' ? (
        <p className="muted small amend-hint">{a.draftHint}</p>
      ) : null}
      <div className="amend-choices">
        {may.upload ? (
          <button
            type="button"
            className={mode === 'upload' ? 'btn btn-small btn-selected' : 'btn btn-small'}
            aria-expanded={mode === 'upload'}
            data-action="reupload"
            onClick={() => choose('upload')}
            disabled={busy}
          >
            {a.reupload}
          </button>
        ) : null}
        {may.rerun ? (
          <button
            type="button"
            className={mode === 'rerun' ? 'btn btn-small btn-selected' : 'btn btn-small'}
            aria-expanded={mode === 'rerun'}
            data-action="rerun"
            onClick={() => choose('rerun')}
            disabled={busy}
          >
            {a.rerun}
          </button>
        ) : null}
        {may.cancel ? (
          <button
            type="button"
            className={mode === 'cancel' ? 'btn btn-small btn-danger btn-selected' : 'btn btn-small btn-danger'}
            aria-expanded={mode === 'cancel'}
            data-action="cancel-registration"
            onClick={() => choose('cancel')}
            disabled={busy}
          >
            {a.cancel}
          </button>
        ) : null}
      </div>
      {mode ? (
        <form className="amend-form" onSubmit={check} noValidate>
          {mode === 'upload' ? (
            <Field label={a.file} error={errors.file} hint={a.fileHint(fileType)}>
              <FilePicker
                name="reuploadFile"
                accept={ACCEPTED_FILE_TYPES[doc.contentType].map((ext) => `.${ext}`).join(',')}
                file={file}
                onChange={(chosen) => {
                  setFile(chosen);
                  setErrors((x) => ({ ...x, file: undefined }));
                }}
              />
            </Field>
          ) : null}
          {mode === 'cancel' ? (
            <Field label={a.reason} error={errors.reason} hint={doc.status === 'FAILED' ? a.abandonHint : undefined}>
              <textarea
                name="cancelReason"
                rows={2}
                maxLength={500}
                value={reason}
                placeholder={a.reasonPlaceholder}
                disabled={confirming || busy}
                onChange={(e) => {
                  setReason(e.target.value);
                  setErrors((x) => ({ ...x, reason: undefined }));
                }}
              />
            </Field>
          ) : null}
          {failure ? <ErrorState error={failure} /> : null}
          {confirming ? (
            <div className="confirm" role="alertdialog" aria-labelledby="staff-confirm" data-testid="staff-confirm">
              <p id="staff-confirm">{mode === 'cancel' ? a.confirmCancel : a.confirmRerun}</p>
              <div className="form-actions">
                <button
                  type="button"
                  className={mode === 'cancel' ? 'btn btn-danger' : 'btn btn-primary'}
                  onClick={() => void submit()}
                  disabled={busy}
                  data-action="confirm"
                >
                  {busy ? a.working : mode === 'cancel' ? a.confirmCancelButton : a.confirmRerunButton}
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => choose(null)} disabled={busy}>
                  {d.common.cancel}
                </button>
              </div>
            </div>
          ) : (
            <div className="form-actions">
              <button
                type="submit"
                className={mode === 'cancel' ? 'btn btn-danger' : 'btn btn-primary'}
                disabled={busy}
              >
                {busy ? a.working : mode === 'upload' ? a.submitUpload : a.submitCancel}
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => choose(null)} disabled={busy}>
                {d.common.cancel}
              </button>
            </div>
          )}
        </form>
      ) : null}
    </section>
  );
}
