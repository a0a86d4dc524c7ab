import * as z from 'zod';
import { ValidationError } from '../model/errors';
import type { RuleId } from '../model/rules';

/** COORD-4: information that needs the competent business department's approval before release. */
export const SENSITIVE_CATEGORIES = [
  'agri-product-safety', // 农产品质量安全状况
  'infectious-disease', // 传染病疫情
  'animal-epidemic', // 重大动物疫情
  'foreign-trade', // 对外贸易公共信息
  'geographic-data', // 重要地理信息数据
  'statistics', // 统计数据
] as const;

export const sensitiveCategorySchema = z.enum(SENSITIVE_CATEGORIES);
export type SensitiveCategory = z.infer<typeof sensitiveCategorySchema>;

const agencyId = z.string().min(1, 'agency ids are non-empty');

// Strict objects: a misspelt field (e.g. "sucessorId") would otherwise be dropped and silently
// change who publishes.

/**
 * Any unit in the registry: administrative agency, coordination or temporary body (COORD-3),
 * authorised organisation or public enterprise (COORD-7) — routing treats them alike.
 */
export const agencySchema = z.strictObject({
  id: agencyId,
  name: z.string().optional(),
  status: z.enum(['active', 'abolished']),
  /** The agency that inherited its duties (COORD-3); read only when abolished. */
  successorId: agencyId.optional(),
  /** The agency that decided the abolition or change (COORD-3); read only when abolished. */
  abolishedBy: agencyId.optional(),
  /** COORD-4 categories this agency is the competent business department for. */
  competentFor: z.array(sensitiveCategorySchema).optional(),
});
export type Agency = z.infer<typeof agencySchema>;

export const routingDocumentSchema = z.strictObject({
  /** COORD-1: made by an agency, or obtained from citizens, legal persons or other organisations. */
  origin: z.enum(['made', 'obtained']),
  madeBy: agencyId.optional(),
  heldBy: agencyId.optional(),
  /** COORD-2: the unit that organised a joint drafting. */
  leadDrafter: agencyId.optional(),
  coDrafters: z.array(agencyId).optional(),
  sensitiveCategory: sensitiveCategorySchema.optional(),
});
export type RoutingDocument = z.infer<typeof routingDocumentSchema>;

export const routingCaseSchema = z.strictObject({
  agencies: z.array(agencySchema),
  document: routingDocumentSchema,
});
export type RoutingCase = z.infer<typeof routingCaseSchema>;

/** CLI contract (`gongkai route CASE.json`): exactly these three fields. */
export interface RoutingDecision {
  /** The only agency that may publish (COORD-6). */
  publisher: string;
  /** Competent departments whose approval is required before release (COORD-4), registry order. */
  approvals: string[];
  /** Rules that produced the decision, in the order applied, no duplicates. */
  rules: RuleId[];
}

/** Validates a routing case read from JSON; the error names every bad field by path. */
export function parseRoutingCase(input: unknown): RoutingCase {
  const result = routingCaseSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return where ? `${where.replace(/^\./, '')}: ${issue.message}` : issue.message;
  });
  throw new ValidationError(`invalid routing case: ${problems.join('; ')}`);
}
