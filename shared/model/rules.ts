/**
 * Rule IDs from docs/rules.md. Every routing or review decision, audit event and finding
 * names the rule that produced it, so an auditor can go from a decision back to its source text.
 */
export const RULE_IDS = [
  'COORD-1',
  'COORD-2',
  'COORD-3',
  'COORD-4',
  'COORD-5(1)',
  'COORD-5(2)',
  'COORD-5(3)',
  'COORD-5(4)',
  'COORD-6',
  'COORD-7',
  'FIVE-1',
  'FIVE-3',
  'FIVE-4',
  'EXPAND-2',
  'EXPAND-4',
  'EXPAND-5',
  'REVIEW-2',
  'REVIEW-3.4',
  'REVIEW-4.2',
  'REVIEW-4.3',
  'INTERP-2',
  'INTERP-3',
  'INTERP-6',
  'READ-4',
  'READ-5(6)',
  'READ-6',
  /** Regulations on Open Government Information, art. 26: publish within 20 working days. */
  'OGI-26',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
