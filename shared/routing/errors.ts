import { DomainError } from '../model/errors';
import type { RuleId } from '../model/rules';

/** COORD-6: an agency other than the routed publisher tried to publish (擅自发布). */
export class UnauthorisedPublicationError extends DomainError {
  readonly rule: RuleId = 'COORD-6';

  constructor(
    readonly actingAgencyId: string,
    readonly publisher: string,
  ) {
    super(
      'unauthorised_publication',
      `agency '${actingAgencyId}' may not publish this information; only '${publisher}' may (COORD-6)`,
    );
  }
}
