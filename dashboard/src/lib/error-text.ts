import { API_ERROR_CODES, type ApiErrorCode } from '../../../shared/api/responses';
import type { Dict } from '../i18n/types';
import { ApiError } from './api';

/** What went wrong, in the reader's language: by the error's code, and for refused input which fields. */
export function errorMessage(d: Dict, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return d.common.network;
    if (error.code === 'not_json') return d.common.notJson(error.message);
    if (error.code === 'bad_response') return d.common.badData(error.message);
    if (error.worded) return error.message;
    const worded = isApiErrorCode(error.code) ? d.apiErrors[error.code] : undefined;
    if (!worded) return error.message || d.common.httpError(error.status);
    const fields = error.code === 'invalid_input' ? refusedFields(d, error.message) : [];
    return fields.length ? worded + d.common.fieldsLabel(fields.join(d.common.fieldSeparator)) : worded;
  }
  if (error instanceof Error && error.message) return error.message;
  return d.common.error;
}

/** The server's own message, shown under the worded one (it names the rule or the value). */
export function errorDetail(error: unknown): string | undefined {
  return error instanceof ApiError && !error.worded && isApiErrorCode(error.code) && error.message
    ? error.message
    : undefined;
}

const isApiErrorCode = (code: string): code is ApiErrorCode => (API_ERROR_CODES as readonly string[]).includes(code);

/** The fields an invalid_input names (`body.title: …; body.formedAt: …`), as the upload form labels them. */
function refusedFields(d: Dict, message: string): string[] {
  const labels: Record<string, string> = {
    title: d.upload.docTitle,
    agency: d.upload.agency,
    department: d.upload.department,
    category: d.upload.category,
    documentNumber: d.upload.documentNumber,
    formedAt: d.upload.formedAt,
    disclosure: d.upload.disclosure,
    legalReason: d.upload.legalReason,
    origin: d.upload.origin,
    madeBy: d.upload.madeBy,
    heldBy: d.upload.heldBy,
    leadDrafter: d.upload.leadDrafter,
    consult: d.upload.consult,
    sensitiveCategory: d.upload.sensitiveCategory,
    importantPolicy: d.upload.importantPolicy,
    interprets: d.upload.interprets,
    filename: d.upload.file,
    contentType: d.upload.file,
  };
  const names = [...message.matchAll(/(?:^|; )(?:body|query|path|header)\.([A-Za-z-]+)/g)].map((m) => m[1] as string);
  return [...new Set(names.map((n) => labels[n] ?? n))];
}
