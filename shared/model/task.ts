export const TASK_KINDS = ['signoff', 'review', 'approval', 'consultation', 'escalation'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

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
}
