import {
  type AnnualReport,
  AnnualReportSchema,
  ReportStatusListSchema,
  type ReportStatusRowResponse,
  SubmittedReportSchema,
} from '../../../../../shared/api/responses';
import type { DecisionType } from '../../../../../shared/model/lifecycle';
import { appealViolations, requestViolations, type Violation } from '../../../../../shared/report/checks';
import type { EnteredCount, ReportUpdate } from '../../../../../shared/report/model';
import {
  APPEAL_GROUPS,
  APPEAL_OUTCOMES,
  APPLICANT_COLUMNS,
  appealIndex,
  REQUEST_COLUMNS,
  REQUEST_ROWS,
  RESULT_ROWS,
  type RequestRowId,
  type SectionId,
} from '../../../../../shared/report/template';
import { ApiError, api, tokenStore, withQuery } from '../../../lib/api';

/** What the page edits: the entered parts of a report, cells as numbers. */
export interface Draft {
  readonly requests: Record<RequestRowId, number[]>;
  readonly appeals: number[];
  readonly fees: { charges: number; processing: number };
  readonly decisionCounts: Partial<Record<DecisionType, EnteredCount>>;
  readonly sections: Record<SectionId, string>;
}

const path = (agency: string, year: number) => `/api/annual-reports/${encodeURIComponent(agency)}/${year}`;

export const fetchReport = (agency: string, year: number, signal?: AbortSignal) =>
  api(path(agency, year), AnnualReportSchema, signal ? { signal } : {});

export const fetchReportList = (year: number, signal?: AbortSignal) =>
  api(withQuery('/api/annual-reports', { year }), ReportStatusListSchema, signal ? { signal } : {});

export const saveReport = (agency: string, year: number, update: ReportUpdate) =>
  api(path(agency, year), AnnualReportSchema, { method: 'PUT', body: update });

export const submitReport = (agency: string, year: number) =>
  api(`${path(agency, year)}/submit`, SubmittedReportSchema, { method: 'POST' });

export function draftOf(report: AnnualReport): Draft {
  return {
    requests: Object.fromEntries(REQUEST_ROWS.map((r) => [r, [...report.requests[r]]])) as Record<
      RequestRowId,
      number[]
    >,
    appeals: [...report.appeals],
    fees: { ...report.fees },
    decisionCounts: { ...report.decisionCounts },
    sections: { ...report.sections },
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The computed cells filled in: 总计 of every row from its six columns, 三（七） from the results,
 * each 总计 of table 四 from its four outcomes. 四（结转下年度）stays entered: its identity is the check.
 */
export function withComputedCells(draft: Draft): Draft {
  const requests = { ...draft.requests };
  for (const row of REQUEST_ROWS) {
    const cells = [...(requests[row] ?? [])];
    if (row === 'resultsTotal') {
      REQUEST_COLUMNS.forEach((_, i) => {
        cells[i] = sum(RESULT_ROWS.map((r) => requests[r]?.[i] ?? 0));
      });
    }
    cells[REQUEST_COLUMNS.length - 1] = sum(APPLICANT_COLUMNS.map((_, i) => cells[i] ?? 0));
    requests[row] = cells;
  }
  const appeals = [...draft.appeals];
  for (const group of APPEAL_GROUPS) {
    appeals[appealIndex(group, 'total')] = sum(
      APPEAL_OUTCOMES.filter((o) => o !== 'total').map((o) => appeals[appealIndex(group, o)] ?? 0),
    );
  }
  return { ...draft, requests, appeals };
}

/** The identities the draft breaks, as the server would refuse them (shared/report/checks.ts). */
export function liveViolations(draft: Draft): Violation[] {
  return [...requestViolations(draft.requests), ...appealViolations(draft.appeals)];
}

export function updateOf(draft: Draft, district: boolean): ReportUpdate {
  if (district) return { sections: draft.sections };
  const decisionCounts = Object.fromEntries(
    (['licensing', 'punishment', 'enforcement'] as const).map((t) => [t, draft.decisionCounts[t] ?? null]),
  );
  return {
    requests: draft.requests,
    appeals: draft.appeals,
    fees: draft.fees,
    decisionCounts,
    sections: draft.sections,
  };
}

/** Saves an export the API answers (DOCX, CSV) under its own name: the token goes in a header, not a link. */
export async function download(agency: string, year: number, format: 'docx' | 'csv', filename: string) {
  const token = tokenStore.get();
  const res = await fetch(`${path(agency, year)}/report.${format}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, 'export_failed', '');
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type { ReportStatusRowResponse };
