import { NotFoundError } from '../model/errors';
import { type RoutingCase, route, UnauthorisedPublicationError } from '../routing';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';

export interface RouteResult {
  readonly publisher: string;
  readonly next: 'approval' | 'publish' | 'refused';
}

/**
 * Step 4. Decides which one agency publishes (COORD-1..3) and who must approve first (COORD-4),
 * and records the rules that decided it.
 */
export async function routeDocument(deps: PipelineDeps, documentId: string): Promise<RouteResult> {
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  if (doc.status !== 'SIGNED_OFF') {
    // Retried after it moved on: answer with what was decided then.
    return {
      publisher: doc.publisher ?? doc.agency,
      next: doc.status === 'AWAITING_APPROVAL' ? 'approval' : 'publish',
    };
  }
  const agencies = await deps.directory.listAgencies();
  const routingCase: RoutingCase = {
    agencies: agencies.map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      ...(a.successorId ? { successorId: a.successorId } : {}),
      ...(a.abolishedBy ? { abolishedBy: a.abolishedBy } : {}),
      ...(a.competentFor
        ? { competentFor: [...a.competentFor] as RoutingCase['agencies'][number]['competentFor'] }
        : {}),
    })),
    document: {
      origin: doc.origin,
      ...(doc.origin === 'made' ? { madeBy: doc.madeBy ?? doc.agency } : { heldBy: doc.heldBy ?? doc.agency }),
      // COORD-2: the uploader was a co-drafter when another agency organised the drafting.
      ...(doc.leadDrafter
        ? { leadDrafter: doc.leadDrafter, ...(doc.leadDrafter !== doc.agency ? { coDrafters: [doc.agency] } : {}) }
        : {}),
      ...(doc.sensitiveCategory ? { sensitiveCategory: doc.sensitiveCategory } : {}),
    },
  };
  const decision = route(routingCase);
  const patch = { publisher: decision.publisher, approvals: decision.approvals, routingRules: decision.rules };
  const at = deps.clock.now().toISOString();
  // COORD-1/COORD-6: what another agency made or holds is theirs to publish. A co-drafter's upload
  // (COORD-2) goes on under the lead drafter; anything else is an unauthorised publication.
  if (decision.publisher !== doc.agency && !doc.leadDrafter) {
    const refusal = new UnauthorisedPublicationError(doc.agency, decision.publisher);
    await deps.documents.transition(documentId, {
      from: 'SIGNED_OFF',
      to: 'REJECTED',
      event: { at, actor: SYSTEM_ACTOR, rules: [...decision.rules, 'COORD-6'], note: refusal.message },
      patch: { ...patch, routingRules: [...decision.rules, 'COORD-6'], wrongPublisherAttempt: true },
    });
    return { publisher: decision.publisher, next: 'refused' };
  }
  const note = `publisher ${decision.publisher}${decision.approvals.length ? `; approval by ${decision.approvals.join(', ')}` : ''}`;
  if (decision.approvals.length > 0) {
    // The approval task's opening moves the document on; the routing is recorded now.
    await deps.documents.update(documentId, 'SIGNED_OFF', patch);
    return { publisher: decision.publisher, next: 'approval' };
  }
  await deps.documents.transition(documentId, {
    from: 'SIGNED_OFF',
    to: 'ROUTED',
    event: { at, actor: SYSTEM_ACTOR, rules: decision.rules, note },
    patch,
  });
  return { publisher: decision.publisher, next: 'publish' };
}
