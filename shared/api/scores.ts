import * as z from 'zod';
import { EVIDENCE_REASONS, SCORE_NAMES } from '../model/scores';
import type { AgencyScores as DomainAgencyScores } from '../scores/annual';
import type { ScoreValue as DomainScoreValue } from '../scores/interval';
import type { Fits } from './common';

/** The responses of /api/scores (REVIEW-4.2), as shared/scores/service.ts computes them. */

/** A ratio with its 95% Wilson interval; value is null when nothing was due (then 0–1). */
export const ScoreValueSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number().int(),
  denominator: z.number().int(),
  low: z.number(),
  high: z.number(),
});
export type ScoreValue = z.infer<typeof ScoreValueSchema>;

/** GET /api/scores?year=: one row per graded agency. */
export const AgencyScoresSchema = z.object({
  agency: z.string(),
  name: z.string(),
  timeliness: ScoreValueSchema,
  completeness: ScoreValueSchema,
  accuracy: ScoreValueSchema,
});
export type AgencyScores = z.infer<typeof AgencyScoresSchema>;
export const ScoresSchema = z.array(AgencyScoresSchema);

/** GET /api/scores/years: the years with scores. */
export const ScoreYearsSchema = z.array(z.number().int());

/**
 * The facts of one line of evidence, by name; which of them a line has depends on its code
 * (late: dueAt, publishedAt, lateByWorkingDays; corrected: correctedAt; …). Dates are Beijing
 * calendar days (YYYY-MM-DD); '' when the record had none.
 */
export const EvidenceDetailSchema = z.object({
  dueAt: z.string().optional(),
  publishedAt: z.string().optional(),
  /** Working days late (published late) or overdue (not published). */
  lateByWorkingDays: z.number().int().optional(),
  /** INTERP-3: when the interpretation was linked. */
  linkedAt: z.string().optional(),
  correctedAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
});
export type EvidenceDetail = z.infer<typeof EvidenceDetailSchema>;

/** Why a document cost its agency points: a code and its facts; the reader's dictionary words it. */
export const EvidenceEntrySchema = z.object({
  documentId: z.string(),
  title: z.string(),
  score: z.enum(SCORE_NAMES),
  code: z.enum(EVIDENCE_REASONS),
  detail: EvidenceDetailSchema,
});
export type EvidenceEntry = z.infer<typeof EvidenceEntrySchema>;

/** GET /api/scores/:agency/:year: the agency's scores with the documents that cost points. */
export const AgencyEvidenceSchema = AgencyScoresSchema.extend({ evidence: z.array(EvidenceEntrySchema).readonly() });
export type AgencyEvidence = z.infer<typeof AgencyEvidenceSchema>;

export type ScoreChecks = [
  Fits<DomainScoreValue, z.input<typeof ScoreValueSchema>>,
  Fits<DomainAgencyScores, z.input<typeof AgencyScoresSchema>>,
];
