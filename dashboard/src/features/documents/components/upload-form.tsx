import { type FormEvent, useId, useRef, useState } from 'react';
import {
  CreatedDocumentSchema,
  type DocumentSummary,
  type Identity,
  type PublicAgency,
} from '../../../../../shared/api/responses';
import { ACCEPT_ATTRIBUTE, SENSITIVE_CATEGORIES } from '../../../../../shared/model/document';
import { EARLIEST_FORMED_AT, latestFormedAt } from '../../../../../shared/model/formed-at';
import { DOCUMENT_TYPES, type DocumentType, isNormative } from '../../../../../shared/model/lifecycle';
import { ChoiceOptions } from '../../../components/choice-options';
import { ErrorState } from '../../../components/feedback';
import { Field } from '../../../components/field';
import { FilePicker } from '../../../components/file-picker';
import { label, useI18n } from '../../../i18n';
import { api } from '../../../lib/api';
import { putFile } from '../../../lib/upload';
import type { Resource } from '../../../lib/use-resource';
import { agencyName } from '../../agencies/directory';
import { categoryChoices } from '../../catalog/data/categories';
import { contentTypeOf, type FieldErrors, type MetadataForm, validateMetadata } from '../data/metadata-form';

function today(): string {
  // en-CA formats as YYYY-MM-DD; the district's calendar day.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function emptyForm(identity: Identity): MetadataForm {
  return {
    title: '',
    department: identity.department ?? '',
    category: '02',
    documentNumber: '',
    formedAt: today(),
    disclosure: 'proactive',
    legalReason: '',
    origin: 'made',
    madeBy: '',
    heldBy: '',
    leadDrafter: '',
    sensitiveCategory: '',
    importantPolicy: false,
    interprets: '',
    consult: [],
    documentType: '',
    validUntil: '',
  };
}

type Phase = 'idle' | 'registering' | 'uploading';

interface UploadFormProps {
  readonly identity: Identity;
  readonly agencies: Resource<PublicAgency[]>;
  readonly documents: readonly DocumentSummary[];
  readonly onUploaded: (id: string) => void;
}

/** Registers the metadata (POST /api/documents), then PUTs the bytes to the presigned URL. */
export function UploadForm({ identity, agencies, documents, onUploaded }: UploadFormProps) {
  const { d } = useI18n();
  const [form, setForm] = useState<MetadataForm>(() => emptyForm(identity));
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [phase, setPhase] = useState<Phase>('idle');
  const [failure, setFailure] = useState<unknown>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  // One key per registration: a submit retried after a lost answer or a failed upload gets the
  // registration the first one made (Idempotency-Key), not a second document; a change makes a new one.
  const registrationKey = useRef<string | null>(null);
  const consultId = useId();

  const own = agencies.data?.find((a) => a.id === identity.agency);
  const departments = own?.departments.length
    ? own.departments
    : identity.department
      ? [{ id: identity.department, name: identity.department }]
      : [];
  // The agencies a document can name besides the uploader's own: maker/holder, lead drafter, consulted.
  const others = (agencies.data ?? []).filter((a) => a.id !== identity.agency && a.status === 'active');
  // COORD-1: the maker for information made, the holder for information obtained.
  const ownerField = form.origin === 'made' ? 'madeBy' : 'heldBy';

  const set =
    <K extends keyof MetadataForm>(key: K) =>
    (value: MetadataForm[K]) => {
      registrationKey.current = null;
      setForm((f) => ({ ...f, [key]: value }));
      setErrors((e) => (e[key] ? { ...e, [key]: undefined } : e));
    };

  const toggleConsult = (id: string, checked: boolean) =>
    set('consult')(checked ? [...form.consult.filter((c) => c !== id), id] : form.consult.filter((c) => c !== id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const checked = validateMetadata(form, identity.agency, file, d, today());
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    if (!file) return;
    try {
      setPhase('registering');
      registrationKey.current ??= crypto.randomUUID();
      const created = await api('/api/documents', CreatedDocumentSchema, {
        method: 'POST',
        body: checked.metadata,
        headers: { 'Idempotency-Key': registrationKey.current },
      });
      // No link: a retry of a registration whose file is already in.
      if (created.uploadUrl) {
        setPhase('uploading');
        await putFile(created.uploadUrl, file, checked.metadata.contentType, d.upload.uploadFailed);
      }
      registrationKey.current = null;
      setForm(emptyForm(identity));
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      onUploaded(created.id);
    } catch (err) {
      setFailure(err);
    } finally {
      setPhase('idle');
    }
  };

  const busy = phase !== 'idle';
  const hasErrors = Object.values(errors).some(Boolean);

  return (
    <form className="card upload-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="upload-form-title">
      <h2 id="upload-form-title" className="card-title">
        {d.upload.formTitle}
      </h2>
      {hasErrors ? (
        <div className="notice notice-error" role="alert">
          <div>
            {d.upload.errors.summary}
            {errors.form ? <p>{errors.form}</p> : null}
          </div>
        </div>
      ) : null}
      {failure ? <ErrorState error={failure} /> : null}
      <div className="form-grid">
        <Field label={d.upload.docTitle} error={errors.title} className="span-2">
          <input name="title" value={form.title} maxLength={200} onChange={(e) => set('title')(e.target.value)} />
        </Field>
        <Field label={d.upload.agency}>
          <input name="agency" value={agencyName(agencies.data, identity.agency)} readOnly />
        </Field>
        <Field
          label={d.upload.department}
          error={errors.department}
          hint={agencies.error ? d.upload.departmentsUnavailable : undefined}
        >
          <select name="department" value={form.department} onChange={(e) => set('department')(e.target.value)}>
            <ChoiceOptions choices={departments} />
          </select>
        </Field>
        <Field label={d.upload.category} error={errors.category}>
          <select name="category" value={form.category} onChange={(e) => set('category')(e.target.value)}>
            <ChoiceOptions choices={categoryChoices(d)} />
          </select>
        </Field>
        <Field label={d.annual.documentTypeLabel} error={errors.documentType} optional>
          <select name="documentType" value={form.documentType} onChange={(e) => set('documentType')(e.target.value)}>
            <ChoiceOptions
              placeholder={d.annual.documentType.other}
              choices={DOCUMENT_TYPES.filter((t) => t !== 'other').map((t) => ({
                id: t,
                name: d.annual.documentType[t],
              }))}
            />
          </select>
        </Field>
        {isNormative(form.documentType as DocumentType) ? (
          <Field label={d.annual.validUntil} error={errors.validUntil} hint={d.annual.validUntilHint} optional>
            <input
              name="validUntil"
              type="date"
              min={form.formedAt}
              value={form.validUntil}
              onChange={(e) => set('validUntil')(e.target.value)}
            />
          </Field>
        ) : null}
        <Field label={d.upload.documentNumber} error={errors.documentNumber} optional>
          <input
            name="documentNumber"
            value={form.documentNumber}
            placeholder={d.upload.documentNumberPlaceholder}
            onChange={(e) => set('documentNumber')(e.target.value)}
          />
        </Field>
        <Field label={d.upload.formedAt} error={errors.formedAt}>
          <input
            name="formedAt"
            type="date"
            min={EARLIEST_FORMED_AT}
            max={latestFormedAt(today())}
            value={form.formedAt}
            onChange={(e) => set('formedAt')(e.target.value)}
          />
        </Field>
        <Field label={d.upload.origin} error={errors.origin}>
          <select
            name="origin"
            value={form.origin}
            onChange={(e) => {
              set('origin')(e.target.value as MetadataForm['origin']);
              // The maker's or holder's field swaps with the origin; an error on the hidden one goes.
              setErrors((x) => (x.madeBy || x.heldBy ? { ...x, madeBy: undefined, heldBy: undefined } : x));
            }}
          >
            {(['made', 'obtained'] as const).map((o) => (
              <option key={o} value={o}>
                {label(d, 'origin', o)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={d.upload[ownerField]}
          error={errors[ownerField]}
          hint={d.upload.madeByHint}
          optional
          className="span-2"
        >
          <select name={ownerField} value={form[ownerField]} onChange={(e) => set(ownerField)(e.target.value)}>
            <ChoiceOptions placeholder={d.upload.madeByNone} choices={others} />
          </select>
        </Field>
        <fieldset className={`field span-2 ${errors.disclosure ? 'field-invalid' : ''}`}>
          <legend className="field-label">{d.upload.disclosure}</legend>
          <div className="radio-row">
            {(['proactive', 'on-request', 'not-disclosed'] as const).map((value) => (
              <label key={value} className="radio">
                <input
                  type="radio"
                  name="disclosure"
                  value={value}
                  checked={form.disclosure === value}
                  onChange={() => set('disclosure')(value)}
                />
                {label(d, 'disclosure', value)}
              </label>
            ))}
          </div>
        </fieldset>
        {form.disclosure === 'not-disclosed' ? (
          <Field label={d.upload.legalReason} error={errors.legalReason} className="span-2">
            <textarea
              name="legalReason"
              rows={2}
              maxLength={500}
              value={form.legalReason}
              placeholder={d.upload.legalReasonPlaceholder}
              onChange={(e) => set('legalReason')(e.target.value)}
            />
          </Field>
        ) : null}
        <Field label={d.upload.leadDrafter} error={errors.leadDrafter} optional>
          <select name="leadDrafter" value={form.leadDrafter} onChange={(e) => set('leadDrafter')(e.target.value)}>
            <ChoiceOptions placeholder={d.upload.leadDrafterNone} choices={others} />
          </select>
        </Field>
        <Field label={d.upload.sensitiveCategory} error={errors.sensitiveCategory} optional>
          <select
            name="sensitiveCategory"
            value={form.sensitiveCategory}
            onChange={(e) => set('sensitiveCategory')(e.target.value)}
          >
            <ChoiceOptions
              placeholder={d.upload.sensitiveNone}
              choices={SENSITIVE_CATEGORIES.map((c) => ({ id: c, name: label(d, 'sensitive', c) }))}
            />
          </select>
        </Field>
        <Field label={d.upload.interprets} error={errors.interprets} optional>
          <select name="interprets" value={form.interprets} onChange={(e) => set('interprets')(e.target.value)}>
            <ChoiceOptions
              placeholder={d.upload.interpretsNone}
              choices={documents.map((doc) => ({ id: doc.id, name: doc.title }))}
            />
          </select>
        </Field>
        <div className="field checkbox-field">
          <label className="checkbox">
            <input
              type="checkbox"
              name="importantPolicy"
              checked={form.importantPolicy}
              onChange={(e) => set('importantPolicy')(e.target.checked)}
            />
            {d.upload.importantPolicy}
          </label>
        </div>
        <fieldset
          className={`field span-2 ${errors.consult ? 'field-invalid' : ''}`}
          aria-describedby={`${consultId}-hint${errors.consult ? ` ${consultId}-error` : ''}`}
        >
          <legend className="field-label">
            {d.upload.consult}
            <span className="muted">{d.common.optional}</span>
          </legend>
          {others.length > 0 ? (
            <div className="checkbox-list">
              {others.map((a) => (
                <label key={a.id} className="checkbox">
                  <input
                    type="checkbox"
                    name="consult"
                    value={a.id}
                    checked={form.consult.includes(a.id)}
                    onChange={(e) => toggleConsult(a.id, e.target.checked)}
                  />
                  {a.name}
                </label>
              ))}
            </div>
          ) : (
            <p className="muted small checkbox-list-empty">
              {agencies.error ? d.upload.consultUnavailable : d.upload.consultNone}
            </p>
          )}
          <span id={`${consultId}-hint`} className="field-hint">
            {d.upload.consultHint}
          </span>
          {errors.consult ? (
            <span id={`${consultId}-error`} className="field-error" role="alert">
              {errors.consult}
            </span>
          ) : null}
        </fieldset>
        <Field label={d.upload.file} error={errors.file} hint={d.upload.fileHint} className="span-2">
          <FilePicker
            ref={fileInput}
            name="file"
            file={file}
            accept={ACCEPT_ATTRIBUTE}
            onChange={(chosen) => {
              registrationKey.current = null;
              setFile(chosen);
              setErrors((x) => ({ ...x, file: undefined }));
              if (chosen && !form.title.trim()) set('title')(chosen.name.replace(/\.[^.]+$/, ''));
            }}
          />
        </Field>
      </div>
      {file ? (
        <p className="muted small file-chosen">
          {contentTypeOf(file) ?? (file.type || '?')} · {(file.size / 1024).toFixed(1)} KB
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? `${phase === 'registering' ? d.upload.stepRegister : d.upload.stepUpload}…` : d.upload.submit}
        </button>
      </div>
    </form>
  );
}
