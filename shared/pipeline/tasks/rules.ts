import { DEADLINES } from '../../calendar/deadlines';
import type { DocumentRecord, Status } from '../../model/document';
import type { Identity } from '../../model/identity';
import type { RuleId } from '../../model/rules';
import type { DecisionOf, TaskKind } from '../../model/task';

/** Working days each kind of human task has before it shows as overdue. */
export const TASK_WORKING_DAYS: Record<TaskKind, number> = {
  review: 3,
  signoff: 3,
  approval: 5,
  // COORD-5(3): a written reply within 10 working days.
  consultation: DEADLINES.consultationReply,
  // COORD-5(2) sets no limit for the disclosure office; this is the district's own target.
  escalation: 10,
};

/**
 * The working days a task has, counted from the day it opened: COORD-5(4)'s 5 for a consultation
 * on on-request information, else its kind's.
 */
export function taskWorkingDays(kind: TaskKind, disclosure: DocumentRecord['disclosure']): number {
  return kind === 'consultation' && disclosure === 'on-request' ? DEADLINES.onRequestReply : TASK_WORKING_DAYS[kind];
}

/** The pre-review group (REVIEW-2) decides confidentiality reviews together. */
export const REVIEW_GROUP = 'group:reviewer';
export const approverGroup = (agency: string) => `group:approver@${agency}`;

/** Everyone a caller may act for: themselves and the groups their roles put them in. */
export function assigneesOf(identity: Identity): string[] {
  const assignees = [identity.user];
  if (identity.roles.includes('reviewer')) assignees.push(REVIEW_GROUP);
  if (identity.roles.includes('approver')) assignees.push(approverGroup(identity.agency));
  return assignees;
}

/** Status a document is in while a task of this kind is open, and the ones it may come from. */
export const WAITING: Record<TaskKind, { from: readonly Status[]; waiting: Status; rules: RuleId[] }> = {
  review: { from: ['RECEIVED'], waiting: 'IN_REVIEW', rules: ['FIVE-4', 'REVIEW-2'] },
  signoff: { from: ['CLEARED'], waiting: 'AWAITING_SIGNOFF', rules: ['EXPAND-2'] },
  approval: { from: ['SIGNED_OFF', 'IN_CONSULTATION'], waiting: 'AWAITING_APPROVAL', rules: ['COORD-4'] },
  consultation: { from: ['SIGNED_OFF'], waiting: 'IN_CONSULTATION', rules: ['COORD-5(1)', 'COORD-5(3)'] },
  escalation: { from: ['IN_CONSULTATION'], waiting: 'IN_CONSULTATION', rules: ['COORD-5(2)'] },
};

export interface Outcome {
  readonly to: Status;
  readonly rules: RuleId[];
}

/** Where each decision takes the document, and under which rule (every decision has one). */
export const OUTCOMES: { readonly [K in TaskKind]: Readonly<Record<DecisionOf<K>, Outcome>> } = {
  signoff: {
    approve: { to: 'SIGNED_OFF', rules: ['EXPAND-2'] },
    reject: { to: 'REJECTED', rules: ['EXPAND-2'] },
  },
  review: {
    clear: { to: 'CLEARED', rules: ['FIVE-4', 'REVIEW-2'] },
    // The redacted version is scanned again by the flow; the document stays in review until it is clean.
    redact: { to: 'IN_REVIEW', rules: ['FIVE-4', 'REVIEW-2'] },
    withhold: { to: 'WITHHELD', rules: ['FIVE-4', 'FIVE-1'] },
    return: { to: 'RETURNED', rules: ['REVIEW-2'] },
  },
  approval: {
    approve: { to: 'ROUTED', rules: ['COORD-4'] },
    reject: { to: 'REJECTED', rules: ['COORD-4'] },
  },
  // COORD-5(1): the other agency's written opinion is followed; an objection goes to the office.
  consultation: {
    agree: { to: 'IN_CONSULTATION', rules: ['COORD-5(1)', 'COORD-5(3)'] },
    object: { to: 'IN_CONSULTATION', rules: ['COORD-5(1)', 'COORD-5(3)'] },
  },
  escalation: {
    publish: { to: 'IN_CONSULTATION', rules: ['COORD-5(2)'] },
    stop: { to: 'REJECTED', rules: ['COORD-5(2)'] },
  },
};
