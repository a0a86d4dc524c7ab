import { z } from 'zod';
import { api } from '../../../lib/api';

export const SCORE_KEYS = ['timeliness', 'completeness', 'accuracy'] as const;
export type ScoreKey = (typeof SCORE_KEYS)[number];

/** A ratio with its Wilson interval; value is null when nothing was due. */
export const ScoreValueSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
  low: z.number().nullish(),
  high: z.number().nullish(),
});
export type ScoreValue = z.infer<typeof ScoreValueSchema>;

export const AgencyScoreSchema = z.object({
  agency: z.string(),
  name: z.string(),
  timeliness: ScoreValueSchema,
  completeness: ScoreValueSchema,
  accuracy: ScoreValueSchema,
});
export type AgencyScore = z.infer<typeof AgencyScoreSchema>;
export const ScoresSchema = z.array(AgencyScoreSchema);

export const EvidenceSchema = z.object({
  documentId: z.string(),
  title: z.string(),
  score: z.string(),
  /** Why, as a code the dashboard translates (late, unpublished, corrected, …). */
  code: z.string().nullish(),
  /** English text from the API: shown when the code is one this dashboard does not know. */
  reason: z.string(),
  detail: z.record(z.string(), z.unknown()).nullish(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const AgencyScoreDetailSchema = AgencyScoreSchema.extend({ evidence: z.array(EvidenceSchema).default([]) });
export type AgencyScoreDetail = z.infer<typeof AgencyScoreDetailSchema>;

export const YearsSchema = z.array(z.number().int());

export const fetchYears = (signal?: AbortSignal) => api('/api/scores/years', YearsSchema, signal ? { signal } : {});
export const fetchScores = (year: number, signal?: AbortSignal) =>
  api(`/api/scores?year=${year}`, ScoresSchema, signal ? { signal } : {});
export const fetchAgencyScore = (agency: string, year: number, signal?: AbortSignal) =>
  api(`/api/scores/${encodeURIComponent(agency)}/${year}`, AgencyScoreDetailSchema, signal ? { signal } : {});

/** Pools the agencies' numerators and denominators: the district as a whole. */
export function pooled(rows: readonly AgencyScore[], key: ScoreKey): number | null {
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
