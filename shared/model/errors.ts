/** Domain errors carry a stable machine-readable code; the API maps them to HTTP statuses. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or breaks a rule (HTTP 400, CLI exit 2); `details` name each part that does. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    code = 'invalid_input',
    readonly details?: readonly object[],
  ) {
    super(code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** A conditional write lost: the thing already moved on (HTTP 409). */
export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict') {
    super(code, message);
  }
}

/** An idempotency key sent again with a different request (HTTP 422, as the IETF draft asks). */
export class ReusedKeyError extends DomainError {
  constructor(message: string) {
    super('idempotency_key_reused', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** Stored bytes no longer match the hash recorded for them: nothing may go on with them. */
export class IntegrityError extends DomainError {
  constructor(message: string) {
    super('integrity', message);
  }
}

/** Which condition of an atomic document write another writer broke first. */
export type CommitConflict =
  | 'document'
  | 'event-exists'
  | 'task-exists'
  | 'task-closed'
  | 'sequence'
  | 'catalog-exists'
  | 'catalog-missing'
  | 'task-due'
  | 'task-missing';

const CONFLICT_MESSAGES: Record<CommitConflict, string> = {
  document: 'the document changed since it was read',
  'event-exists': 'its history already has an event of that sequence (events are never replaced)',
  'task-exists': 'a task with that id exists',
  'task-closed': 'the task is no longer open',
  sequence: 'another publication took that index number',
  'catalog-exists': 'the catalogue entry exists',
  'catalog-missing': 'the catalogue entry does not exist',
  'task-due': 'the task is no longer open with the due date read',
  'task-missing': 'a task whose copy of the document was to be written does not exist',
};

/** A document write lost one of its conditions; nothing of it was written. */
export class CommitConflictError extends ConflictError {
  constructor(
    readonly part: CommitConflict,
    documentId: string,
  ) {
    super(`document ${documentId}: ${CONFLICT_MESSAGES[part]}`);
  }
}

/** Something the system depends on is not answering (the workflow engine, say): try again later (HTTP 503). */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** Which condition of a directory write failed: a record changed, a claim is held, a task moved on. */
export type DirectoryConflict = 'agency' | 'department' | 'user' | 'claim' | 'task' | 'log';

/** A directory write lost one of its conditions; nothing of it was written. */
export class DirectoryConflictError extends ConflictError {
  constructor(
    readonly part: DirectoryConflict,
    readonly key: string,
  ) {
    super(
      part === 'claim'
        ? `${key} is already taken`
        : part === 'task'
          ? `task ${key} was decided or moved meanwhile`
          : `the directory's ${part} ${key} changed since it was read`,
    );
  }
}
