import type { IsoDate, WorkingCalendar } from '../calendar';
import { DEADLINES } from '../calendar/deadlines';
import { toDayNumber } from '../calendar/iso-date';
import { ValidationError } from '../model/errors';
import type { RuleId } from '../model/rules';

/** COORD-5(1)+(3): written request to the agency whose authority the content falls under. */
export interface ConsultationTask {
  kind: 'consultation';
  from: string;
  to: string;
  /** The written reply is due by this date. */
  dueAt: IsoDate;
  /** The due date may move once the year's holiday arrangement is published. */
  provisional: boolean;
  rules: RuleId[];
}

/** COORD-5(2): the publishing agency refers the disagreement to the same-level disclosure office. */
export interface EscalationTask {
  kind: 'escalation';
  from: string;
  /** The district's 政府信息公开主管部门. */
  to: string;
  raisedAt: IsoDate;
  rules: RuleId[];
}

/** COORD-5(4): on-request disclosure that involves other agencies. */
export interface OnRequestSolicitationPlan {
  kind: 'on-request-solicitation';
  receivedAt: IsoDate;
  /** Latest date for the receiving agency to send the written requests. */
  solicitationDueAt: IsoDate;
  /** Each asked agency's written reply is due by `dueAt`. */
  replies: { agency: string; dueAt: IsoDate }[];
  provisional: boolean;
  rules: RuleId[];
}

export interface ConsultationOptions {
  /** 情况紧急: the reply is due immediately, i.e. on the day of the request. */
  readonly urgent?: boolean;
}

export interface SolicitationOptions {
  /**
   * When the requests were actually sent. Until then replies are planned from the latest permitted
   * sending date, so their due dates are the latest the rule allows.
   */
  readonly requestedAt?: IsoDate;
}

export function planConsultation(
  fromAgency: string,
  toAgency: string,
  requestedAt: IsoDate,
  calendar: WorkingCalendar,
  options: ConsultationOptions = {},
): ConsultationTask {
  requireDistinct(fromAgency, toAgency, 'a consultation');
  const { due, provisional } = calendar.addWorkingDays(requestedAt, options.urgent ? 0 : DEADLINES.consultationReply);
  return {
    kind: 'consultation',
    from: fromAgency,
    to: toAgency,
    dueAt: due,
    provisional,
    rules: ['COORD-5(1)', 'COORD-5(3)'],
  };
}

/** The seed sets no time limit for the disclosure office, so the task carries none. */
export function planEscalation(fromAgency: string, disclosureOffice: string, raisedAt: IsoDate): EscalationTask {
  requireDistinct(fromAgency, disclosureOffice, 'an escalation');
  toDayNumber(raisedAt, 'raisedAt');
  return { kind: 'escalation', from: fromAgency, to: disclosureOffice, raisedAt, rules: ['COORD-5(2)'] };
}

export function planOnRequestSolicitation(
  receivedAt: IsoDate,
  otherAgencies: readonly string[],
  calendar: WorkingCalendar,
  options: SolicitationOptions = {},
): OnRequestSolicitationPlan {
  if (otherAgencies.length === 0) {
    throw new ValidationError('otherAgencies is empty: COORD-5(4) applies when two or more agencies are involved');
  }
  const duplicate = otherAgencies.find((id, i) => otherAgencies.indexOf(id) !== i);
  if (duplicate !== undefined) throw new ValidationError(`otherAgencies lists '${duplicate}' twice`);

  const solicitation = calendar.addWorkingDays(receivedAt, DEADLINES.onRequestSolicitation);
  const requestedAt = options.requestedAt ?? solicitation.due;
  if (toDayNumber(requestedAt, 'requestedAt') < toDayNumber(receivedAt, 'receivedAt')) {
    throw new ValidationError(`requestedAt ${requestedAt} is before the application was received (${receivedAt})`);
  }
  const reply = calendar.addWorkingDays(requestedAt, DEADLINES.onRequestReply);
  return {
    kind: 'on-request-solicitation',
    receivedAt,
    solicitationDueAt: solicitation.due,
    replies: otherAgencies.map((agency) => ({ agency, dueAt: reply.due })),
    provisional: solicitation.provisional || reply.provisional,
    rules: ['COORD-5(4)'],
  };
}

function requireDistinct(from: string, to: string, what: string): void {
  if (from === '' || to === '') throw new ValidationError(`${what} needs two agency ids, got an empty one`);
  if (from === to) throw new ValidationError(`${what} needs two different agencies, got '${from}' twice`);
}
