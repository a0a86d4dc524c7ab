import {
  AgencyEvidenceSchema,
  type AgencyScores,
  ScoresSchema,
  ScoreYearsSchema,
} from '../../../../../shared/api/responses';
import type { ScoreName } from '../../../../../shared/model/scores';
import { api } from '../../../lib/api';

export const fetchYears = (signal?: AbortSignal) =>
  api('/api/scores/years', ScoreYearsSchema, signal ? { signal } : {});
export const fetchScores = (year: number, signal?: AbortSignal) =>
  api(`/api/scores?year=${year}`, ScoresSchema, signal ? { signal } : {});
export const fetchAgencyEvidence = (agency: string, year: number, signal?: AbortSignal) =>
  api(`/api/scores/${encodeURIComponent(agency)}/${year}`, AgencyEvidenceSchema, signal ? { signal } : {});

/** Pools the agencies' numerators and denominators: the district as a whole. */
export function pooled(rows: readonly AgencyScores[], key: ScoreName): number | null {
  let numerator = 0;
  let denominator = 0;
  for (const row of rows) {
    numerator += row[key].numerator;
    denominator += row[key].denominator;
  }
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * The district's own order of agencies (by agency code, as in the directory), so every chart and
 * printed table lists them the same way; an agency the directory does not know goes last, by name.
 */
export function inDistrictOrder<T extends { agency: string; name: string }>(
  rows: readonly T[],
  agencies: readonly { id: string; code: string }[] | undefined,
): T[] {
  const code = new Map((agencies ?? []).map((a) => [a.id, a.code]));
  return [...rows].sort((a, b) => {
    const x = code.get(a.agency);
    const y = code.get(b.agency);
    if (x !== undefined && y !== undefined) return x.localeCompare(y);
    if (x !== undefined) return -1;
    if (y !== undefined) return 1;
    return a.name.localeCompare(b.name, 'zh-CN');
  });
}
