/**
 * `admin`: the district disclosure office's administrators (everything, the directory included);
 * `agency-admin`: administers its own agency's departments, leader assignments and users.
 */
export const ROLES = ['uploader', 'leader', 'reviewer', 'approver', 'oversight', 'admin', 'agency-admin'] as const;
export type Role = (typeof ROLES)[number];

/** A signed-in caller: a person of one agency (and department) with one or more roles. */
export interface Identity {
  readonly user: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly agency: string;
  readonly department?: string;
  /** Departments a leader signs off for (EXPAND-2); a leader may be assigned to several. */
  readonly departments?: readonly string[];
  /** The identity provider's subject (`sub`) this entry is linked to (explicitly, or at the first sign-in by e-mail). */
  readonly subject?: string;
  /** Work e-mail (lower case): a first sign-in with this verified address links the provider's subject. */
  readonly email?: string;
  /** A disabled user cannot sign in or call the API (within the directory cache's minute). */
  readonly disabled?: boolean;
  /** The directory item's version, for optimistic writes (absent on items written before versions). */
  readonly version?: number;
}

export interface Agency {
  readonly id: string;
  readonly name: string;
  /** Four-digit agency code, the AAAA of an index number. */
  readonly code: string;
  readonly status: 'active' | 'abolished';
  readonly successorId?: string;
  readonly abolishedBy?: string;
  readonly competentFor?: readonly string[];
  /** The agency's head, who takes over a sign-off its leader let time out. */
  readonly head?: string;
  /** COORD-5(2): the district's government-information disclosure authority (政府信息公开主管部门). */
  readonly disclosureOffice?: boolean;
  /** The directory item's version, for optimistic writes (absent on items written before versions). */
  readonly version?: number;
}

export interface Department {
  readonly agency: string;
  readonly id: string;
  readonly name: string;
  /** The leader in charge (分管领导) who signs off this department's documents: the current assignment's. */
  readonly leader: string;
  /**
   * Every leader assignment, oldest first, each valid from its date until the next one's (EXPAND-2):
   * routing and escalation use the one valid at the time. Absent on departments written before it.
   */
  readonly leaders?: readonly LeaderAssignment[];
  /** The directory item's version, for optimistic writes (absent on items written before versions). */
  readonly version?: number;
}

/** A leader in charge assigned to a department from a day on. */
export interface LeaderAssignment {
  readonly leader: string;
  /** The day (Beijing, YYYY-MM-DD) the assignment takes effect. */
  readonly effectiveFrom: string;
  /** When it was recorded, and by whom. */
  readonly assignedAt: string;
  readonly assignedBy: string;
}

export function hasRole(identity: Identity, role: Role): boolean {
  return identity.roles.includes(role);
}

/**
 * Roles that work for the whole district rather than one agency: the pre-review group
 * (REVIEW-2), the oversight group (REVIEW-4.2) and the disclosure office's administrators.
 */
export const DISTRICT_ROLES: ReadonlySet<Role> = new Set(['reviewer', 'oversight', 'admin']);

/** Whether the caller sees every agency's documents, not only their own agency's. */
export function seesEveryAgency(identity: Identity): boolean {
  return identity.roles.some((r) => DISTRICT_ROLES.has(r));
}
