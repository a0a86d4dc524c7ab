import type { Department, LeaderAssignment } from '../model/identity';

/**
 * EXPAND-2: the leader in charge of a department on a day (YYYY-MM-DD, Beijing): the last
 * assignment that took effect on or before it. Before the first assignment (or on a department
 * recorded without its history) it is the earliest known leader.
 */
export function leaderOn(department: Department, day: string): string {
  const history = department.leaders ?? [];
  let leader: string | undefined;
  for (const assignment of history) if (assignment.effectiveFrom <= day) leader = assignment.leader;
  return leader ?? history[0]?.leader ?? department.leader;
}

/** The assignment valid on a day, if the department keeps its history. */
export function assignmentOn(department: Department, day: string): LeaderAssignment | undefined {
  let found: LeaderAssignment | undefined;
  for (const assignment of department.leaders ?? []) if (assignment.effectiveFrom <= day) found = assignment;
  return found;
}

/** Who is recorded as having assigned the leader a department had before its history was kept. */
export const HISTORY_START = 'system:before-history';
/** The day such a leader is taken to have started from. */
export const HISTORY_START_DAY = '2000-01-01';

/**
 * The department with a new assignment appended (its `leader` the new one's). A department
 * recorded without a history keeps the leader it had as the first entry.
 */
export function withAssignment(department: Department, assignment: LeaderAssignment): Department {
  const history = department.leaders ?? [
    {
      leader: department.leader,
      effectiveFrom: HISTORY_START_DAY,
      assignedAt: assignment.assignedAt,
      assignedBy: HISTORY_START,
    },
  ];
  return { ...department, leader: assignment.leader, leaders: [...history, assignment] };
}
