import type { Agency } from '../model/identity';
import { SENSITIVE_CATEGORIES } from '../routing/schemas';
import { departmentKey, type Snapshot } from './snapshot';

/**
 * What makes a directory unusable for the pipeline, checked on the whole directory after a change
 * (the one change, or a whole import): a change may not introduce a problem, though it may leave
 * one it found. Problems name the records involved (`agency:edu`, `department:edu/office`,
 * `user:li.na`, or `directory` for the directory as a whole), so an import can report them by line.
 */
export interface Problem {
  readonly refs: readonly string[];
  readonly message: string;
}

export const ref = {
  agency: (id: string) => `agency:${id}`,
  department: (agency: string, id: string) => `department:${departmentKey(agency, id)}`,
  user: (user: string) => `user:${user}`,
  directory: 'directory',
};

export const AGENCY_CODE = /^\d{4}$/;

export interface ProblemOptions {
  /** The day (Beijing) assignments may not be later than. */
  readonly today: string;
  /** COORD-5(2): exactly one agency must be the disclosure office (else: at most one). */
  readonly requireOffice: boolean;
  /** At least one enabled administrator must be left. */
  readonly requireAdmin: boolean;
}

export function problemsOf(s: Snapshot, options: ProblemOptions): Problem[] {
  const problems: Problem[] = [];
  const add = (refs: string[], message: string) => problems.push({ refs, message });
  const agencies = [...s.agencies.values()];

  // Agencies: codes (unique for good: an abolished agency's code stays on its index numbers).
  const byCode = new Map<string, Agency[]>();
  for (const a of agencies) {
    if (!AGENCY_CODE.test(a.code)) add([ref.agency(a.id)], `agency ${a.id}: code "${a.code}" is not four digits`);
    byCode.set(a.code, [...(byCode.get(a.code) ?? []), a]);
  }
  for (const [code, holders] of byCode) {
    if (holders.length > 1) {
      add(
        holders.map((a) => ref.agency(a.id)),
        `agency code ${code} is used by ${holders.map((a) => a.id).join(' and ')}: a code identifies one agency in index numbers`,
      );
    }
  }
  for (const a of agencies) {
    const at = [ref.agency(a.id)];
    if (a.status === 'active' && (a.successorId || a.abolishedBy)) {
      add(at, `agency ${a.id} is active but has a successor or deciding agency (only an abolished agency has them)`);
    }
    for (const field of ['successorId', 'abolishedBy'] as const) {
      const other = a[field];
      if (other !== undefined && !s.agencies.has(other)) add(at, `agency ${a.id}: ${field} ${other} is not an agency`);
    }
    if (a.status === 'abolished') {
      if (!a.abolishedBy) add(at, `agency ${a.id} is abolished without the agency that decided it (COORD-3)`);
      const cycle = successionCycle(s, a.id);
      if (cycle) add(at, `agency ${a.id}: successor cycle ${cycle.join(' → ')} (COORD-3)`);
      if (a.disclosureOffice) add(at, `agency ${a.id} is abolished and cannot be the disclosure office`);
    }
    for (const category of a.competentFor ?? []) {
      if (!(SENSITIVE_CATEGORIES as readonly string[]).includes(category)) {
        add(at, `agency ${a.id}: "${category}" is not a COORD-4 category (${SENSITIVE_CATEGORIES.join(', ')})`);
      }
    }
    if (a.head !== undefined) {
      const head = s.users.get(a.head);
      if (!head) add([...at, ref.user(a.head)], `agency ${a.id}: head ${a.head} is not a user`);
      else if (head.agency !== a.id) {
        add([...at, ref.user(a.head)], `agency ${a.id}: head ${a.head} is a user of ${head.agency}, not of ${a.id}`);
      }
    }
  }
  const offices = agencies.filter((a) => a.disclosureOffice && a.status === 'active');
  if (offices.length > 1) {
    add(
      offices.map((a) => ref.agency(a.id)),
      `only one agency can be the district disclosure office (COORD-5(2)), not ${offices.map((a) => a.id).join(' and ')}`,
    );
  }
  if (offices.length === 0 && options.requireOffice) {
    add([ref.directory], 'no agency is the district disclosure office (COORD-5(2)): exactly one must be');
  }

  // Departments and their leaders in charge (EXPAND-2).
  for (const d of s.departments.values()) {
    const at = [ref.department(d.agency, d.id)];
    const name = `department ${d.agency}/${d.id}`;
    if (!s.agencies.has(d.agency)) add(at, `${name}: agency ${d.agency} is not an agency`);
    const leader = s.users.get(d.leader);
    if (!leader) add([...at, ref.user(d.leader)], `${name}: leader ${d.leader} is not a user`);
    else {
      if (leader.agency !== d.agency) {
        add(
          [...at, ref.user(d.leader)],
          `${name}: leader ${d.leader} is a user of ${leader.agency}, not of ${d.agency}`,
        );
      }
      if (!leader.roles.includes('leader')) {
        add([...at, ref.user(d.leader)], `${name}: leader ${d.leader} does not have the role leader (分管领导)`);
      }
    }
    const history = d.leaders ?? [];
    if (history.length > 0) {
      const last = history.at(-1);
      if (last?.leader !== d.leader) add(at, `${name}: its leader is not the one last assigned`);
      if (last && last.effectiveFrom > options.today) {
        add(at, `${name}: the assignment of ${last.leader} takes effect ${last.effectiveFrom}, after today`);
      }
      for (let i = 1; i < history.length; i++) {
        if ((history[i]?.effectiveFrom ?? '') < (history[i - 1]?.effectiveFrom ?? '')) {
          add(at, `${name}: an assignment cannot take effect before the one it follows`);
          break;
        }
      }
    }
  }

  // Users.
  const emails = new Map<string, string[]>();
  const subjects = new Map<string, string[]>();
  let admins = 0;
  for (const u of s.users.values()) {
    const at = [ref.user(u.user)];
    if (!s.agencies.has(u.agency)) add(at, `user ${u.user}: agency ${u.agency} is not an agency`);
    else if (u.department && !s.departments.has(departmentKey(u.agency, u.department))) {
      add(at, `user ${u.user}: department ${u.department} is not a department of ${u.agency}`);
    }
    if (u.roles.length === 0) add(at, `user ${u.user} has no role`);
    if (u.email) emails.set(u.email.toLowerCase(), [...(emails.get(u.email.toLowerCase()) ?? []), u.user]);
    if (u.subject) subjects.set(u.subject, [...(subjects.get(u.subject) ?? []), u.user]);
    if (u.roles.includes('admin') && !u.disabled) admins++;
  }
  for (const [email, holders] of emails) {
    if (holders.length > 1) {
      add(holders.map(ref.user), `e-mail ${email} belongs to ${holders.join(' and ')}: a sign-in must find one person`);
    }
  }
  for (const [subject, holders] of subjects) {
    if (holders.length > 1) {
      add(holders.map(ref.user), `identity-provider subject ${subject} is linked to ${holders.join(' and ')}`);
    }
  }
  if (admins === 0 && options.requireAdmin) {
    add([ref.directory], 'no enabled administrator (admin) would be left to administer the directory');
  }
  return problems;
}

/** The chain of an abolished agency's successors when it loops back on itself, else undefined. */
function successionCycle(s: Snapshot, start: string): string[] | undefined {
  const path = [start];
  let current = s.agencies.get(start);
  while (current?.status === 'abolished') {
    const next = current.successorId ?? current.abolishedBy;
    if (next === undefined) return undefined;
    path.push(next);
    if (path.indexOf(next) < path.length - 1) return path;
    current = s.agencies.get(next);
  }
  return undefined;
}

const problemKey = (p: Problem) => `${[...p.refs].sort().join(',')}|${p.message}`;

/** The problems `after` has that `before` did not: what a change would introduce. */
export function introducedProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const known = new Set(before.map(problemKey));
  return after.filter((p) => !known.has(problemKey(p)));
}

/**
 * What a change may leave, but the administrator must hear about: positions held by a disabled
 * person (their open tasks wait until someone else is assigned).
 */
export function warningsOf(s: Snapshot): Problem[] {
  const warnings: Problem[] = [];
  for (const d of s.departments.values()) {
    if (s.users.get(d.leader)?.disabled) {
      warnings.push({
        refs: [ref.department(d.agency, d.id), ref.user(d.leader)],
        message: `department ${d.agency}/${d.id}: its leader ${d.leader} is disabled — assign another leader`,
      });
    }
  }
  for (const a of s.agencies.values()) {
    if (a.head && s.users.get(a.head)?.disabled) {
      warnings.push({
        refs: [ref.agency(a.id), ref.user(a.head)],
        message: `agency ${a.id}: its head ${a.head} is disabled — set another head`,
      });
    }
  }
  return warnings;
}
