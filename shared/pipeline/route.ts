import type { DocumentRecord } from '../model/document';
import { NotFoundError } from '../model/errors';
import { ONWARD_ROUTE, type RouteResult, routeError } from '../model/route';
import type { WorkflowCallbacks } from '../ports';
import { type RoutingCase, route } from '../routing';
import { answerState } from './answer-state';
import { type PipelineDeps, SYSTEM_ACTOR } from './deps';
import { transitionDocument, updateDocument } from './write';

export type { RouteResult };

/**
 * Step 4. Decides which one agency publishes (COORD-1..3) and who must approve first (COORD-4),
 * and records the rules that decided it.
 */
export async function routeDocument(deps: PipelineDeps, documentId: string): Promise<RouteResult> {
  const doc = await deps.documents.get(documentId);
  if (!doc) throw new NotFoundError(`no document ${documentId}`);
  if (doc.status === 'IN_CONSULTATION') return afterConsultation(deps, doc);
  if (doc.status !== 'SIGNED_OFF') {
    // Retried after it moved on: answer with what was decided then.
    const next = doc.status === 'AWAITING_APPROVAL' ? 'approval' : doc.status === 'ROUTED' ? 'publish' : 'refused';
    return { publisher: doc.publisher ?? doc.agency, next };
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
    await transitionDocument(
      deps.documents,
      documentId,
      {
        from: 'SIGNED_OFF',
        to: 'REJECTED',
        event: {
          at,
          actor: SYSTEM_ACTOR,
          rules: [...decision.rules, 'COORD-6'],
          note: { code: 'refused', agency: doc.agency, publisher: decision.publisher },
        },
        patch: { ...patch, routingRules: [...decision.rules, 'COORD-6'], wrongPublisherAttempt: true },
      },
      doc,
    );
    return { publisher: decision.publisher, next: 'refused' };
  }
  if ((doc.consult ?? []).length > 0 || decision.approvals.length > 0) {
    // The consultation's or approval's task moves the document on; the routing is recorded now.
    await updateDocument(deps.documents, documentId, 'SIGNED_OFF', patch, doc);
    return { publisher: decision.publisher, next: (doc.consult ?? []).length > 0 ? 'consultation' : 'approval' };
  }
  await transitionDocument(
    deps.documents,
    documentId,
    {
      from: 'SIGNED_OFF',
      to: 'ROUTED',
      event: {
        at,
        actor: SYSTEM_ACTOR,
        rules: decision.rules,
        note: { code: 'routed', publisher: decision.publisher, approvals: decision.approvals },
      },
      patch,
    },
    doc,
  );
  return { publisher: decision.publisher, next: 'publish' };
}

/**
 * COORD-5: after the consulted agencies replied. All agreed, or the disclosure office coordinated
 * an objection: go on to approval or publication. An objection not yet coordinated: escalate.
 */
async function afterConsultation(deps: PipelineDeps, doc: DocumentRecord): Promise<RouteResult> {
  const publisher = doc.publisher ?? doc.agency;
  switch (doc.consultationOutcome) {
    case undefined:
      return { publisher, next: 'consultation' }; // replies still awaited (a resumed run)
    case 'objected':
      return { publisher, next: 'escalation' };
    default: {
      if ((doc.approvals ?? []).length > 0) return { publisher, next: 'approval' };
      const coordinated = doc.consultationOutcome === 'coordinated';
      await transitionDocument(
        deps.documents,
        doc.id,
        {
          from: 'IN_CONSULTATION',
          to: 'ROUTED',
          event: {
            at: deps.clock.now().toISOString(),
            actor: SYSTEM_ACTOR,
            rules: coordinated ? ['COORD-5(2)'] : ['COORD-5(1)'],
            note: { code: 'after-consultation', publisher, coordinated },
          },
        },
        doc,
      );
      return { publisher, next: 'publish' };
    }
  }
}

/** Hands Routing's result to its waiting state: on to Publication, or `Route.<next>` (shared/model/route.ts). */
export function answerRouting(callbacks: WorkflowCallbacks, taskToken: string, result: RouteResult): Promise<void> {
  return answerState(callbacks, taskToken, result, ONWARD_ROUTE, routeError);
}
