import {
  CommitConflictError,
  ConflictError,
  DirectoryConflictError,
  DomainError,
  ForbiddenError,
  IntegrityError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from '../../shared/model/errors';
import { UnauthorisedPublicationError } from '../../shared/routing/errors';
import type { StepHandler } from './types';

/**
 * The errors a step throws when the domain decided: the document moved on, its content does not
 * match, the input is wrong. The same input gives the same answer, so the state machine never
 * retries them (infra/constructs/retries.ts); they go straight to the failure path. Step Functions
 * tells errors by their name, exactly (the bundles keep class names: keepNames).
 */
const DECISIONS = [
  DomainError,
  ValidationError,
  NotFoundError,
  ConflictError,
  CommitConflictError,
  DirectoryConflictError,
  ForbiddenError,
  IntegrityError,
  UnauthorisedPublicationError,
] as const;

export const DOMAIN_ERRORS: readonly string[] = DECISIONS.map((c) => c.name);

/**
 * The name a step's error is reported by: a domain error of a class not named above (a new
 * subclass somewhere) by its nearest class that is, so that it is not retried by mistake; an
 * UnavailableError (something did not answer) as itself, retried; anything else as it is.
 */
export function reportedName(err: unknown): string | undefined {
  if (!(err instanceof DomainError)) return undefined;
  for (
    let proto = Object.getPrototypeOf(err);
    proto && proto !== Error.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const ctor = proto.constructor;
    if (ctor === UnavailableError) return UnavailableError.name;
    if ((DECISIONS as readonly unknown[]).includes(ctor)) return ctor.name;
  }
  return DomainError.name;
}

/** A step handler whose errors reach the state machine by the names its retry policy knows. */
export function withStepErrorNames(handler: StepHandler): StepHandler {
  return async (event) => {
    try {
      return await handler(event);
    } catch (err) {
      const name = reportedName(err);
      if (name && err instanceof Error && err.name !== name) err.name = name;
      throw err;
    }
  };
}
