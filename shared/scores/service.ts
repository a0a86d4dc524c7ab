import { ForbiddenError, NotFoundError } from '../model/errors';
import type { Identity } from '../model/identity';
import { type DeadlineCalendar, isoDay } from '../pipeline/deps';
import type { Directory } from '../ports';
import { type AgencyScores, agencyScores, type EvidenceItem, type ScoreCounterItem } from './annual';
import { type EvidenceReason, SCORE_OF_REASON, type ScoreName, zeroCounters } from './facts';

/** Reads pre-aggregated scores: one item per agency and year, never the documents. */
export interface ScoreStore {
  scoreCounters(year: number): Promise<ScoreCounterItem[]>;
  scoreYears(): Promise<number[]>;
  evidence(agency: string, year: number): Promise<EvidenceItem[]>;
}

export interface EvidenceEntry {
  readonly documentId: string;
  readonly title: string;
  readonly score: ScoreName;
  readonly reason: string;
  readonly code: EvidenceReason;
  readonly detail: Record<string, string | number>;
}

const READS_ALL_SCORES = new Set(['oversight', 'admin']);

/** The oversight group (REVIEW-4.2) and administrators read every agency's scores. */
export function assertMayReadScores(caller: Identity) {
  if (!caller.roles.some((r) => READS_ALL_SCORES.has(r))) {
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

/** One line of evidence, as the oversight group reads it; undefined when it costs nothing yet. */
function describe(
  e: EvidenceItem,
  code: EvidenceReason,
  calendar: DeadlineCalendar,
  today: string,
): EvidenceEntry | undefined {
  const base = { documentId: e.documentId, title: e.title, score: SCORE_OF_REASON[code], code };
  const day = (iso: string) => iso.slice(0, 10);
  switch (code) {
    case 'late': {
      const published = e.publishedAt ? chinaDay(e.publishedAt) : today;
      const days = calendar.workingDaysBetween(e.dueAt, published);
      return {
        ...base,
        reason: `published ${days} working days late`,
        detail: { dueAt: e.dueAt, publishedAt: published, lateByWorkingDays: days },
      };
    }
    case 'unpublished': {
      // Not yet due: it does not count until its deadline passes.
      if (e.dueAt >= today) return undefined;
      const days = calendar.workingDaysBetween(e.dueAt, today);
      return {
        ...base,
        reason: `overdue by ${days} working days, not published`,
        detail: { dueAt: e.dueAt, lateByWorkingDays: days },
      };
    }
    case 'no-package': {
      if (e.dueAt >= today) return undefined;
      return { ...base, reason: 'not published by its deadline: no publication package', detail: { dueAt: e.dueAt } };
    }
    case 'missing-interpretation':
      if (e.dueAt >= today && e.status !== 'PUBLISHED') return undefined;
      return { ...base, reason: 'important policy without its interpretation (INTERP-3)', detail: { dueAt: e.dueAt } };
    case 'late-interpretation':
      return {
        ...base,
        reason: 'interpretation linked after the deadline (INTERP-3)',
        detail: { dueAt: e.dueAt, linkedAt: day(e.interpretationLinkedAt ?? '') },
      };
    case 'missing-legal-reason':
      return { ...base, reason: 'not disclosed without a legal reason (FIVE-1)', detail: {} };
    case 'missing-approval':
      return { ...base, reason: 'released without the competent department’s approval (COORD-4)', detail: {} };
    case 'missing-catalogue-fields':
      return { ...base, reason: 'catalogue entry incomplete (FIVE-3)', detail: {} };
    case 'corrected':
      return {
        ...base,
        reason: `corrected on ${chinaDay(e.correctedAt ?? '')}`,
        detail: { correctedAt: chinaDay(e.correctedAt ?? '') },
      };
    case 'withdrawn':
      return {
        ...base,
        reason: `withdrawn on ${chinaDay(e.withdrawnAt ?? '')}`,
        detail: { withdrawnAt: chinaDay(e.withdrawnAt ?? '') },
      };
    case 'hash-mismatch':
      return { ...base, reason: 'public copy differs from the signed-off version', detail: {} };
    case 'wrong-publisher':
      return { ...base, reason: 'tried to publish information another agency must publish (COORD-6)', detail: {} };
  }
}

/** The Beijing calendar day of a timestamp ('' when there is none). */
function chinaDay(iso: string): string {
  return iso ? isoDay(new Date(iso)) : '';
}
