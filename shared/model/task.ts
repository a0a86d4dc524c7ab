import type { DisclosureAttribute, Finding } from './document';

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
 * The decisions after which the flow goes on to the task state's next state. Any other decision
 * is handed back as the task's failure named by `decisionError`, and the state's Catch sends the
 * flow where that decision leads: no Choice state (a billed transition) follows a person's answer,
 * and the decision still stands in the execution history (the failure's name and cause).
 */
export const ONWARD_DECISIONS = {
  signoff: ['approve'],
  review: ['clear'],
  approval: ['approve'],
  // Both answers go back to Routing, which reads what the replies recorded (COORD-5).
  consultation: ['agree', 'object'],
  escalation: ['publish', 'stop'],
} as const satisfies { readonly [K in TaskKind]: readonly DecisionOf<K>[] };
export type OnwardDecisionOf<K extends TaskKind> = (typeof ONWARD_DECISIONS)[K][number];
/** A decision that leaves the task state through its Catch. */
export type BranchDecisionOf<K extends TaskKind> = Exclude<DecisionOf<K>, OnwardDecisionOf<K>>;

export function isOnwardDecision(kind: TaskKind, decision: string): boolean {
  return (ONWARD_DECISIONS[kind] as readonly string[]).includes(decision);
}

/** The error name a branching decision is handed to the flow as (SendTaskFailure). */
export function decisionError(decision: string): string {
  return `Decided.${decision}`;
}

/** Every branching decision's error name: never retried, always caught. */
export const DECISION_ERRORS: readonly string[] = [
  ...new Set(
    TASK_KINDS.flatMap((kind) =>
      (DECISIONS[kind] as readonly Decision[]).filter((d) => !isOnwardDecision(kind, d)).map(decisionError),
    ),
  ),
];

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
  /** The decision's request, when sent with an Idempotency-Key (shared/pipeline/tasks/decide.ts). */
  readonly requestDigest?: string;
  /**
   * A redaction's upload (where the redacted version was uploaded before it was pinned): a replay
   * of the decision must name the same one.
   */
  readonly redactionKey?: string;
  /** The last time the directory moved it to this assignee (a department's new leader …), from whom. */
  readonly reassigned?: { readonly from: string; readonly at: string; readonly by: string };
  /**
   * What the assignee's list shows of the document, copied onto the task in the transaction that
   * opens it (and again when the document's deadline moves): the list reads no document.
   */
  readonly document?: TaskDocument;
}

/** The document as a task's list shows it (shared/pipeline/tasks/summary.ts makes it). */
export interface TaskDocument {
  readonly title: string;
  readonly agency: string;
  readonly department: string;
  readonly disclosure: DisclosureAttribute;
  readonly formedAt: string;
  readonly dueAt?: string;
  readonly findings: readonly Finding[];
  readonly findingsBeforeRedaction?: readonly Finding[];
  readonly scanned?: boolean;
}
