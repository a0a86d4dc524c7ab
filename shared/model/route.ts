import { branchErrors } from './branches';

/** Where Routing sends a document: to Publication, or first to the agencies or people it needs. */
export const ROUTE_NEXT = ['consultation', 'escalation', 'approval', 'publish', 'refused'] as const;
export type RouteNext = (typeof ROUTE_NEXT)[number];

export interface RouteResult {
  readonly publisher: string;
  readonly next: RouteNext;
}

/**
 * The Routing state waits for its step's answer (a task token; shared/pipeline/answer-state.ts): a
 * document that goes on to Publication is SendTaskSuccess; any other answer is SendTaskFailure named
 * by `routeError`, which the state's Catch sends where it leads.
 */
export const ONWARD_ROUTE = 'publish' satisfies RouteNext;
export type BranchRoute = Exclude<RouteNext, typeof ONWARD_ROUTE>;

const ROUTE_BRANCHES = branchErrors('Route', ROUTE_NEXT, ONWARD_ROUTE);
/** The error name a branching route is handed to the flow as. */
export const routeError = ROUTE_BRANCHES.errorOf;
/** Every branching route's error name: never retried, always caught. */
export const ROUTE_ERRORS = ROUTE_BRANCHES.all;
