import { UnauthorisedPublicationError } from './errors';
import type { RoutingDecision } from './schemas';

/** COORD-6: only the routed publisher may publish; anyone else (e.g. a co-drafter) is refused. */
export function assertMayPublish(decision: RoutingDecision, actingAgencyId: string): void {
  if (actingAgencyId !== decision.publisher) {
    throw new UnauthorisedPublicationError(actingAgencyId, decision.publisher);
  }
}
