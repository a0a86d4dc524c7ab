import { beijingDate } from '../calendar/beijing';
import type { DocumentRecord, Status } from '../model/document';
import type { AnnualReportRecord } from './model';

/**
 * Where a report stands: nobody wrote to it; being written; submitted (its document is in the
 * pipeline); published (its document is in the catalogue). A submission whose document was
 * given up (rejected at sign-off, returned, cancelled, refused, withdrawn) is open to edits again.
 */
export const REPORT_STATUSES = ['not-started', 'draft', 'submitted', 'published'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How a report stands against its deadline: published by it, after it, not yet and not late, overdue. */
export const TIMELINESS = ['on-time', 'late', 'open', 'overdue'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

const GIVEN_UP: ReadonlySet<Status> = new Set(['REJECTED', 'RETURNED', 'CANCELLED', 'WITHDRAWN', 'WITHHELD']);

/** Whether the submission's document still stands for the report (a missing one: being registered). */
export function submissionStands(document: DocumentRecord | undefined): boolean {
  if (!document) return true;
  if (GIVEN_UP.has(document.status)) return false;
  return !(document.status === 'FAILED' && document.failure?.kind === 'input');
}

export function reportStatus(
  record: AnnualReportRecord | undefined,
  document: DocumentRecord | undefined,
): ReportStatus {
  if (!record) return 'not-started';
  if (!record.submission || !submissionStands(document)) return 'draft';
  return document?.status === 'PUBLISHED' || document?.status === 'CORRECTED' ? 'published' : 'submitted';
}

export function timeliness(
  status: ReportStatus,
  due: string,
  publishedAt: string | undefined,
  today: string,
): Timeliness {
  if (status === 'published' && publishedAt) return beijingDate(new Date(publishedAt)) <= due ? 'on-time' : 'late';
  return today > due ? 'overdue' : 'open';
}
