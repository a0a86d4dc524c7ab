export const TASK_KINDS = ['signoff', 'review', 'approval', 'consultation', 'escalation'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The decisions each kind of task takes. */
export const DECISIONS = {
  signoff: ['approve', 'reject'],
  review: ['clear', 'redact', 'withhold', 'return'],
  approval: ['approve', 'reject'],
  consultation: ['agree', 'object'],
  // COORD-5(2): the disclosure office settles an objection.
  escalation: ['publish', 'stop'],
} as const satisfies Record<TaskKind, readonly string[]>;
export type Decision = (typeof DECISIONS)[TaskKind][number];
export type DecisionOf<K extends TaskKind> = (typeof DECISIONS)[K][number];

/**
 * Decisions the agency must be told the reason for: stopping a document, and an objection (the
 * disclosure office coordinates on it, COORD-5(2)). Withholding needs the legal reason (FIVE-1).
 */
const NEEDS_COMMENT: ReadonlySet<string> = new Set(['reject', 'return', 'object', 'stop', 'withhold']);

export function decisionNeedsComment(decision: string): boolean {
  return NEEDS_COMMENT.has(decision);
}

export function isDecisionOf(kind: TaskKind, decision: string): decision is DecisionOf<typeof kind> {
  return (DECISIONS[kind] as readonly string[]).includes(decision);
}

/** A human decision the flow waits for (Step Functions waitForTaskToken). */
export interface HumanTask {
  readonly id: string;
  readonly documentId: string;
  readonly kind: TaskKind;
  /** The one user who may decide it. */
  readonly assignee: string;
  /** expired: superseded by an escalation after the timeout. */
  readonly status: 'open' | 'closed' | 'expired';
  readonly escalated?: boolean;
  readonly createdAt: string;
  readonly dueAt: string;
  readonly taskToken: string;
  readonly decision?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly comment?: string;
  /** The last time the directory moved it to this assignee (a department's new leader …), from whom. */
  readonly reassigned?: { readonly from: string; readonly at: string; readonly by: string };
}
