export const ROLES = ['uploader', 'leader', 'reviewer', 'approver', 'oversight', 'admin'] as const;
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
}

export interface Department {
  readonly agency: string;
  readonly id: string;
  readonly name: string;
  /** The leader in charge (分管领导) who signs off this department's documents. */
  readonly leader: string;
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
