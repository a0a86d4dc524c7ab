/**
 * The directory's own records besides agencies, departments and users: the change log every
 * administration writes (who, when, before → after), the claims that keep codes, e-mails and
 * identity-provider subjects unique, and the record of a bulk import.
 */

/** What a directory change did, as the log names it. */
export const DIRECTORY_ACTIONS = [
  'agency-created',
  'agency-updated',
  'agency-abolished',
  'department-created',
  'department-updated',
  'leader-assigned',
  'user-created',
  'user-updated',
  'user-disabled',
  'user-enabled',
  'subject-linked',
  'import',
  'import-rolled-back',
] as const;
export type DirectoryAction = (typeof DIRECTORY_ACTIONS)[number];

/** The kinds of record a log line names: directory records, and the open tasks a change moved. */
export const CHANGE_KINDS = ['agency', 'department', 'user', 'task'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One record's change: the fields that changed, as they were and as they became. `null` stands
 * for "absent" (the domain's records never hold null). A creation has no `before`, a removal no
 * `after`. Keys: an agency's id, `agency/department`, a user's id, a task's id.
 */
export interface ChangeLine {
  readonly kind: ChangeKind;
  readonly key: string;
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
  /** For a task: the document it is about. */
  readonly documentId?: string;
}

/** One directory write (one transaction), as the change log keeps it. */
export interface DirectoryLogEntry {
  /** Sorts by time: `<at>#<random>`. */
  readonly id: string;
  readonly at: string;
  /** The signed-in administrator, `cli:<name>` for the command line, `system:…` for the system. */
  readonly actor: string;
  readonly action: DirectoryAction;
  /** Every agency the change touches (an agency administrator sees the entries of their own). */
  readonly agencies: readonly string[];
  readonly changes: readonly ChangeLine[];
  /** Why (a disabling's reason, say). */
  readonly note?: string;
  /** A bulk import writes in parts of one transaction each; every part names the import. */
  readonly importId?: string;
  readonly part?: number;
  readonly parts?: number;
}

/** What must stay unique across the directory, held by a claim item per value. */
export const CLAIM_KINDS = ['code', 'email', 'subject'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export interface ClaimItem {
  readonly kind: ClaimKind;
  readonly value: string;
  /** The agency (a code) or user (an e-mail, a subject) that holds it. */
  readonly owner: string;
}

export const IMPORT_STATUSES = ['applying', 'applied', 'rolled-back', 'rollback-incomplete'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A bulk import, from its first part to its last (or its rollback). */
export interface DirectoryImport {
  readonly id: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly actor: string;
  readonly status: ImportStatus;
  /** Rows in the file, transactions it needs, transactions written. */
  readonly rows: number;
  readonly parts: number;
  readonly done: number;
  readonly error?: string;
}
