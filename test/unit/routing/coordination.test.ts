import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../../shared/calendar';
import { ValidationError } from '../../../shared/model/errors';
import { planConsultation, planEscalation, planOnRequestSolicitation } from '../../../shared/routing';

const calendar = createWorkingCalendar();

describe('COORD-5 coordination between agencies', () => {
  it('COORD-5(1) sends the consultation to the agency whose authority the content falls under', () => {
    expect(planConsultation('edu', 'health', '2025-03-03', calendar)).toMatchObject({
      kind: 'consultation',
      from: 'edu',
      to: 'health',
      rules: ['COORD-5(1)', 'COORD-5(3)'],
    });
  });

  it('COORD-5(3) gives the written reply 10 working days across National Day 2025', () => {
    // 09-28 (Sun, make-up), 09-29, 09-30, 10-09, 10-10, 10-11 (Sat, make-up), 10-13..10-16.
    expect(planConsultation('edu', 'health', '2025-09-26', calendar)).toEqual({
      kind: 'consultation',
      from: 'edu',
      to: 'health',
      dueAt: '2025-10-16',
      provisional: false,
      rules: ['COORD-5(1)', 'COORD-5(3)'],
    });
  });

  it('COORD-5(3) makes an urgent reply due immediately', () => {
    expect(planConsultation('edu', 'health', '2025-09-26', calendar, { urgent: true }).dueAt).toBe('2025-09-26');
  });

  it('COORD-5(3) marks a due date in an unpublished year as provisional', () => {
    expect(planConsultation('edu', 'health', '2031-06-02', calendar)).toMatchObject({
      dueAt: '2031-06-16',
      provisional: true,
    });
  });

  it('COORD-5(3) fails when an agency consults itself or the date is invalid', () => {
    expect(() => planConsultation('edu', 'edu', '2025-03-03', calendar)).toThrow(ValidationError);
    expect(() => planConsultation('edu', 'health', '2025-02-30', calendar)).toThrow(ValidationError);
  });

  it('COORD-5(2) escalates to the district disclosure office', () => {
    expect(planEscalation('edu', 'disclosure-office', '2025-03-03')).toEqual({
      kind: 'escalation',
      from: 'edu',
      to: 'disclosure-office',
      raisedAt: '2025-03-03',
      rules: ['COORD-5(2)'],
    });
    expect(() => planEscalation('edu', 'disclosure-office', '3 March')).toThrow(ValidationError);
  });

  it('COORD-5(4) plans solicitation 5 working days after receipt and replies 5 after that', () => {
    // Received Mon 2025-09-22: solicit by 09-28 (Sun, make-up);
    // replies: 09-29, 09-30, 10-09, 10-10, 10-11 (Sat, make-up).
    expect(planOnRequestSolicitation('2025-09-22', ['health', 'agri'], calendar)).toEqual({
      kind: 'on-request-solicitation',
      receivedAt: '2025-09-22',
      solicitationDueAt: '2025-09-28',
      replies: [
        { agency: 'health', dueAt: '2025-10-11' },
        { agency: 'agri', dueAt: '2025-10-11' },
      ],
      provisional: false,
      rules: ['COORD-5(4)'],
    });
  });

  it('COORD-5(4) counts the reply from the actual request date when known', () => {
    const plan = planOnRequestSolicitation('2025-09-22', ['health'], calendar, { requestedAt: '2025-09-23' });
    expect(plan.solicitationDueAt).toBe('2025-09-28');
    // 09-24, 09-25, 09-26, 09-28 (Sun, make-up), 09-29.
    expect(plan.replies).toEqual([{ agency: 'health', dueAt: '2025-09-29' }]);
  });

  it('COORD-5(4) fails with no other agency, a duplicate, or a request before receipt', () => {
    expect(() => planOnRequestSolicitation('2025-09-22', [], calendar)).toThrow(/two or more agencies/);
    expect(() => planOnRequestSolicitation('2025-09-22', ['a', 'a'], calendar)).toThrow("lists 'a' twice");
    expect(() => planOnRequestSolicitation('2025-09-22', ['a'], calendar, { requestedAt: '2025-09-21' })).toThrow(
      /before the application was received/,
    );
  });
});
