import { beijingDate } from '../calendar/beijing';
import { ForbiddenError, NotFoundError } from '../model/errors';
import type { Identity } from '../model/identity';
import { type EvidenceItem, type EvidenceReason, type ScoreName, zeroCounters } from '../model/scores';
import type { DeadlineCalendar } from '../pipeline/deps';
import type { Directory, ScoreStore } from '../ports';
import { type AgencyScores, agencyScores } from './annual';
import { SCORE_OF_REASON } from './facts';

/** The facts behind one line of evidence; dates are Beijing calendar days. */
export interface EvidenceDetail {
  readonly dueAt?: string;
  readonly publishedAt?: string;
  readonly linkedAt?: string;
  readonly correctedAt?: string;
  readonly withdrawnAt?: string;
  /** Working days late (published) or overdue (not published). */
  readonly lateByWorkingDays?: number;
}

export interface EvidenceEntry {
  readonly documentId: string;
  readonly title: string;
  readonly score: ScoreName;
  readonly code: EvidenceReason;
  readonly detail: EvidenceDetail;
}

/** The oversight group (REVIEW-4.2) and administrators read every agency's scores. */
export function assertMayReadScores(caller: Identity) {
  if (!caller.roles.some((r) => r === 'oversight' || r === 'admin')) {
    throw new ForbiddenError('scores are for the oversight group (监督小组)');
  }
}

export async function annualScores(
  store: ScoreStore,
  directory: Directory,
  year: number,
  today: string,
): Promise<AgencyScores[]> {
  const [items, agencies] = await Promise.all([store.scoreCounters(year), directory.listAgencies()]);
  const byAgency = new Map(items.map((i) => [i.agency, i]));
  // Every active agency is graded, including one with nothing due (its denominators are 0).
  const graded = agencies.filter((a) => a.status === 'active' || byAgency.has(a.id));
  return graded.map((a) =>
    agencyScores(byAgency.get(a.id) ?? { agency: a.id, year, open: [], ...zeroCounters() }, a.name, today),
  );
}

export async function agencyEvidence(
  store: ScoreStore,
  directory: Directory,
  calendar: DeadlineCalendar,
  agency: string,
  year: number,
  today: string,
) {
  const known = await directory.getAgency(agency);
  if (!known) throw new NotFoundError(`no agency ${agency}`);
  const [items, evidence] = await Promise.all([store.scoreCounters(year), store.evidence(agency, year)]);
  const item = items.find((i) => i.agency === agency) ?? { agency, year, open: [], ...zeroCounters() };
  const entries: EvidenceEntry[] = [];
  for (const e of evidence) {
    for (const code of e.reasons) {
      const entry = describe(e, code, calendar, today);
      if (entry) entries.push(entry);
    }
  }
  return { ...agencyScores(item, known.name, today), evidence: entries };
}

/** One line of evidence as data (the dashboard words it); undefined when it costs nothing yet. */
function describe(
  e: EvidenceItem,
  code: EvidenceReason,
  calendar: DeadlineCalendar,
  today: string,
): EvidenceEntry | undefined {
  const entry = (detail: EvidenceDetail): EvidenceEntry => ({
    documentId: e.documentId,
    title: e.title,
    score: SCORE_OF_REASON[code],
    code,
    detail,
  });
  switch (code) {
    case 'late': {
      const published = e.publishedAt ? beijingDate(e.publishedAt) : today;
      const days = calendar.workingDaysBetween(e.dueAt, published);
      return entry({ dueAt: e.dueAt, publishedAt: published, lateByWorkingDays: days });
    }
    case 'unpublished':
      // Not yet due: it does not count until its deadline passes.
      if (e.dueAt >= today) return undefined;
      return entry({ dueAt: e.dueAt, lateByWorkingDays: calendar.workingDaysBetween(e.dueAt, today) });
    case 'no-package':
      return e.dueAt >= today ? undefined : entry({ dueAt: e.dueAt });
    case 'missing-interpretation':
      if (e.dueAt >= today && !isPublished(e)) return undefined;
      return entry({ dueAt: e.dueAt });
    case 'late-interpretation':
      return entry({ dueAt: e.dueAt, linkedAt: e.interpretationLinkedAt ? beijingDate(e.interpretationLinkedAt) : '' });
    case 'corrected':
      return entry({ correctedAt: e.correctedAt ? beijingDate(e.correctedAt) : '' });
    case 'withdrawn':
      return entry({ withdrawnAt: e.withdrawnAt ? beijingDate(e.withdrawnAt) : '' });
    case 'missing-legal-reason':
    case 'missing-approval':
    case 'missing-catalogue-fields':
    case 'hash-mismatch':
    case 'wrong-publisher':
      return entry({});
  }
}

/** Evidence written before data format 5 carried the document's status instead of `published`. */
function isPublished(e: EvidenceItem & { readonly status?: string }): boolean {
  return e.published === true || e.status === 'PUBLISHED';
}
