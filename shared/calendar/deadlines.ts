import type { RuleId } from '../model/rules';

/** Statutory time limits, in working days counted from the day after the triggering event. */
export const DEADLINES = {
  /** Proactive disclosure within 20 working days of the information being formed or changed. */
  publication: 20,
  /** Written reply to a written request for confirmation from another agency. */
  consultationReply: 10,
  /** On-request disclosure: the receiving agency asks the other agencies, counted from receipt. */
  onRequestSolicitation: 5,
  /** On-request disclosure: the asked agency replies, counted from receiving the request. */
  onRequestReply: 5,
} as const;

export type DeadlineKind = keyof typeof DEADLINES;

/** The rule each time limit comes from, for audit trails. */
export const DEADLINE_RULES: Readonly<Record<DeadlineKind, RuleId>> = {
  publication: 'OGI-26',
  consultationReply: 'COORD-5(3)',
  onRequestSolicitation: 'COORD-5(4)',
  onRequestReply: 'COORD-5(4)',
};
