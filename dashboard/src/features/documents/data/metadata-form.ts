import {
  ACCEPTED_CONTENT_TYPES,
  type AcceptedContentType,
  contentTypeOfExtension,
  type DISCLOSURE_ATTRIBUTES,
  type DocumentMetadata,
  DocumentMetadataSchema,
  MAX_UPLOAD_BYTES,
} from '../../../../../shared/model/document';
import { EARLIEST_FORMED_AT, formedAtInWindow, latestFormedAt } from '../../../../../shared/model/formed-at';
import { type DocumentType, isNormative } from '../../../../../shared/model/lifecycle';
import type { Dict } from '../../../i18n';

/** What the form holds: strings as typed, the file apart. */
export interface MetadataForm {
  title: string;
  department: string;
  category: string;
  documentNumber: string;
  formedAt: string;
  disclosure: (typeof DISCLOSURE_ATTRIBUTES)[number];
  legalReason: string;
  origin: 'made' | 'obtained';
  /** COORD-1: the maker (origin made) when not the uploading agency; only sent for that origin. */
  madeBy: string;
  /** COORD-1: the holder (origin obtained) when not the uploading agency; only sent for that origin. */
  heldBy: string;
  leadDrafter: string;
  sensitiveCategory: string;
  importantPolicy: boolean;
  interprets: string;
  /** COORD-5(1): agencies whose authority the content touches. */
  consult: string[];
  /** The annual report's document type ('' is other); 有效期 only for regulations and normative documents. */
  documentType: string;
  validUntil: string;
}

/** `form` carries an error no field of the form can fix. */
export type FieldName = keyof MetadataForm | 'file' | 'form';
export type FieldErrors = Partial<Record<FieldName, string>>;

const isAccepted = (type: string): type is AcceptedContentType =>
  (ACCEPTED_CONTENT_TYPES as readonly string[]).includes(type);

/** The browser's type when it is one we accept, else the one the extension names; undefined for neither. */
export function contentTypeOf(file: File): AcceptedContentType | undefined {
  const type = file.type.split(';')[0]?.trim() ?? '';
  return isAccepted(type) ? type : contentTypeOfExtension(file.name);
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

/**
 * Checks the form with the API's own schema (DocumentMetadataSchema), so the browser rejects
 * exactly what the server would, and says why in the reader's language.
 */
export function validateMetadata(
  form: MetadataForm,
  agency: string,
  file: File | null,
  d: Dict,
  /** The district's calendar day (YYYY-MM-DD): formedAt may be at most a year later. */
  today: string,
): { ok: true; metadata: DocumentMetadata } | { ok: false; errors: FieldErrors } {
  const candidate = {
    title: form.title,
    agency,
    department: form.department,
    category: form.category,
    documentNumber: optional(form.documentNumber),
    formedAt: form.formedAt,
    disclosure: form.disclosure,
    legalReason: form.disclosure === 'not-disclosed' ? optional(form.legalReason) : undefined,
    origin: form.origin,
    madeBy: form.origin === 'made' ? optional(form.madeBy) : undefined,
    heldBy: form.origin === 'obtained' ? optional(form.heldBy) : undefined,
    leadDrafter: optional(form.leadDrafter),
    sensitiveCategory: optional(form.sensitiveCategory),
    importantPolicy: form.importantPolicy ? true : undefined,
    interprets: optional(form.interprets),
    consult: form.consult.length > 0 ? [...new Set(form.consult)] : undefined,
    documentType: optional(form.documentType),
    validUntil: isNormative(form.documentType as DocumentType) ? optional(form.validUntil) : undefined,
    filename: file?.name ?? '',
    // A type we do not accept goes to the schema as the browser gave it, to be refused there.
    contentType: file ? (contentTypeOf(file) ?? file.type) : '',
  };
  const result = DocumentMetadataSchema.safeParse(candidate);
  const errors: FieldErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const unsafe = issue.code === 'invalid_format' && issue.format === 'regex';
      if (key === 'filename') errors.file ??= unsafe ? d.upload.errors.unsafeFilename : d.upload.errors.file;
      else if (unsafe && (key === 'title' || key === 'documentNumber' || key === 'legalReason')) {
        errors[key] ??= d.upload.errors.unsafeText;
      } else if (key === 'contentType') errors.file ??= file ? d.upload.errors.contentType : d.upload.errors.file;
      else if (key in form) {
        const field = key as keyof MetadataForm;
        const messages = d.upload.errors as Readonly<Record<string, string>>;
        errors[field] ??= messages[field] ?? d.upload.errors.generic;
      } else errors.form ??= `${key || d.upload.errors.generic}: ${issue.message}`;
    }
  }
  if (result.success && !formedAtInWindow(result.data.formedAt, today)) {
    errors.formedAt ??= d.upload.formedAtWindow(EARLIEST_FORMED_AT, latestFormedAt(today));
  }
  if (file && file.size > MAX_UPLOAD_BYTES) errors.file = d.upload.errors.tooLarge;
  // The schema's FIVE-1 refinement only runs once every field parses; say it up front.
  if (candidate.disclosure === 'not-disclosed' && candidate.legalReason === undefined) {
    errors.legalReason ??= d.upload.errors.legalReason;
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, metadata: result.data };
}
